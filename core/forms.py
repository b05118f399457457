"""Form fields and helpers every app's forms use: numbers typed the Indonesian way, the client token that makes
a double submit harmless, the version that refuses a stale edit, the print dialog, and how a service's refusal
lands on a form while keeping what was typed."""

import re
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")

# The longest free text a user may write in one box: an RHK, an indikator, a rencana aksi, an umpan balik, a note
# on a decision. Forms say it with max_length; services check it too where text arrives without a form.
TEKS_MAX = 2000


class AngkaField(forms.DecimalField):
    """A number typed the Indonesian way or the other: "85,5", "85.5", "1.000" (a thousand), "1.250,75".
    A text box, not <input type=number>, which refuses a decimal comma in many browsers."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif THOUSANDS.match(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TokenMixin(forms.Form):
    """A hidden token per rendered form: a repeated submit (double click, resend) makes one row."""

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def same_version(current: int, posted: int | str) -> bool:
    """Whether a posted version (a form's int, or the raw text of a hidden field) is `current`. A mangled one
    ("abc", "") is not: the services refuse it as a stale form instead of failing on int()."""
    try:
        return current == int(posted)
    except (TypeError, ValueError):
        return False


class CetakForm(forms.Form):
    """The print dialog of every printed document: the place and date written above the signatures
    (docs/rules.md §10.1). The views offer today and the Lokasi last typed (skp.printing.lokasi_terakhir)."""

    tanggal = forms.DateField(
        label="Tanggal",
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Isi Tanggal penandatanganan.", "invalid": "Tanggal tidak valid."},
    )
    lokasi = forms.CharField(
        label="Lokasi",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "mis. Singaraja"}),
        help_text="Nama kota/kabupaten tempat dokumen ditandatangani, mis. Singaraja.",
        error_messages={"required": "Isi Lokasi penandatanganan: nama kota/kabupaten, mis. Singaraja."},
    )


def too_long(text: str, *, label: str, limit: int = TEKS_MAX) -> str | None:
    """The refusal for a free text longer than `limit` characters once stripped (as it is stored); None when it
    fits. Text is never cut short: the user decides what to drop."""
    length = len(text.strip())
    if length <= limit:
        return None
    return f"{label} terlalu panjang: paling banyak {limit:,} karakter (sekarang {length:,}).".replace(",", ".")


def apply_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when the field is absent)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def refuse(form: forms.Form, error: Exception) -> None:
    """Show why a service refused a save, keeping what was typed. After a stale edit (an error carrying
    `current_version`) the form carries the current version, so saving again deliberately goes through."""
    form.add_error(None, str(error))
    current = getattr(error, "current_version", None)
    if current is not None and "version" in form.fields:
        form.data = form.data.copy()
        form.data["version"] = current
