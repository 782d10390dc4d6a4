from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from earful.directory.tests.factories import PASSWORD


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_login_page_has_labelled_fields_and_a_reset_link(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert reverse("password_reset") in html
    assert "<title>Log in · Earful</title>" in html


def test_it_logs_in_and_lands_on_the_customer_list(client, org):
    response = log_in(client, "oulu_rep", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"] == reverse("customer_list")


def test_it_returns_to_the_page_asked_for(client, org):
    url = reverse("unit_tree")
    response = client.post(
        reverse("login"), {"username": "oulu_rep", "password": PASSWORD, "next": url}
    )
    assert response["Location"] == url


def test_a_wrong_password_is_refused_with_a_message(client, org):
    response = log_in(client, "oulu_rep", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert client.get(reverse("customer_list")).status_code == 302


def test_logging_out_takes_a_post_and_ends_the_session(client, org):
    client.force_login(org.oulu_rep)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("customer_list")).status_code == 302


def test_a_password_reset_email_lets_the_user_choose_a_new_password(client, org, settings):
    response = client.post(reverse("password_reset"), {"email": "oulu_rep@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == ["oulu_rep@example.com"]
    assert message.subject == "Choose a new Earful password"
    assert "oulu_rep" in message.body
    link = re.search(r"(https?://\S+)/accounts/reset/(\S+)", str(message.body))
    assert link is not None
    assert link.group(1) == settings.SITE_ROOT

    # The link's token is swapped for a session and a "set-password" address.
    response = client.get(f"/accounts/reset/{link.group(2)}")
    assert response.status_code == 302
    form_url = response["Location"]
    new_password = "a much newer secret phrase"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("password_reset_complete")

    assert log_in(client, "oulu_rep", PASSWORD).status_code == 200  # the old one is gone
    assert log_in(client, "oulu_rep", new_password)["Location"] == reverse("home")
    # The link works once.
    response = client.get(f"/accounts/reset/{link.group(2)}", follow=True)
    assert "has expired or has already been used" in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, org):
    response = client.post(reverse("password_reset"), {"email": "stranger@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_an_employee_can_change_their_password(client, org):
    client.force_login(org.oulu_rep)
    new_password = "another long passphrase"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response["Location"] == reverse("password_change_done")
    client.logout()
    assert log_in(client, "oulu_rep", new_password)["Location"] == reverse("home")
