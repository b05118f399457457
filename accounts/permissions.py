"""Rules every app shares about who administers what: pure functions of the user and an instansi id."""


def is_admin_of_instansi(user, instansi_id: int | None) -> bool:
    """The admin instansi of this instansi, or a superadmin (who administers every instansi)."""
    return user.is_superuser or (user.is_admin_instansi and instansi_id is not None and user.instansi_id == instansi_id)


def is_any_admin(user) -> bool:
    """An active admin instansi of some instansi, or an active superadmin: who may open the instansi-wide pages and
    the Django admin."""
    return user.is_active and (user.is_superuser or user.is_admin_instansi)
