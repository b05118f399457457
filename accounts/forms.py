"""Forms for login, password reset and the admin's pegawai import."""

import logging

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from accounts import services
from accounts.models import User

logger = logging.getLogger("ekinerja.auth")


class LoginForm(forms.Form):
    """NIP + Kata Sandi, throttled per account and per client address before the password is checked."""

    username = forms.CharField(
        label="NIP",
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric", "autofocus": True}),
    )
    password = forms.CharField(
        label="Kata Sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        nip = self.cleaned_data.get("username", "").strip()
        password = self.cleaned_data.get("password")
        if not nip or not password:
            return self.cleaned_data
        address = services.client_address(self.request)
        wait = services.login_blocked_minutes(nip=nip, address=address)
        if wait:
            logger.warning("login refused while throttled: account=%s address=%s", services.account_tag(nip), address)
            raise ValidationError(
                "Terlalu banyak percobaan masuk yang gagal. Demi keamanan akun, coba lagi dalam "
                f"{wait} menit, atau atur ulang kata sandi lewat “Lupa kata sandi?”.",
                code="throttled",
            )
        self.user_cache = authenticate(self.request, username=nip, password=password)
        if self.user_cache is None:
            left = services.login_failure_record(nip=nip, address=address)
            logger.info("login failed: account=%s address=%s tries_left=%s", services.account_tag(nip), address, left)
            message = "NIP atau kata sandi salah."
            if left:
                message += f" Sisa percobaan sebelum dikunci sementara: {left}."
            raise ValidationError(message, code="invalid_login")
        services.login_failures_clear(nip=nip)
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class ResetRequestForm(PasswordResetForm):
    """Password reset by email. Unlike Django's, it also reaches imported accounts that never had a
    password: a reset link is how they get their first one."""

    email = forms.EmailField(label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True).iterator()


class ResetPasswordForm(SetPasswordForm):
    """Setting a new password by a reset link also lifts a lock from failed logins."""

    def save(self, commit=True):
        user = super().save(commit)
        services.login_failures_clear(nip=user.nip)
        return user


class PegawaiImportForm(forms.Form):
    MAX_BYTES = 32 * 1024 * 1024  # 20,000 pegawai take about 4 MB

    berkas = forms.FileField(
        label="Berkas CSV",
        help_text="UTF-8, dipisah koma, baris pertama berisi nama kolom (lihat docs/import-pegawai.md).",
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > self.MAX_BYTES:
            raise ValidationError("Berkas lebih dari 32 MB; bagi menjadi beberapa berkas per perangkat daerah.")
        return berkas


class CariNipForm(forms.Form):
    """Find a pegawai by NIP, by POST so that the NIP stays out of URLs and logs (decision 0003)."""

    nip = forms.CharField(label="NIP", max_length=18, min_length=18)

    def __init__(self, *args, label: str = "NIP", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nip"].label = label
