from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from earful.web import views

urlpatterns = [
    path("", views.home, name="home"),
    # LoginView would otherwise call the site by the request's host name.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(extra_context={"site_name": settings.SITE_NAME}),
        name="login",
    ),
    # Links in the email start from SITE_ROOT, not from the request's Host header.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            extra_email_context={"site_name": settings.SITE_NAME, "site_root": settings.SITE_ROOT}
        ),
        name="password_reset",
    ),
    # logout (POST), password_change, the rest of password reset and their "done"
    # pages; templates in earful/templates/registration/.
    path("accounts/", include("django.contrib.auth.urls")),
]
