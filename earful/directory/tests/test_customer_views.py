from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from earful.directory.importing import import_file
from earful.directory.models import Contact
from earful.directory.tests.factories import CustomerFactory


def listed(response) -> list[str]:
    return [c.name for c in response.context["page"].object_list]


def exported(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def admin_client(client, org):
    client.force_login(org.admin)
    return client


def test_it_searches_name_email_phone_and_exact_external_id(admin_client, org):
    CustomerFactory.create(
        name="Kone Oyj",
        email="info@kone.example",
        phone="+358 40 123",
        external_id="K-1",
        unit=org.oulu,
    )
    url = reverse("customer_list")
    for q in ("kone", "INFO@KONE", "40 123", "k-1"):
        assert listed(admin_client.get(url, {"q": q})) == ["Kone Oyj"], q
    assert listed(admin_client.get(url, {"q": "k-"})) == []


def test_the_unit_filter_includes_the_whole_subtree(admin_client, org):
    response = admin_client.get(reverse("customer_list"), {"unit": org.north.pk})
    assert set(listed(response)) == {"Oulu Oy", "Oulu Ab", "Tampere Oy"}
    response = admin_client.get(reverse("customer_list"), {"unit": org.oulu.pk})
    assert set(listed(response)) == {"Oulu Oy", "Oulu Ab"}


def test_it_filters_by_segment_and_owner_together(admin_client, org):
    CustomerFactory.create(
        name="Big Oulu Oy", segment="Enterprise", unit=org.oulu, owner=org.oulu_rep
    )
    CustomerFactory.create(name="Big Turku Oy", segment="Enterprise", unit=org.turku)
    url = reverse("customer_list")
    assert set(listed(admin_client.get(url, {"segment": "Enterprise"}))) == {
        "Big Oulu Oy",
        "Big Turku Oy",
    }
    assert set(listed(admin_client.get(url, {"owner": org.oulu_rep.pk}))) == {
        "Big Oulu Oy",
        "Oulu Oy",
        "Far Away Oy",
    }
    response = admin_client.get(url, {"segment": "Enterprise", "owner": org.oulu_rep.pk})
    assert listed(response) == ["Big Oulu Oy"]


def test_filters_are_kept_in_the_dropdowns(admin_client, org):
    response = admin_client.get(reverse("customer_list"), {"unit": org.north.pk, "q": "oy"})
    html = response.content.decode()
    assert f'<option value="{org.north.pk}" selected>' in html
    assert 'value="oy"' in html


@pytest.mark.parametrize("query", [{"unit": "north"}, {"owner": "-1"}, {"q": "x" * 201}])
def test_a_malformed_filter_is_a_bad_request(admin_client, query):
    assert admin_client.get(reverse("customer_list"), query).status_code == 400
    assert admin_client.get(reverse("customer_export"), query).status_code == 400


def test_it_pages_by_fifty_and_page_links_keep_the_filters(admin_client, org):
    for n in range(60):
        CustomerFactory.create(name=f"Paged {n:02d}", segment="Paged", unit=org.oulu)
    url = reverse("customer_list")
    first = admin_client.get(url, {"segment": "Paged"})
    assert listed(first) == [f"Paged {n:02d}" for n in range(50)]
    html = first.content.decode()
    assert "60 customers" in html
    assert 'href="?segment=Paged&amp;page=2"' in html
    assert 'href="/customers/export.csv?segment=Paged"' in html
    second = admin_client.get(url, {"segment": "Paged", "page": 2})
    assert listed(second) == [f"Paged {n:02d}" for n in range(50, 60)]
    assert listed(admin_client.get(url, {"segment": "Paged", "page": "nonsense"}))[0] == "Paged 00"


def test_the_list_makes_the_same_few_queries_for_sixty_customers(
    client, org, django_assert_max_num_queries
):
    for n in range(60):
        CustomerFactory.create(name=f"Many {n:02d}", unit=org.oulu, owner=org.oulu_rep)
    client.force_login(org.north_manager)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("customer_list"))
    assert len(listed(response)) == 50


