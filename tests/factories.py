"""One factory per model, valid by default."""

import datetime

import factory

from accounts import services
from accounts.identity import snapshot
from accounts.models import UNIT_SEPARATOR, Instansi, JenisJabatan, PltAssignment, UnitKerja, User

TEST_PASSWORD = "rahasia-uji-123"


def make_nip(n: int, *, pppk: bool = False, gender: int = 1) -> str:
    """A valid NIP, different for every n (the birth date moves by a day per n)."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n)
    tmt = f"{birth.year + 25}21" if pppk else f"{birth.year + 25}03"
    return f"{birth:%Y%m%d}{tmt}{gender}{n % 999 + 1:03d}"


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi

    nama = factory.Sequence(lambda n: f"Pemerintah Kabupaten Uji {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.instansi_create(nama=kwargs["nama"])


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    """A unit directly under the instansi's root unless a parent is given."""

    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Bidang {n}")
    parent = factory.LazyAttribute(lambda o: UnitKerja.objects.get(instansi=o.instansi, parent__isnull=True))
    path = factory.LazyAttribute(lambda o: o.parent.path + UNIT_SEPARATOR + o.nama)
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    nip = factory.Sequence(make_nip)
    nama = factory.Faker("name", locale="id_ID")
    status_kepegawaian = "PNS"
    pangkat = "Penata Muda"
    golongan = "III/a"
    jabatan = "Analis Kebijakan Ahli Pertama"
    jenis_jabatan = JenisJabatan.FUNGSIONAL
    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    instansi = factory.LazyAttribute(lambda o: o.unit_kerja.instansi)
    email = factory.LazyAttribute(lambda o: f"pegawai{o.nip[-6:]}@example.go.id")
    password = factory.django.Password(TEST_PASSWORD)


class PejabatNonAsnFactory(factory.django.DjangoModelFactory):
    """A kepala daerah: no NIP, a nama pengguna issued by the admin, no unit kerja (docs/rules.md §1.12)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    nip = None
    nama_login = factory.Sequence(lambda n: f"bupati.uji{n}")
    nama = "Rahmat Santosa"
    gelar_depan = "H."
    jabatan = "Bupati Sukamaju"
    instansi = factory.SubFactory(InstansiFactory)
    unit_kerja = None
    password = factory.django.Password(TEST_PASSWORD)


class PltAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PltAssignment

    pegawai = factory.SubFactory(UserFactory)
    instansi = factory.LazyAttribute(lambda o: o.pegawai.instansi)
    jabatan = "Kepala Bidang Uji"
    jenis_jabatan = JenisJabatan.ADMINISTRATOR
    unit_kerja = factory.LazyAttribute(lambda o: o.pegawai.unit_kerja)
    atasan = factory.LazyAttribute(lambda o: o.pegawai.atasan)
    mulai = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    selesai = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))


# --- SKP ------------------------------------------------------------------------------------------------


def _snapshot(user):
    if user is None:
        return {}
    return {
        "nama": user.nama_lengkap,
        "nip": user.nip_tercetak,
        "pangkat_golongan": user.pangkat_golongan,
        "jabatan": user.jabatan,
        "unit_kerja": user.unit_kerja.nama if user.unit_kerja_id else "",
    }


class SkpFactory(factory.django.DjangoModelFactory):
    """A Draft SKP for this year in the pegawai's definitive role, with its atasan as penilai."""

    class Meta:
        model = "skp.Skp"

    pegawai = factory.SubFactory(UserFactory)
    instansi = factory.LazyAttribute(lambda o: o.pegawai.instansi)
    penilai = factory.LazyAttribute(lambda o: o.pegawai.atasan)
    unit_kerja = factory.LazyAttribute(lambda o: o.pegawai.unit_kerja)
    periode_awal = factory.LazyFunction(lambda: datetime.date(datetime.date.today().year, 1, 1))
    periode_akhir = factory.LazyFunction(lambda: datetime.date(datetime.date.today().year, 12, 31))
    pendekatan = "kuantitatif"
    model = factory.LazyAttribute(lambda o: "jpt" if o.pegawai.jenis_jabatan.startswith("JPT") else "pegawai")
    status = "draft"
    pegawai_snapshot = factory.LazyAttribute(lambda o: _snapshot(o.pegawai))
    penilai_snapshot = factory.LazyAttribute(lambda o: _snapshot(o.penilai))


class RhkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "skp.Rhk"

    skp = factory.SubFactory(SkpFactory)
    instansi = factory.LazyAttribute(lambda o: o.skp.instansi)
    jenis = "utama"
    klasifikasi = "individu"
    teks = factory.Sequence(lambda n: f"Terwujudnya layanan kepegawaian yang akuntabel {n}")
    urutan = factory.Sequence(lambda n: n)
    dibuat_oleh = factory.LazyAttribute(lambda o: o.skp.pegawai)


class IndikatorFactory(factory.django.DjangoModelFactory):
    """Complete for the SKP's model: perspektif for JPT/Pimpinan, aspek for Pegawai."""

    class Meta:
        model = "skp.Indikator"

    rhk = factory.SubFactory(RhkFactory)
    instansi = factory.LazyAttribute(lambda o: o.rhk.instansi)
    teks = factory.Sequence(lambda n: f"Persentase dokumen yang selesai tepat waktu {n}")
    target_angka = 100
    satuan = "%"
    perspektif = factory.LazyAttribute(lambda o: "" if o.rhk.skp.model == "pegawai" else "penerima_layanan")
    aspek = factory.LazyAttribute(lambda o: "kuantitas" if o.rhk.skp.model == "pegawai" else "")
    urutan = factory.Sequence(lambda n: n)


class LampiranItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "skp.LampiranItem"

    skp = factory.SubFactory(SkpFactory)
    instansi = factory.LazyAttribute(lambda o: o.skp.instansi)
    jenis = "sumber_daya"
    teks = "Anggaran DPA Bidang"


def complete_skp(skp, *, rhk_count: int = 1, indikator_per_rhk: int = 1, rhk_atasan=None):
    """Fill an SKP so that it can be submitted: Utama RHK with indikator and all three lampiran lists."""
    for _ in range(rhk_count):
        rhk = RhkFactory(skp=skp, rhk_atasan=rhk_atasan, penugasan_dari="Bupati" if skp.model != "pegawai" else "")
        IndikatorFactory.create_batch(indikator_per_rhk, rhk=rhk)
    for jenis in ("sumber_daya", "skema", "konsekuensi"):
        LampiranItemFactory(skp=skp, jenis=jenis, teks=f"Isi {jenis}")
    return skp


# --- Penilaian ------------------------------------------------------------------------------------------


class SkemaPenilaianFactory(factory.django.DjangoModelFactory):
    """An instansi's choice of periods (one per instansi); the default scheme, Triwulan."""

    class Meta:
        model = "penilaian.SkemaPenilaian"

    instansi = factory.SubFactory(InstansiFactory)
    skema = "triwulan"


class BatasWaktuFactory(factory.django.DjangoModelFactory):
    """The instansi's own deadline for Triwulan I of this year: 15 April instead of the default 5 April."""

    class Meta:
        model = "penilaian.BatasWaktu"

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.LazyFunction(lambda: f"{datetime.date.today().year}-TW1")
    batas_waktu = factory.LazyAttribute(lambda o: datetime.date(int(o.kode[:4]), 4, 15))


class PeriodePenilaianFactory(factory.django.DjangoModelFactory):
    """Triwulan I of an approved SKP, in the SKP's year, with the SKP's penilai and their snapshot; no ratings.
    The default SKP's pegawai has an atasan in their unit, so that the period has a penilai."""

    class Meta:
        model = "penilaian.PeriodePenilaian"

    skp = factory.SubFactory(
        SkpFactory,
        status="persetujuan",
        pegawai=factory.SubFactory(
            UserFactory,
            atasan=factory.SubFactory(
                UserFactory,
                unit_kerja=factory.SelfAttribute("..unit_kerja"),
                jabatan="Kepala Bidang Uji",
                jenis_jabatan=JenisJabatan.ADMINISTRATOR,
            ),
        ),
    )
    instansi = factory.LazyAttribute(lambda o: o.skp.instansi)
    kode = factory.LazyAttribute(lambda o: f"{o.skp.periode_awal.year}-TW1")
    nama = "Triwulan I"
    mulai = factory.LazyAttribute(lambda o: datetime.date(o.skp.periode_awal.year, 1, 1))
    selesai = factory.LazyAttribute(lambda o: datetime.date(o.skp.periode_awal.year, 3, 31))
    penilai = factory.LazyAttribute(lambda o: o.skp.penilai)
    penilai_snapshot = factory.LazyAttribute(lambda o: snapshot(o.penilai))


