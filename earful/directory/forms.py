"""Forms of the directory pages."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from earful.directory.choices import ImportKind
from earful.directory.importing import ACCEPTED_SUFFIXES, FileProblem, check_name, check_size


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8; comma, semicolon or tab between values) or Excel .xlsx. "
            "The first row names the columns."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run only: check every row, write nothing"), required=False, initial=True
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        try:
            check_size(upload.size or 0)
            check_name(upload.name or "")
        except FileProblem as problem:
            raise forms.ValidationError(problem.reason) from None
        return upload
