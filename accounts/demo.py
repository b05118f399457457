"""The demo pemda's people for `manage.py seed_demo` (ekinerja/management/commands/seed_demo.py): ~40 pegawai of
Kabupaten Sukamaju through the real CSV import, with their logins. Idempotent: a re-run changes nothing."""

import csv
import datetime
import io

from django.contrib.auth.hashers import make_password

from accounts.importer import import_pegawai
from accounts.models import Instansi, JenisJabatan, PltAssignment, UnitKerja, User
from accounts.services import instansi_create, pejabat_non_asn_create

DEMO_PASSWORD = "ekinerja-demo"
# A fixed salt keeps the stored hash identical across runs, so a re-run can see nothing needs changing.
DEMO_SALT = "ekinerjademosalt"
INSTANSI = "Pemerintah Kabupaten Sukamaju"
SETDA = "Sekretariat Daerah"
DISDIK = "Dinas Pendidikan"
BKPSDM = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
SUPERADMIN_NIP = "198001012005011001"
# The Sekretaris Daerah's penilai: an elected Bupati, a pejabat non-ASN with a nama pengguna and no NIP.
BUPATI = ("bupati.sukamaju", "H. Rahmat Santosa", "Bupati Sukamaju")

PANGKAT = {
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur", "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I", "III/c": "Penata", "III/d": "Penata Tingkat I",
    "IV/a": "Pembina", "IV/b": "Pembina Tingkat I", "IV/c": "Pembina Utama Muda", "IV/d": "Pembina Utama Madya",
}  # fmt: skip