class RencanaAksiFactory(factory.django.DjangoModelFactory):
    """A rencana aksi on an RHK of the period's SKP, without target or realisasi."""

    class Meta:
        model = "penilaian.RencanaAksi"

    periode = factory.SubFactory(PeriodePenilaianFactory)
    instansi = factory.LazyAttribute(lambda o: o.periode.instansi)
    rhk = factory.SubFactory(RhkFactory, skp=factory.SelfAttribute("..periode.skp"))
    teks = factory.Sequence(lambda n: f"Menyusun daftar usulan mutasi {n}")


class BuktiDukungFactory(factory.django.DjangoModelFactory):
    """Evidence with an https link (the bukti_http_only constraint takes http(s) only)."""

    class Meta:
        model = "penilaian.BuktiDukung"

    rencana_aksi = factory.SubFactory(RencanaAksiFactory)
    instansi = factory.LazyAttribute(lambda o: o.rencana_aksi.instansi)
    nama = factory.Sequence(lambda n: f"Laporan kegiatan {n}")
    link = factory.Sequence(lambda n: f"https://drive.example.go.id/bukti-{n}.pdf")


class UmpanBalikFactory(factory.django.DjangoModelFactory):
    """The penilai's umpan balik on exactly one row: a new RHK of the period's SKP unless a perilaku is given
    (then no RHK: the umpan_balik_one_row constraint)."""

    class Meta:
        model = "penilaian.UmpanBalik"

    periode = factory.SubFactory(PeriodePenilaianFactory)
    instansi = factory.LazyAttribute(lambda o: o.periode.instansi)
    perilaku = None
    rhk = factory.Maybe(
        "perilaku",
        yes_declaration=None,
        no_declaration=factory.SubFactory(RhkFactory, skp=factory.SelfAttribute("..periode.skp")),
    )
    teks = factory.Sequence(lambda n: f"Sesuai rencana {n}")
    polaritas = "positif"
    oleh = factory.LazyAttribute(lambda o: o.periode.penilai)


class PeriodeStatusChangeFactory(factory.django.DjangoModelFactory):
    """The penilai's Tetapkan of the period."""

    class Meta:
        model = "penilaian.PeriodeStatusChange"

    periode = factory.SubFactory(PeriodePenilaianFactory)
    actor = factory.LazyAttribute(lambda o: o.periode.penilai)
    aksi = "tetapkan"
    catatan = ""


class CapaianUnitFactory(factory.django.DjangoModelFactory):
    """Capaian Baik of a unit for Triwulan I of this year, set by an admin of the unit's instansi."""

    class Meta:
        model = "penilaian.CapaianUnit"

    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    instansi = factory.LazyAttribute(lambda o: o.unit_kerja.instansi)
    kode = factory.LazyFunction(lambda: f"{datetime.date.today().year}-TW1")
    capaian = "baik"
    oleh = factory.SubFactory(UserFactory, unit_kerja=factory.SelfAttribute("..unit_kerja"), is_staff=True)


class FeedbackRekanFactory(factory.django.DjangoModelFactory):
    """A colleague's positive feedback on an approved SKP; the colleague works in the SKP's unit."""

    class Meta:
        model = "penilaian.FeedbackRekan"

    skp = factory.SubFactory(SkpFactory, status="persetujuan")
    instansi = factory.LazyAttribute(lambda o: o.skp.instansi)
    pemberi = factory.SubFactory(UserFactory, unit_kerja=factory.SelfAttribute("..skp.unit_kerja"))
    teks = factory.Sequence(lambda n: f"Selalu sigap membantu rekan {n}")
    polaritas = "positif"


def rencana_aksi_lengkap(periode):
    """A rencana aksi for every RHK of the period's SKP that has none yet: the penilai may rate only then."""
    from penilaian.models import RencanaAksi

    for rhk in periode.skp.rhk_list.all():
        if not RencanaAksi.objects.filter(periode=periode, rhk=rhk).exists():
            RencanaAksiFactory(periode=periode, rhk=rhk)
