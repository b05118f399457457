"""Organisation and accounts: Instansi, the UnitKerja tree, pegawai (the user model, NIP login), Plt."""

import datetime

import pghistory
import pghistory.models
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from accounts.nip import validate_nama_login, validate_nip

UNIT_SEPARATOR = " > "


def audited(**options):
    """pghistory tracking of inserts, updates and deletes, bulk writes included (trigger-based)."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **options)


class StatusKepegawaian(models.TextChoices):
    PNS = "PNS", "PNS"
    PPPK = "PPPK", "PPPK"


class JenisJabatan(models.TextChoices):
    JPT_UTAMA = "JPT Utama", "JPT Utama"
    JPT_MADYA = "JPT Madya", "JPT Madya"
    JPT_PRATAMA = "JPT Pratama", "JPT Pratama"
    ADMINISTRATOR = "Administrator", "Administrator"
    PENGAWAS = "Pengawas", "Pengawas"
    PELAKSANA = "Pelaksana", "Pelaksana"
    FUNGSIONAL = "Fungsional", "Fungsional"


@audited()
class Instansi(models.Model):
    """An agency (kementerian, lembaga, pemda): the boundary of every admin's and every user's scope."""

    nama = models.CharField("nama instansi", max_length=200, unique=True)

    class Meta:
        verbose_name = "instansi"
        verbose_name_plural = "instansi"
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class UnitKerjaQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UnitKerjaQuerySet":
        if user.is_superuser:
            return self
        return self.filter(instansi_id=user.instansi_id)


@audited()
class UnitKerja(models.Model):
    """A unit in an instansi's organisation tree (UNOR). The root unit carries the instansi's name.

    `path` is the names from the root down joined by " > ", exactly as the import CSV writes them; it is
    kept by accounts.services so lookups by path (the import) are one indexed query.
    """

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name="unit induk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    nama = models.CharField("nama unit kerja", max_length=200)
    mandiri = models.BooleanField(
        "unit kerja mandiri",
        default=False,
        help_text="Sekolah, puskesmas, kecamatan, UPT: kepala unitnya menyusun SKP model Pimpinan Unit Kerja Mandiri.",
    )
    path = models.TextField("unit kerja lengkap", editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = UnitKerjaQuerySet.as_manager()

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "path"],
                name="unitkerja_unique_path",
                violation_error_message="Unit kerja dengan nama ini sudah ada di bawah unit induk yang sama.",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="unitkerja_not_own_parent"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="unitkerja_root_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.path


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        """The login name typed at Masuk: a NIP (digits only), or the nama pengguna of a pejabat non-ASN, which
        always starts with a letter, so the two never meet."""
        username = (username or "").strip()
        if username[:1].isdigit():
            return self.get(nip=username)
        return self.get(nama_login=username.lower())

    def create_user(self, nip: str, password: str | None = None, **fields) -> "User":
        user = self.model(nip=nip, **fields)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, nip: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(nip, password, **fields)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UserQuerySet":
        """Pegawai an admin may manage: all for a superadmin; for an admin instansi, their instansi's pegawai
        except those with rights the admin lacks (a superadmin, anyone given groups or permissions), whom the
        admin never lists, changes, deactivates, gives a password or overwrites by an import."""
        if user.is_superuser:
            return self
        if user.is_admin_instansi:
            return self.filter(instansi_id=user.instansi_id).exclude(self.higher_rights())
        return self.filter(pk=user.pk)

    def higher_rights(self) -> Q:
        """Users with rights beyond an admin instansi's: a superadmin, or groups or permissions of their own."""
        return (
            Q(is_superuser=True)
            | Exists(self.model.groups.through.objects.filter(user_id=OuterRef("pk")))
            | Exists(self.model.user_permissions.through.objects.filter(user_id=OuterRef("pk")))
        )


class UserManagerWithQueries(UserManager.from_queryset(UserQuerySet)):
    pass


