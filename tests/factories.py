"""One factory per model, valid by default."""

import datetime

import factory

from accounts import services
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
