"""What every ModelAdmin of ours shares: a change form refuses a stale save instead of silently overwriting what
another admin saved since it was opened (as the app's own forms do with `version`)."""

import hashlib

from django import forms
from django.forms.models import model_to_dict

VERSION_FIELD = "versi_data"
STALE_MESSAGE = (
    "Data ini sudah diubah oleh admin lain sejak formulir dibuka. Perubahan Anda belum disimpan; isian Anda masih "
    "ada di bawah. Buka data terbaru di tab lain untuk membandingkan, lalu simpan lagi bila tetap ingin menyimpan."
)


def fingerprint(obj, names) -> str:
    """A short digest of the stored values of `names` (the fields the form shows) of `obj`."""
    values = {}
    for name, value in model_to_dict(obj, fields=list(names)).items():
        if isinstance(value, list | tuple | set):
            value = sorted(getattr(item, "pk", item) for item in value)
        values[name] = value
    return hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()[:20]


class StaleEditAdminMixin:
    """A hidden digest of the row as the change form showed it; the save compares it with the row as it is now
    (locked: the admin's change view runs in a transaction) and refuses when someone saved in between."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not fieldsets:
            return fieldsets
        (title, options), *rest = fieldsets
        if VERSION_FIELD in options["fields"]:
            return fieldsets
        return [(title, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form_class

        class StaleGuardedForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
                self.initial[VERSION_FIELD] = fingerprint(self.instance, self._guarded_names())

            def _guarded_names(self):
                concrete = {f.name for f in self.instance._meta.get_fields() if getattr(f, "concrete", False)}
                return sorted(name for name in self.fields if name in concrete)

            def clean(self):
                cleaned = super().clean()
                if VERSION_FIELD not in self.data:
                    return cleaned  # not posted by this change form (a script): nothing to compare with
                model = type(self.instance)
                current = fingerprint(model._default_manager.select_for_update().get(pk=self.instance.pk),
                                      self._guarded_names())  # fmt: skip
                if self.data.get(VERSION_FIELD) != current:
                    self.add_error(None, STALE_MESSAGE)
                    # Saving again now is a deliberate choice: it goes through unless someone saves yet again.
                    self.data = self.data.copy()
                    self.data[VERSION_FIELD] = current
                return cleaned

        return StaleGuardedForm
