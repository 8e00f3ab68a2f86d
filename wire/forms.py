"""
The wire screens' forms: the copy to import, and the suggestion rows to accept.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Quote

from .draft import WireError
from .parse import MAX_COPY_BYTES, decode_upload, parse


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the wire copy"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90}),
        help_text=_(
            "As copied from the agency's page: furniture, headline, caption "
            "and paragraphs are told apart."
        ),
    )
    upload = forms.FileField(
        label=_("…or upload a file"),
        required=False,
        help_text=_("A .txt file, or an IPTC ninjs .json document."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.json,text/plain"}),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=100,
        required=False,
        help_text=_(
            "The agency, e.g. “VOA Khmer”; read from the copy when left blank."
        ),
    )
    update = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        self.filename = ""
        if upload:
            if upload.size > MAX_COPY_BYTES:
                raise forms.ValidationError("The file is larger than 2 MB.")
            name = upload.name or ""
            if not name.lower().endswith((".txt", ".json", ".text")):
                raise forms.ValidationError(
                    "Upload a .txt file or an IPTC ninjs .json document."
                )
            try:
                data["text"] = decode_upload(upload.read(), name)
            except WireError as error:
                raise forms.ValidationError(str(error)) from error
            self.filename = name
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Paste the copy or choose a file.")
        try:
            self.draft = parse(data["text"], self.filename)
        except WireError as error:
            raise forms.ValidationError(str(error)) from error
        return data


class PersonRowForm(forms.Form):
    accept = forms.BooleanField(required=False)
    key = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=200)
    person_id = forms.TypedChoiceField(
        label=_("match"), coerce=int, empty_value=None, required=False
    )
    described_as = forms.CharField(max_length=200, required=False)
    new_alias = forms.CharField(
        max_length=200, required=False, widget=forms.HiddenInput
    )
    role = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = [("", "New person"), *matches]


class QuoteRowForm(forms.Form):
    accept = forms.BooleanField(required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 70}))
    speaker = forms.ChoiceField(required=False)
    speaker_title = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    said_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, speakers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = [("", "— nobody —"), *speakers]


class ThresholdForm(forms.Form):
    """How sure (in percent) the rules must be of a quote for it to come ticked."""

    DEFAULT = 60

    sure = forms.IntegerField(
        label=_("Tick a quote in advance when the rules are at least this sure (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5}),
    )


PersonRows = forms.formset_factory(PersonRowForm, extra=0)
QuoteRows = forms.formset_factory(QuoteRowForm, extra=0)
