"""Who may do what to an SKP: the pure rules of skp/permissions.py for every role and status, and the one
scoping rule (Skp.objects.visible_to) that turns "not yours" into a 404."""

import pytest

from accounts.models import User
from skp import permissions
from skp.models import Skp, StatusSkp
from tests.factories import SkpFactory, UnitKerjaFactory, UserFactory

STATUSES = [s.value for s in StatusSkp]
INSTANSI, INSTANSI_LAIN = 10, 20
OWNER, PENILAI = 1, 2


def _users() -> dict[str, User]:
    """The roles as unsaved users: the rules are pure functions of (user, skp), no database needed."""
    return {
        "pegawai": User(pk=OWNER, instansi_id=INSTANSI),
        "atasan": User(pk=PENILAI, instansi_id=INSTANSI),
        "atasan_lain": User(pk=3, instansi_id=INSTANSI),
        "pegawai_lain": User(pk=4, instansi_id=INSTANSI),
        "admin_instansi": User(pk=5, instansi_id=INSTANSI, is_staff=True),
        "admin_lain": User(pk=6, instansi_id=INSTANSI_LAIN, is_staff=True),
        "admin_nonaktif": User(pk=7, instansi_id=INSTANSI, is_staff=True, is_active=False),
        "superadmin": User(pk=8, instansi_id=None, is_staff=True, is_superuser=True),
    }


ROLES = list(_users())


def _skp(status: str, *, penilai_id: int | None = PENILAI, penilaian_final: bool = False) -> Skp:
    return Skp(
        pegawai_id=OWNER, penilai_id=penilai_id, instansi_id=INSTANSI, status=status, penilaian_final=penilaian_final
    )


# For each rule: the (role, statuses) pairs where it allows; everything else is refused.
ALLOWED = {
    "can_edit": {"pegawai": {"draft", "revisi"}},
    "can_delete": {"pegawai": {"draft"}},
    "can_submit": {"pegawai": {"draft", "revisi"}},
    "can_review": {"atasan": {"pengajuan"}},
    "can_set_ekspektasi": {"atasan": {"pengajuan", "revisi"}},
    "is_owner": {"pegawai": set(STATUSES)},
    "is_penilai": {"atasan": set(STATUSES)},
    "is_admin_of": {"admin_instansi": set(STATUSES), "superadmin": set(STATUSES)},
}

CASES = [
    pytest.param(rule, role, status, status in ALLOWED[rule].get(role, set()), id=f"{rule}-{role}-{status}")
    for rule in ALLOWED
    for role in ROLES
    for status in STATUSES
]


@pytest.mark.parametrize(("rule", "role", "status", "allowed"), CASES)
def test_rule_allows_only_the_right_role_in_the_right_status(rule, role, status, allowed):
    check = getattr(permissions, rule)
    assert check(_users()[role], _skp(status)) is allowed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("is_penilai", [True, False])
def test_only_an_owner_who_is_a_penilai_uses_the_matrix_of_their_skp(role, is_penilai):
    allowed = role == "pegawai" and is_penilai
    assert permissions.can_use_mph(_users()[role], _skp("draft"), is_penilai=is_penilai) is allowed


REOPEN_CASES = [
    pytest.param(
        role,
        status,
        final,
        role == "atasan" and status == "persetujuan" and not final,
        id=f"{role}-{status}-{'final' if final else 'open'}",
    )
    for role in ROLES
    for status in STATUSES
    for final in (False, True)
]


@pytest.mark.parametrize(("role", "status", "penilaian_final", "allowed"), REOPEN_CASES)
def test_only_the_penilai_reopens_an_approved_skp_while_no_penilaian_is_final(role, status, penilaian_final, allowed):
    skp = _skp(status, penilaian_final=penilaian_final)
    assert permissions.can_reopen(_users()[role], skp) is allowed


@pytest.mark.parametrize("status", STATUSES)
def test_nobody_is_penilai_of_an_skp_without_penilai(status):
    skp = _skp(status, penilai_id=None)
    for user in _users().values():
        assert not permissions.is_penilai(user, skp)
        assert not permissions.can_review(user, skp)
        assert not permissions.can_set_ekspektasi(user, skp)
        assert not permissions.can_reopen(user, skp)


def test_an_unsaved_user_is_not_the_penilai_of_an_skp_without_penilai():
    assert not permissions.is_penilai(User(), _skp(StatusSkp.PENGAJUAN, penilai_id=None))


def test_an_admin_instansi_who_owns_the_skp_edits_it_as_owner_not_as_admin():
    admin_pemilik = User(pk=OWNER, instansi_id=INSTANSI, is_staff=True)
    assert permissions.can_edit(admin_pemilik, _skp(StatusSkp.DRAFT))
    assert not permissions.can_edit(admin_pemilik, _skp(StatusSkp.PENGAJUAN))


# --- the scoping rule: Skp.objects.visible_to ------------------------------------------------------------


@pytest.fixture
def atasan_lain(instansi):
    """An Administrator of another unit of the same instansi, with a bawahan of their own."""
    user = UserFactory(
        unit_kerja=UnitKerjaFactory(instansi=instansi, nama="Bidang Pengadaan"),
        nama="Fajar Atasan Lain",
        jenis_jabatan="Administrator",
    )
    UserFactory(unit_kerja=user.unit_kerja, atasan=user)
    return user


# Whose eyes see the pegawai's SKP in each status (the penilai never sees a Draft).
VISIBLE = {
    "pegawai": set(STATUSES),
    "atasan": {"pengajuan", "persetujuan", "revisi"},
    "atasan_lain": set(),
    "pegawai_lain": set(),
    "admin_instansi": set(STATUSES),
    "admin_lain": set(),
    "superadmin": set(STATUSES),
}

SCOPE_CASES = [
    pytest.param(role, status, status in VISIBLE[role], id=f"{role}-{status}")
    for role in VISIBLE
    for status in STATUSES
]


@pytest.mark.parametrize(("role", "status", "visible"), SCOPE_CASES)
def test_visible_to_shows_an_skp_only_to_owner_penilai_after_draft_and_admins_of_its_instansi(
    request, pegawai, role, status, visible
):
    skp = SkpFactory(pegawai=pegawai, status=status)
    user = request.getfixturevalue(role)
    assert Skp.objects.visible_to(user).filter(pk=skp.pk).exists() is visible


def test_visible_to_shows_nothing_to_an_anonymous_user(pegawai):
    from django.contrib.auth.models import AnonymousUser

    SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN)
    assert not Skp.objects.visible_to(AnonymousUser()).exists()


def test_visible_to_shows_an_inactive_admin_only_their_own_skps(pegawai, admin_instansi):
    SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN)
    admin_instansi.is_active = False
    assert not Skp.objects.visible_to(admin_instansi).exists()


def test_visible_to_follows_the_skp_penilai_not_the_current_atasan(pegawai, atasan, atasan_lain):
    """After a move the old penilai still sees the SKP they assess; the new atasan does not until Muat ulang."""
    skp = SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN)
    pegawai.atasan = atasan_lain
    pegawai.save()
    assert Skp.objects.visible_to(atasan).filter(pk=skp.pk).exists()
    assert not Skp.objects.visible_to(atasan_lain).filter(pk=skp.pk).exists()
