"""Tokens that let other systems call Earful's API."""

from __future__ import annotations

from django.db import models

from earful.directory.models import Employee


class ApiToken(models.Model):
    """A bearer token for `/api/v1/`. Only its SHA-256 digest is stored: the secret is
    shown once, when the token is made, and cannot be read back."""

    name = models.CharField(max_length=200)
    # The first characters of the secret, to tell tokens apart in lists and logs.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