J = JenisJabatan
# key, atasan key, nama, gelar depan, gelar belakang, status, golongan, jabatan, jenis, unit below the instansi
PEOPLE = [
    ("sekda", None, "Hendra Wijaya", "Dr. Ir.", "M.Si.", "PNS", "IV/d", "Sekretaris Daerah", J.JPT_PRATAMA, [SETDA]),
    ("kabag_org", "sekda", "Ratna Dewi Lestari", "", "S.Sos., M.AP.", "PNS", "IV/a", "Kepala Bagian Organisasi", J.ADMINISTRATOR, [SETDA, "Bagian Organisasi"]),
    ("kasubbag_kel", "kabag_org", "Agus Salim", "", "S.IP.", "PNS", "III/d", "Kepala Subbagian Kelembagaan dan Analisis Jabatan", J.PENGAWAS, [SETDA, "Bagian Organisasi", "Subbagian Kelembagaan dan Analisis Jabatan"]),
    ("anjab", "kasubbag_kel", "Maya Puspitasari", "", "S.E.", "PNS", "III/b", "Analis Kelembagaan Ahli Pertama", J.FUNGSIONAL, [SETDA, "Bagian Organisasi", "Subbagian Kelembagaan dan Analisis Jabatan"]),
    ("pengadm_org", "kasubbag_kel", "Joko Prasetyo", "", "", "PNS", "II/c", "Pengadministrasi Perkantoran", J.PELAKSANA, [SETDA, "Bagian Organisasi", "Subbagian Kelembagaan dan Analisis Jabatan"]),
    ("kabag_tapem", "sekda", "Bambang Sutrisno", "", "S.H., M.H.", "PNS", "IV/a", "Kepala Bagian Tata Pemerintahan", J.ADMINISTRATOR, [SETDA, "Bagian Tata Pemerintahan"]),
    ("ankeb", "kabag_tapem", "Sri Wahyuni", "", "S.IP., M.Si.", "PNS", "III/d", "Analis Kebijakan Ahli Muda", J.FUNGSIONAL, [SETDA, "Bagian Tata Pemerintahan"]),
    ("tapem_pppk", "kabag_tapem", "Dedi Kurniawan", "", "S.Sos.", "PPPK", "IX", "Penata Kelola Pemerintahan", J.PELAKSANA, [SETDA, "Bagian Tata Pemerintahan"]),
    ("kadisdik", "sekda", "Siti Aminah", "Dr.", "M.Pd.", "PNS", "IV/c", "Kepala Dinas Pendidikan", J.JPT_PRATAMA, [DISDIK]),
    ("sekdis", "kadisdik", "Yusuf Hidayat", "", "S.Pd., M.M.", "PNS", "IV/a", "Sekretaris Dinas Pendidikan", J.ADMINISTRATOR, [DISDIK, "Sekretariat"]),
    ("kasubbag_disdik", "sekdis", "Nur Aini", "", "S.E.", "PNS", "III/d", "Kepala Subbagian Umum dan Kepegawaian", J.PENGAWAS, [DISDIK, "Sekretariat", "Subbagian Umum dan Kepegawaian"]),
    ("arsip", "kasubbag_disdik", "Rina Marlina", "", "A.Md.", "PNS", "III/a", "Arsiparis Ahli Pertama", J.FUNGSIONAL, [DISDIK, "Sekretariat", "Subbagian Umum dan Kepegawaian"]),
    ("pengadm_disdik", "kasubbag_disdik", "Eko Saputra", "", "", "PPPK", "V", "Pengadministrasi Perkantoran", J.PELAKSANA, [DISDIK, "Sekretariat", "Subbagian Umum dan Kepegawaian"]),
    ("keu_disdik", "kasubbag_disdik", "Fitri Handayani", "", "S.Ak.", "PNS", "III/a", "Pengelola Keuangan", J.PELAKSANA, [DISDIK, "Sekretariat", "Subbagian Umum dan Kepegawaian"]),
    ("kabid_sd", "kadisdik", "Made Suarjana", "", "S.Pd., M.Pd.", "PNS", "IV/a", "Kepala Bidang Pembinaan Sekolah Dasar", J.ADMINISTRATOR, [DISDIK, "Bidang Pembinaan Sekolah Dasar"]),
    ("pengawas_sek", "kabid_sd", "Ketut Arsana", "", "S.Pd., M.Pd.", "PNS", "IV/b", "Pengawas Sekolah Ahli Madya", J.FUNGSIONAL, [DISDIK, "Bidang Pembinaan Sekolah Dasar"]),
    ("kurikulum_sd", "kabid_sd", "Lestari Ningsih", "", "S.Pd.", "PNS", "III/b", "Pengolah Data Kurikulum", J.PELAKSANA, [DISDIK, "Bidang Pembinaan Sekolah Dasar"]),
    ("sarpras_sd", "kabid_sd", "Gede Wirawan", "", "", "PPPK", "VII", "Pengelola Sarana dan Prasarana", J.PELAKSANA, [DISDIK, "Bidang Pembinaan Sekolah Dasar"]),
    ("kepsek", "kabid_sd", "Ni Luh Putu Sari", "", "S.Pd.", "PNS", "IV/a", "Guru Ahli Madya (Kepala SD Negeri 1 Sukamaju)", J.FUNGSIONAL, [DISDIK, "Bidang Pembinaan Sekolah Dasar", "SD Negeri 1 Sukamaju"]),
    ("guru1", "kepsek", "Ayu Kartika", "", "S.Pd.", "PNS", "III/c", "Guru Ahli Muda", J.FUNGSIONAL, [DISDIK, "Bidang Pembinaan Sekolah Dasar", "SD Negeri 1 Sukamaju"]),
    ("guru2", "kepsek", "Wayan Sudarma", "", "S.Pd.", "PNS", "III/d", "Guru Ahli Muda", J.FUNGSIONAL, [DISDIK, "Bidang Pembinaan Sekolah Dasar", "SD Negeri 1 Sukamaju"]),
    ("guru3", "kepsek", "Dewi Anggraini", "", "S.Pd.", "PPPK", "IX", "Guru Ahli Pertama", J.FUNGSIONAL, [DISDIK, "Bidang Pembinaan Sekolah Dasar", "SD Negeri 1 Sukamaju"]),
    ("guru4", "kepsek", "Rudi Hartono", "", "S.Pd.", "PPPK", "IX", "Guru Ahli Pertama", J.FUNGSIONAL, [DISDIK, "Bidang Pembinaan Sekolah Dasar", "SD Negeri 1 Sukamaju"]),
    ("guru5", "kepsek", "Komang Ayu Lestari", "", "S.Pd.", "PPPK", "IX", "Guru Ahli Pertama", J.FUNGSIONAL, [DISDIK, "Bidang Pembinaan Sekolah Dasar", "SD Negeri 1 Sukamaju"]),
    ("guru6", "kepsek", "Andi Firmansyah", "", "S.Pd.", "PNS", "III/b", "Guru Ahli Pertama", J.FUNGSIONAL, [DISDIK, "Bidang Pembinaan Sekolah Dasar", "SD Negeri 1 Sukamaju"]),
    ("operator_sd", "kepsek", "Putu Eka Pratama", "", "", "PPPK", "V", "Operator Layanan Operasional", J.PELAKSANA, [DISDIK, "Bidang Pembinaan Sekolah Dasar", "SD Negeri 1 Sukamaju"]),
    ("kaban", "sekda", "Ahmad Fauzi", "", "S.STP., M.Si.", "PNS", "IV/c", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", J.JPT_PRATAMA, [BKPSDM]),
    ("sekban", "kaban", "Indah Permatasari", "", "S.E., M.M.", "PNS", "IV/a", "Sekretaris Badan", J.ADMINISTRATOR, [BKPSDM, "Sekretariat"]),
    ("kasubbag_bkpsdm", "sekban", "Hadi Santoso", "", "S.Kom.", "PNS", "III/d", "Kepala Subbagian Umum dan Kepegawaian", J.PENGAWAS, [BKPSDM, "Sekretariat", "Subbagian Umum dan Kepegawaian"]),
    ("prakom", "kasubbag_bkpsdm", "Teguh Wibowo", "", "S.Kom.", "PNS", "III/b", "Pranata Komputer Ahli Pertama", J.FUNGSIONAL, [BKPSDM, "Sekretariat", "Subbagian Umum dan Kepegawaian"]),
    ("datapeg", "kasubbag_bkpsdm", "Yuni Astuti", "", "", "PNS", "II/d", "Pengolah Data Kepegawaian", J.PELAKSANA, [BKPSDM, "Sekretariat", "Subbagian Umum dan Kepegawaian"]),
    ("kabid_mutasi", "kaban", "Budi Santoso", "", "S.Sos., M.AP.", "PNS", "IV/a", "Kepala Bidang Mutasi dan Promosi", J.ADMINISTRATOR, [BKPSDM, "Bidang Mutasi dan Promosi"]),
    ("analis_sdm", "kabid_mutasi", "Rahmat Hidayat", "", "S.AP.", "PNS", "III/c", "Analis SDM Aparatur Ahli Muda", J.FUNGSIONAL, [BKPSDM, "Bidang Mutasi dan Promosi"]),
    ("analis_sdm2", "kabid_mutasi", "Novi Rahmawati", "", "S.Psi.", "PPPK", "IX", "Analis SDM Aparatur Ahli Pertama", J.FUNGSIONAL, [BKPSDM, "Bidang Mutasi dan Promosi"]),
    ("pengelola_mutasi", "kabid_mutasi", "Arif Munandar", "", "", "PNS", "II/b", "Pengelola Data Mutasi", J.PELAKSANA, [BKPSDM, "Bidang Mutasi dan Promosi"]),
    # Kepala Bidang Pengembangan Kompetensi is vacant: Budi Santoso is its Plt, so its staff report to him.
    ("apk1", "kabid_mutasi", "Sari Utami", "", "S.Pd.", "PNS", "III/a", "Analis Pengembangan Kompetensi ASN Ahli Pertama", J.FUNGSIONAL, [BKPSDM, "Bidang Pengembangan Kompetensi"]),
    ("apk2", "kabid_mutasi", "Fajar Nugroho", "", "S.T.", "PPPK", "IX", "Analis Pengembangan Kompetensi ASN Ahli Pertama", J.FUNGSIONAL, [BKPSDM, "Bidang Pengembangan Kompetensi"]),
    ("diklat", "kabid_mutasi", "Lina Marlina", "", "", "PNS", "II/c", "Pengadministrasi Diklat", J.PELAKSANA, [BKPSDM, "Bidang Pengembangan Kompetensi"]),
    ("admin", "kasubbag_bkpsdm", "Kadek Dwi Pranata", "", "S.Kom.", "PNS", "III/a", "Pranata Komputer Ahli Pertama", J.FUNGSIONAL, [BKPSDM, "Sekretariat", "Subbagian Umum dan Kepegawaian"]),
]  # fmt: skip

# Who to print at the end of `make run`, with the journey or role each one shows off: one login per journey of
# the README (tests/test_seed_demo.py checks that the demo data still fits each description).
SHOWCASE = [
    ("guru6", "pegawai belum punya SKP tahun ini: mulai dari Tambah SKP"),
    ("guru4", "SKP dikembalikan (Revisi) oleh atasan: perbaiki lalu ajukan lagi"),
    ("sekda", "atasan: SKP bawahan menunggu persetujuan, periode bawahan menunggu penilaian"),
    ("bupati", "kepala daerah (pejabat non-ASN), penilai Sekretaris Daerah"),
    ("admin", "admin instansi (halaman /admin/)"),
    ("kadisdik", "JPT Pratama, atasan berjenjang"),
    ("kepsek", "kepala sekolah, atasan para guru: Persetujuan Bulanan progres harian"),
    ("guru1", "guru dengan Progres Harian dan Target Bulanan bulan ini"),
    ("guru3", "guru PPPK (pegawai tanpa bawahan), SKP masih Draft"),
    ("kabid_mutasi", "Administrator, juga Plt. Kepala Bidang Pengembangan Kompetensi"),
]


def demo_nip(index: int, status: str) -> str:
    """A NIP of a valid shape for the index-th demo person: born 1968-1994, TMT after age 22."""
    birth = datetime.date(1968 + (index * 7) % 27, index % 12 + 1, (index * 5) % 28 + 1)
    if status == "PPPK":
        tmt = f"{2022 + index % 2}21"
    else:
        tmt = f"{min(birth.year + 23 + index % 5, 2021)}{(index % 12) + 1:02d}"
    return f"{birth:%Y%m%d}{tmt}{index % 2 + 1}{index + 1:03d}"


def demo_rows() -> list[dict[str, str]]:
    nips = {key: demo_nip(i, status) for i, (key, _, _, _, _, status, *_) in enumerate(PEOPLE)}
    rows = []
    for key, boss, nama, depan, belakang, status, golongan, jabatan, jenis, units in PEOPLE:
        rows.append(
            {
                "nip": nips[key],
                "nama": nama,
                "gelar_depan": depan,
                "gelar_belakang": belakang,
                "status_kepegawaian": status,
                "pangkat": PANGKAT.get(golongan, ""),
                "golongan": golongan,
                "jabatan": jabatan,
                "jenis_jabatan": jenis,
                "unit_kerja": " > ".join([INSTANSI, *units]),
                # The Sekretaris Daerah's atasan is the Bupati, named by nama pengguna (docs/import-pegawai.md).
                "nip_atasan": nips[boss] if boss else BUPATI[0],
                "email": nama.lower().replace(" ", ".") + "@sukamaju.go.id",
            }
        )
    return rows


def demo_csv() -> str:
    rows = demo_rows()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def seed_accounts_demo() -> tuple:
    """The Bupati as the admin registers a pejabat non-ASN, then the demo pegawai through the real CSV import, their
    demo password, the admin instansi, a Plt post and the superadmin. Returns the import report and the login (NIP,
    or the Bupati's nama pengguna) of each key of PEOPLE and of "bupati". Idempotent."""
    demo_hash = make_password(DEMO_PASSWORD, salt=DEMO_SALT)
    _bupati(demo_hash)
    report = import_pegawai(text=demo_csv())
    nips = {key: row["nip"] for (key, *_), row in zip(PEOPLE, demo_rows(), strict=True)}
    User.objects.filter(nip__in=nips.values()).exclude(password=demo_hash).update(password=demo_hash)
    User.objects.filter(nip=nips["admin"], is_staff=False).update(is_staff=True)
    _plt(nips)
    # Schools are unit kerja mandiri: their head writes the Pimpinan Unit Kerja Mandiri model (docs/rules.md §2.5).
    UnitKerja.objects.filter(path__endswith=" > SD Negeri 1 Sukamaju", mandiri=False).update(mandiri=True)
    if not User.objects.filter(nip=SUPERADMIN_NIP).exists():
        User.objects.create_superuser(SUPERADMIN_NIP, nama="Operator Sistem")
    User.objects.filter(nip=SUPERADMIN_NIP).exclude(password=demo_hash).update(password=demo_hash)
    return report, {**nips, "bupati": BUPATI[0]}


def _bupati(demo_hash: str) -> None:
    instansi = Instansi.objects.filter(nama=INSTANSI).first() or instansi_create(nama=INSTANSI)
    if not User.objects.filter(nama_login=BUPATI[0]).exists():
        login, nama, jabatan = BUPATI
        pejabat_non_asn_create(instansi=instansi, nama_login=login, nama=nama, jabatan=jabatan)
    User.objects.filter(nama_login=BUPATI[0]).exclude(password=demo_hash).update(password=demo_hash)


def _plt(nips: dict[str, str]) -> None:
    pegawai = User.objects.get(nip=nips["kabid_mutasi"])
    unit = UnitKerja.objects.get(path=f"{INSTANSI} > {BKPSDM} > Bidang Pengembangan Kompetensi")
    year = datetime.date.today().year
    PltAssignment.objects.get_or_create(
        pegawai=pegawai,
        jabatan="Kepala Bidang Pengembangan Kompetensi",
        defaults={
            "instansi_id": pegawai.instansi_id,
            "jenis_jabatan": JenisJabatan.ADMINISTRATOR,
            "unit_kerja": unit,
            "atasan": User.objects.get(nip=nips["kaban"]),
            "mulai": datetime.date(year, 1, 1),
            "selesai": datetime.date(year, 12, 31),
        },
    )