def test_the_export_streams_every_match_in_one_query(client, org, django_assert_max_num_queries):
    for n in range(60):
        CustomerFactory.create(name=f"Many {n:02d}", unit=org.tampere)
    client.force_login(org.north_manager)
    response = client.get(reverse("customer_export"), {"unit": org.tampere.pk})
    with django_assert_max_num_queries(1):
        rows = exported(response)
    assert len(rows) == 61
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="customers.csv"'


def test_the_export_writes_values_the_importer_reads_back_unchanged(admin_client, org):
    CustomerFactory.create(
        external_id="C-FULL",
        name='Quote "Me", Oy',
        email="full@example.org",
        phone="+358 9 555",
        language="fi",
        segment="Enterprise",
        annual_revenue=Decimal("12500.50"),
        lifecycle="churned",
        churned_on=dt.date(2025, 12, 31),
        owner=org.helsinki_rep,
        unit=org.helsinki,
        survey_consent=False,
        marketing_consent=True,
        opted_out=True,
    )
    response = admin_client.get(reverse("customer_export"), {"q": "C-FULL"})
    assert exported(response) == [
        {
            "external_id": "C-FULL",
            "name": 'Quote "Me", Oy',
            "email": "full@example.org",
            "phone": "+358 9 555",
            "language": "fi",
            "segment": "Enterprise",
            "annual_revenue": "12500.50",
            "lifecycle": "churned",
            "churned_on": "2025-12-31",
            "owner": "E-helsinki_rep",
            "unit": "U-HEL",
            "survey_consent": "false",
            "marketing_consent": "true",
            "opted_out": "true",
        }
    ]
    # Importing the whole export again finds nothing to change.
    data = b"".join(admin_client.get(reverse("customer_export")).streaming_content)
    report = import_file("customers", data=data, filename="customers.csv", actor=org.admin)
    assert report.errors == []
    assert (report.rows, report.unchanged) == (7, 7)


def test_the_export_names_an_owner_without_external_id_by_email(admin_client, org):
    CustomerFactory.create(external_id="C-NOID", unit=org.oulu, owner=org.oulu_rep2)
    type(org.oulu_rep2).objects.filter(pk=org.oulu_rep2.pk).update(external_id=None)
    [row] = exported(admin_client.get(reverse("customer_export"), {"q": "C-NOID"}))
    assert row["owner"] == "oulu_rep2@example.com"


def test_the_export_honours_the_filters(admin_client, org):
    response = admin_client.get(reverse("customer_export"), {"unit": org.south.pk, "q": "oy"})
    assert {r["name"] for r in exported(response)} == {"Helsinki Oy", "Turku Oy", "Far Away Oy"}


def test_the_detail_page_shows_the_account_consent_contacts_and_place(
    client, org, django_assert_max_num_queries
):
    consented = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)
    customer = CustomerFactory.create(
        name="Detailed Oy",
        phone="+358 40 999",
        segment="Enterprise",
        annual_revenue=Decimal("1234567.89"),
        unit=org.oulu,
        owner=org.oulu_rep,
        marketing_consent=True,
        marketing_consent_at=consented,
    )
    Contact.objects.create(
        customer=customer, name="Maija Meikäläinen", title="CEO", is_primary=True
    )
    client.force_login(org.north_manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("customer_detail", args=[customer.pk]))
    html = response.content.decode()
    for text in (
        "Detailed Oy",
        "+358 40 999",
        "Enterprise",
        "1,234,567.89",
        str(org.oulu_rep),
        "Maija Meikäläinen",
        "CEO",
        "Primary",
        "recorded March 1, 2025",
    ):
        assert text in html, text
    # The path from the root: the manager may open North and Oulu, not the company.
    assert "<li>Company</li>" in html
    assert f'<a href="{reverse("unit_detail", args=[org.north.pk])}">North</a>' in html
    assert f'<a href="{reverse("unit_detail", args=[org.oulu.pk])}">Oulu</a>' in html
