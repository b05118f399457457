"""The security trail's receivers: every login, logout, failed login and lockout, on every login path (ours, the
admin's), becomes a SecurityEvent with who, when and from where. Connected in AccountsConfig.ready."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from accounts import services
from accounts.models import SecurityEvent, User


def on_login(sender, request, user, **kwargs):
    services.security_event_record(jenis=SecurityEvent.Jenis.LOGIN, request=request, user=user)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        services.security_event_record(jenis=SecurityEvent.Jenis.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """A wrong password, or a try refused by a lock (AxesStandaloneBackend marks the request before the
    password is checked): the second is recorded as such and does not count towards the wider limits."""
    nip = str(credentials.get("username") or "")
    locked = getattr(request, "axes_locked_out", False)
    jenis = SecurityEvent.Jenis.TERKUNCI if locked else SecurityEvent.Jenis.LOGIN_GAGAL
    try:
        user = User.objects.get_by_natural_key(nip) if nip.strip() else None
    except User.DoesNotExist:
        user = None
    services.security_event_record(jenis=jenis, request=request, user=user, nip=nip)


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="accounts.security.login")
    user_logged_out.connect(on_logout, dispatch_uid="accounts.security.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.security.login_failed")