@audited(exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin):
    """A pegawai (ASN: PNS or PPPK) who logs in with their NIP. Admins are pegawai too.

    The NIP is personal data: it is never put in a URL or a log line; URLs use the numeric id.
    An admin instansi is a staff user with an instansi; a superadmin has no instansi limit.

    A pejabat non-ASN (the kepala daerah, or a Pj. seconded from another instansi) has no NIP here: they log in
    with a nama pengguna the admin issued, may carry the NIP of their own instansi for printing (`nip_asal`), belong
    to no unit kerja and write no SKP; they are the atasan of the top official (docs/rules.md §1.12).
    """

    nip = models.CharField("NIP", max_length=18, unique=True, null=True, blank=True, validators=[validate_nip])
    nama_login = models.CharField(
        "nama pengguna",
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nama_login],
        help_text="Hanya untuk pejabat non-ASN: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali "
        "huruf, misalnya bupati.sukamaju.",
    )
    nip_asal = models.CharField(
        "NIP di instansi asal",
        max_length=18,
        blank=True,
        validators=[validate_nip],
        help_text="Hanya untuk Penjabat (Pj.) yang berstatus ASN di instansi lain: dicetak sebagai NIP penilai. "
        "Kosongkan untuk kepala daerah hasil pemilihan.",
    )
    nama = models.CharField(max_length=200)
    gelar_depan = models.CharField(max_length=50, blank=True)
    gelar_belakang = models.CharField(max_length=100, blank=True)
    status_kepegawaian = models.CharField(
        "status kepegawaian",
        max_length=4,
        choices=StatusKepegawaian.choices,
        default=StatusKepegawaian.PNS,
    )
    pangkat = models.CharField(max_length=100, blank=True)
    golongan = models.CharField("golongan ruang", max_length=10, blank=True)
    jabatan = models.CharField(max_length=255, blank=True)
    jenis_jabatan = models.CharField("jenis jabatan", max_length=20, choices=JenisJabatan.choices, blank=True)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, null=True, blank=True, related_name="pegawai")
    unit_kerja = models.ForeignKey(
        UnitKerja,
        verbose_name="unit kerja",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pegawai",
    )
    atasan = models.ForeignKey(
        "self",
        verbose_name="atasan langsung",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bawahan",
    )
    email = models.EmailField(blank=True)
    is_active = models.BooleanField("aktif", default=True, help_text="Pegawai nonaktif tidak bisa masuk.")
    is_staff = models.BooleanField(
        "admin instansi",
        default=False,
        help_text="Boleh masuk ke halaman admin untuk mengelola data instansinya.",
    )
    date_joined = models.DateTimeField("terdaftar", default=timezone.now)

    objects = UserManagerWithQueries()

    USERNAME_FIELD = "nip"
    REQUIRED_FIELDS = ["nama"]
    EMAIL_FIELD = "email"

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(condition=~Q(atasan=F("id")), name="user_not_own_atasan"),
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(is_staff=False) | Q(instansi__isnull=False),
                name="user_admin_instansi_has_instansi",
            ),
            # A pegawai logs in with a NIP, a pejabat non-ASN with a nama pengguna: exactly one of the two.
            models.CheckConstraint(
                condition=Q(nip__isnull=False, nama_login__isnull=True, nip_asal="")
                | Q(
                    nip__isnull=True,
                    nama_login__isnull=False,
                    instansi__isnull=False,
                    unit_kerja__isnull=True,
                    is_staff=False,
                    is_superuser=False,
                ),
                name="user_pegawai_or_pejabat_non_asn",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "nama"])]

    def __str__(self) -> str:
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        """Nama with gelar, as printed on official documents: "Dr. Budi Santoso, S.Kom."."""
        name = f"{self.gelar_depan} {self.nama}".strip()
        return f"{name}, {self.gelar_belakang}" if self.gelar_belakang else name

    @property
    def is_pejabat_non_asn(self) -> bool:
        return self.nama_login is not None

    @property
    def login_name(self) -> str:
        """What this user types at Masuk: the NIP, or a pejabat non-ASN's nama pengguna."""
        return self.nip or self.nama_login or ""

    @property
    def nip_tercetak(self) -> str:
        """The NIP printed on documents: a pegawai's own, a Pj.'s from their instansi, or none ("NIP: -")."""
        return self.nip or self.nip_asal

    def natural_key(self) -> tuple[str]:
        return (self.login_name,)

    @property
    def pangkat_golongan(self) -> str:
        return ", ".join(part for part in (self.pangkat, self.golongan) if part)

    @property
    def is_admin_instansi(self) -> bool:
        return self.is_active and self.is_staff and self.instansi_id is not None

    def get_full_name(self) -> str:
        return self.nama_lengkap

    def get_short_name(self) -> str:
        return self.nama


