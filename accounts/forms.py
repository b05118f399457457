"""Forms for login, password reset and the admin's pegawai import."""

import logging

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from accounts import services, throttle
from accounts.models import SecurityEvent, User

logger = logging.getLogger("ekinerja.auth")


THROTTLED = (
    "Terlalu banyak percobaan masuk yang gagal. Demi keamanan akun, coba lagi dalam {wait} menit, atau atur ulang "
    "kata sandi lewat “Lupa kata sandi?”."
)


def throttled_error(request, nip: str) -> ValidationError:
    return ValidationError(THROTTLED.format(wait=throttle.lock_minutes(request, nip)), code="throttled")


class LoginForm(forms.Form):
    """NIP + Kata Sandi. A locked (NIP, address) pair, or an address or account over its wider limit, is refused
    before the password is checked (accounts/throttle.py).

    A pejabat non-ASN types their nama pengguna in the same field (the backend tells the two apart); their own
    link to this page (`?akun=pejabat`) labels it so and drops the numeric keypad a NIP gets on a phone."""

    username = forms.CharField(
        label="NIP",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric", "autofocus": True}),
    )
    password = forms.CharField(
        label="Kata Sandi",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, pejabat: bool = False, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)
        if pejabat:
            self.fields["username"].label = "Nama pengguna"
            self.fields["username"].widget.attrs.pop("inputmode")

    def clean(self):
        nip = self.cleaned_data.get("username", "").strip()
        password = self.cleaned_data.get("password")
        if not nip or not password:
            return self.cleaned_data
        self.user_cache = authenticate(self.request, username=nip, password=password)
        if self.user_cache is None:
            tag = services.account_tag(nip)
            if getattr(self.request, "axes_locked_out", False):
                logger.warning("login refused while throttled: account=%s", tag)
                raise throttled_error(self.request, nip)
            left = throttle.tries_left(self.request, nip)
            logger.info("login failed: account=%s tries_left=%s", tag, left)
            message = "Nama pengguna atau kata sandi salah." if nip[:1].isalpha() else "NIP atau kata sandi salah."
            if left:
                message += f" Sisa percobaan sebelum dikunci sementara: {left}."
            raise ValidationError(message, code="invalid_login")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class AdminLoginForm(AdminAuthenticationForm):
    """/admin/login/: the same throttle as the pegawai's login (one backend), with the same message."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return throttled_error(self.request, self.cleaned_data.get("username", ""))
        return super().get_invalid_login_error()


class ResetRequestForm(PasswordResetForm):
    """Password reset by email. Unlike Django's, it also reaches imported accounts that never had a
    password: a reset link is how they get their first one."""

    email = forms.EmailField(label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True).iterator()

    def save(self, *args, request=None, **kwargs):
        """Send the link unless this email or address asked too often (accounts.throttle.reset_allowed); the
        page says the same either way, and the trail records which it was."""
        email = self.cleaned_data["email"].lower()
        allowed = throttle.reset_allowed(request, email)
        jenis = SecurityEvent.Jenis.RESET_DIMINTA if allowed else SecurityEvent.Jenis.RESET_DITAHAN
        services.security_event_record(jenis=jenis, request=request, nip=email)
        if allowed:
            super().save(*args, request=request, **kwargs)


class ResetPasswordForm(SetPasswordForm):
    """Setting a new password by a reset link also lifts a lock from failed logins."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "new_password2"):
            self.fields[name].max_length = 4096  # hashing a megabyte of "password" is a denial of service
            self.fields[name].validators.append(MaxLengthValidator(4096))

    def save(self, commit=True):
        user = super().save(commit)
        throttle.forgive(user.login_name)
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
