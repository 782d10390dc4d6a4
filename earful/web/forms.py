"""Helpers shared by the staff pages' forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: field errors on their fields (when the form
    has them), everything else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_page[T](
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[], T],
    success: str,
    done: Callable[[T], HttpResponse],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The staff pages' form flow. A POST with a valid form runs `save` (a service call):
    a refusal shows its errors on the form, success flashes `success` and returns
    `done(what save returned)`. Otherwise the form is shown, with 400 when it has errors."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return done(saved)
    status = 400 if form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


def limit_parents(
    form: forms.BaseForm, parents: models.QuerySet[Any], entry: models.Model | None
) -> None:
    """A taxonomy entry's form (root causes, themes): its parent is chosen among the
    other entries, and whether it is active is a choice only when editing one."""
    if entry is not None:
        parents = parents.exclude(pk=entry.pk)
    else:
        del form.fields["is_active"]
    field = form.fields["parent"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = parents


def entry_page(
    request: HttpRequest,
    form: forms.BaseForm,
    entry: models.Model | None,
    *,
    save: Callable[[], object],
    success: str,
    list_url: str,
    context: dict[str, Any],
) -> HttpResponse:
    """`form_page` for adding or editing one taxonomy entry (web/entry_form.html); back
    to the list named `list_url` when saved. `context` gives the page's nav, `add`
    (its heading when adding), `legend` and `back_label`."""
    name = getattr(entry, "name", entry)
    heading = _("Edit %(name)s") % {"name": name} if entry is not None else context["add"]
    return form_page(
        request,
        form,
        save=save,
        success=success,
        done=lambda _saved: redirect(list_url),
        template="web/entry_form.html",
        context={**context, "entry": entry, "heading": heading, "back_url": reverse(list_url)},
    )