class PejabatNonAsnManager(UserManagerWithQueries):
    def get_queryset(self):
        return super().get_queryset().filter(nama_login__isnull=False)


class PejabatNonAsn(User):
    """The pejabat non-ASN as the admin sees them: their own list and form in the admin (accounts/admin.py)."""

    objects = PejabatNonAsnManager()

    class Meta:
        proxy = True
        verbose_name = "pejabat non-ASN"
        verbose_name_plural = "pejabat non-ASN"
        ordering = ["nama"]


class PltAssignmentQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "PltAssignmentQuerySet":
        return self.filter(mulai__lte=day, selesai__gte=day)


@audited()
class PltAssignment(models.Model):
    """A Plt (Pelaksana Tugas) post held for a time on top of the pegawai's definitive jabatan.

    The pegawai writes a second SKP for it, with the Plt role's atasan as penilai (docs/rules.md §1.10).
    Only the admin instansi creates these.
    """

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    pegawai = models.ForeignKey(User, on_delete=models.PROTECT, related_name="plt_assignments")
    jabatan = models.CharField("jabatan Plt", max_length=255)
    jenis_jabatan = models.CharField("jenis jabatan", max_length=20, choices=JenisJabatan.choices)
    unit_kerja = models.ForeignKey(UnitKerja, verbose_name="unit kerja", on_delete=models.PROTECT, related_name="+")
    atasan = models.ForeignKey(
        User,
        verbose_name="atasan untuk jabatan Plt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plt_bawahan",
    )
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai")

    objects = PltAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "penugasan Plt"
        verbose_name_plural = "penugasan Plt"
        ordering = ["-mulai"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=F("mulai")), name="plt_dates_ordered"),
            models.CheckConstraint(condition=~Q(atasan=F("pegawai")), name="plt_not_own_atasan"),
        ]

    def __str__(self) -> str:
        return f"Plt. {self.jabatan}"


class SecurityEvent(models.Model):
    """One security event: a login, a logout, a failed login, a lockout, a password reset asked for or done.
    With the pghistory events of every data change, this is the audit trail (docs/rules.md §11.3).

    `account` is a 12-character HMAC tag of the NIP typed (accounts.services.account_tag), so an unknown or
    mistyped NIP is never stored; `user` is set when the account exists."""

    class Jenis(models.TextChoices):
        LOGIN = "login", "Masuk"
        LOGOUT = "logout", "Keluar"
        LOGIN_GAGAL = "login_gagal", "Gagal masuk"
        TERKUNCI = "terkunci", "Dikunci sementara"
        RESET_DIMINTA = "reset_diminta", "Atur ulang kata sandi diminta"
        RESET_DITAHAN = "reset_ditahan", "Atur ulang kata sandi ditahan (terlalu sering)"
        RESET_SELESAI = "reset_selesai", "Kata sandi diatur ulang"

    jenis = models.CharField(max_length=15, choices=Jenis.choices)
    user = models.ForeignKey("User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    instansi = models.ForeignKey(Instansi, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    account = models.CharField("akun (tag)", max_length=12, blank=True)
    address = models.GenericIPAddressField("alamat", null=True, blank=True)
    path = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "kejadian keamanan"
        verbose_name_plural = "kejadian keamanan"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["jenis", "account", "created_at"]),
            models.Index(fields=["jenis", "address", "created_at"]),
            models.Index(fields=["instansi", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.created_at:%Y-%m-%d %H:%M}"


class JejakAudit(pghistory.models.Events):
    """Every recorded change of every audited table (pghistory's events, across tables), read in the admin as
    the audit trail: an admin instansi sees their instansi's rows, a superadmin all (accounts/admin_audit.py)."""

    class Meta:
        proxy = True
        verbose_name = "jejak audit"
        verbose_name_plural = "jejak audit"
