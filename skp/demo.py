"""Demo SKPs for seed_demo, made through the real services, in every workflow state."""

import datetime

from django.utils import timezone

from accounts.models import PltAssignment, User
from skp import services
from skp.models import (
    JenisLampiran,
    JenisRhk,
    KlasifikasiRhk,
    ModelSkp,
    Pendekatan,
    Rhk,
    Skp,
    StatusSkp,
)

LAMPIRAN = {
    JenisLampiran.SUMBER_DAYA: ["Anggaran kegiatan pada DPA tahun berjalan", "Aplikasi SIASN dan jaringan internet"],
    JenisLampiran.SKEMA: ["Laporan kinerja triwulanan kepada pimpinan"],
    JenisLampiran.KONSEKUENSI: ["Sesuai ketentuan peraturan perundang-undangan tentang disiplin PNS"],
}

# key: (pendekatan, [(jenis, RHK text, [(indikator, target, satuan, perspektif or aspek)])])
PLANS = {
    # The head of SD Negeri 1 Sukamaju, a unit kerja mandiri: the Pimpinan Unit Kerja Mandiri model.
    "kepsek": [
        (
            "utama",
            "Meningkatnya mutu pembelajaran di SD Negeri 1 Sukamaju",
            [
                ("Persentase guru yang menerapkan pembelajaran berdiferensiasi", 80, "%", "proses_bisnis"),
                ("Persentase murid yang mencapai kompetensi minimum", 75, "%", "penerima_layanan"),
            ],
        ),
    ],
    "sekda": [
        (
            "utama",
            "Meningkatnya kualitas tata kelola pemerintahan daerah",
            [
                ("Indeks Reformasi Birokrasi Kabupaten", 75, "poin", "proses_bisnis"),
                ("Nilai SAKIP Pemerintah Kabupaten", 70, "poin", "penguatan_internal"),
            ],
        ),
        (
            "utama",
            "Meningkatnya kualitas pelayanan pendidikan dasar",
            [
                ("Angka Partisipasi Murni SD", 98, "%", "penerima_layanan"),
            ],
        ),
        (
            "utama",
            "Meningkatnya profesionalitas ASN daerah",
            [
                ("Indeks Profesionalitas ASN", 80, "poin", "penguatan_internal"),
            ],
        ),
    ],
    "kadisdik": [
        (
            "utama",
            "Terwujudnya layanan pendidikan dasar yang merata dan bermutu",
            [
                ("Persentase SD terakreditasi minimal B", 90, "%", "penerima_layanan"),
                ("Rata-rata nilai Asesmen Nasional literasi SD", 70, "poin", "proses_bisnis"),
            ],
        ),
        (
            "tambahan",
            "Terlaksananya pembinaan guru penggerak",
            [
                ("Jumlah guru penggerak yang dibina", 40, "orang", "penguatan_internal"),
            ],
        ),
    ],
    "kaban": [
        (
            "utama",
            "Terwujudnya manajemen ASN berbasis sistem merit",
            [
                ("Indeks sistem merit", 300, "poin", "proses_bisnis"),
            ],
        ),
        (
            "utama",
            "Meningkatnya kompetensi ASN daerah",
            [
                ("Persentase ASN yang memenuhi 20 JP pengembangan kompetensi", 85, "%", "penerima_layanan"),
            ],
        ),
    ],
}
PEGAWAI_PLANS = {
    "kabag_org": [
        ("Tersusunnya evaluasi kelembagaan perangkat daerah", 0, [
            ("Jumlah perangkat daerah yang dievaluasi kelembagaannya", 12, "perangkat daerah", "kuantitas"),
        ]),
    ],
    # key: [(RHK text, index of the atasan's RHK it intervenes, [(indikator, target, satuan, aspek)])]
    "kabid_sd": [
        ("Terlaksananya pembinaan mutu SD se-kabupaten", 0, [
            ("Jumlah SD yang dibina menuju akreditasi B", 25, "sekolah", "kuantitas"),
            ("Persentase rekomendasi pembinaan yang ditindaklanjuti", 80, "%", "kualitas"),
        ]),
        ("Tersusunnya laporan hasil asesmen nasional SD", 0, [
            ("Laporan hasil asesmen nasional", 1, "laporan", "kuantitas"),
        ]),
    ],
    "kepsek": [
        ("Meningkatnya mutu pembelajaran di SD Negeri 1 Sukamaju", 0, [
            ("Persentase guru yang menerapkan pembelajaran berdiferensiasi", 80, "%", "kualitas"),
            ("Dokumen kurikulum operasional satuan pendidikan", 1, "dokumen", "kuantitas"),
        ]),
    ],
    "guru1": [
        ("Terlaksananya pembelajaran kelas 4 yang berpusat pada murid", 0, [
            ("Modul ajar yang disusun", 12, "modul", "kuantitas"),
            ("Persentase murid tuntas KKTP", 85, "%", "kualitas"),
        ]),
    ],
    "guru3": [
        ("Terlaksananya pembelajaran kelas 2 yang menyenangkan", 0, [
            ("Modul ajar yang disusun", 10, "modul", "kuantitas"),
        ]),
    ],
    "guru4": [
        ("Terlaksananya pembelajaran kelas 5", 0, [
            ("Modul ajar yang disusun", 10, "modul", "kuantitas"),
        ]),
    ],
    "kabid_mutasi": [
        ("Terlaksananya mutasi dan promosi ASN sesuai sistem merit", 0, [
            ("Persentase pengisian jabatan melalui seleksi terbuka atau talent pool", 100, "%", "kualitas"),
            ("Keputusan mutasi yang terbit tepat waktu", 95, "%", "waktu"),
        ]),
    ],
}  # fmt: skip


def _fill(skp: Skp, actor: User, plan: list, *, pegawai_model: bool, atasan_rhk: list[Rhk]) -> None:
    for item in plan:
        if pegawai_model:
            teks, atasan_index, indikator = item
            rhk = services.rhk_create(
                actor=actor,
                skp_id=skp.pk,
                jenis=JenisRhk.UTAMA,
                klasifikasi=KlasifikasiRhk.INDIVIDU,
                teks=teks,
                rhk_atasan=atasan_rhk[atasan_index] if atasan_rhk else None,
            )
        else:
            jenis, teks, indikator = item
            rhk = services.rhk_create(
                actor=actor,
                skp_id=skp.pk,
                jenis=jenis,
                klasifikasi=KlasifikasiRhk.INDIVIDU,
                teks=teks,
                penugasan_dari=skp.penilai_snapshot.get("jabatan", "Bupati Sukamaju") or "Bupati Sukamaju",
            )
        for ind_teks, target, satuan, kind in indikator:
            data = {"teks": ind_teks, "target_angka": target, "satuan": satuan}
            data["aspek" if pegawai_model else "perspektif"] = kind
            services.indikator_create(actor=actor, rhk_id=rhk.pk, data=data)
    for jenis, lines in LAMPIRAN.items():
        for teks in lines:
            services.lampiran_create(actor=actor, skp_id=skp.pk, jenis=jenis, teks=teks)


def seed_skp_demo(logins: dict[str, str]) -> int:
    """Create the demo SKPs that do not exist yet; returns how many were made."""
    users = {key: User.objects.get_by_natural_key(login) for key, login in logins.items()}
    year = timezone.localdate().year
    awal, akhir = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    made = 0

    def skp_of(key: str, *, plt=None, **kwargs) -> tuple[Skp, bool]:
        user = users[key]
        existing = Skp.objects.filter(pegawai=user, plt=plt, periode_awal__year=year).first()
        if existing:
            return existing, False
        skp = services.skp_create(
            actor=user, periode_awal=awal, periode_akhir=akhir, pendekatan=Pendekatan.KUANTITATIF, plt=plt, **kwargs
        )
        return skp, True

    def first_rhk(skp: Skp) -> list[Rhk]:
        return list(Rhk.objects.filter(skp=skp).order_by("-jenis", "urutan"))

    def approve(skp: Skp, by: str) -> None:
        services.skp_set_status(actor=users[by], skp_id=skp.pk, version=None, status=StatusSkp.PERSETUJUAN)

    # The top of the tree plans first: the Sekretaris Daerah, approved by the Bupati (a pejabat non-ASN) on the same
    # page as any penilai, then the heads below.
    heads = [("sekda", "bupati", "approve"), ("kadisdik", "sekda", "approve"), ("kaban", "sekda", "submit")]
    for key, atasan, then in heads:
        skp, new = skp_of(key)
        if not new:
            continue
        made += 1
        _fill(skp, users[key], PLANS[key], pegawai_model=False, atasan_rhk=[])
        services.skp_submit(actor=users[key], skp_id=skp.pk)
        if then == "approve":
            approve(skp, atasan)

    chain = [
        ("kabag_org", "sekda", "return"),
        ("kabid_sd", "kadisdik", "approve"),
        ("kepsek", "kabid_sd", "approve"),
        ("guru1", "kepsek", "submit"),
        ("guru3", "kepsek", "draft"),
        ("guru4", "kepsek", "return"),
        ("kabid_mutasi", "kaban", "submit"),
    ]
    for key, atasan, then in chain:
        skp, new = skp_of(key)
        if not new:
            continue
        made += 1
        atasan_skp = Skp.objects.get(pegawai=users[atasan], plt=None, periode_awal__year=year)
        if skp.model == ModelSkp.PEGAWAI:
            _fill(skp, users[key], PEGAWAI_PLANS[key], pegawai_model=True, atasan_rhk=first_rhk(atasan_skp))
        else:  # the head of a unit kerja mandiri
            _fill(skp, users[key], PLANS[key], pegawai_model=False, atasan_rhk=[])
        if then == "draft":
            continue
        services.skp_submit(actor=users[key], skp_id=skp.pk)
        if then == "approve":
            approve(skp, atasan)
        elif then == "return":
            services.skp_set_status(
                actor=users[atasan], skp_id=skp.pk, version=None, status=StatusSkp.REVISI,
                catatan="Lengkapi indikator kualitas dan sesuaikan target dengan rencana kerja unit.",
            )  # fmt: skip

    # guru2 has just started (an empty Draft); the Plt post of Budi Santoso has its own Draft SKP.
    _, new = skp_of("guru2")
    made += new
    plt = PltAssignment.objects.filter(pegawai=users["kabid_mutasi"]).first()
    if plt is not None:
        _, new = skp_of("kabid_mutasi", plt=plt)
        made += new
    # The matrices of the atasan show their teams (Sinkronisasi SKP Bawahan).
    for key in ("sekda", "kadisdik", "kabid_sd", "kepsek", "kaban"):
        own = Skp.objects.get(pegawai=users[key], plt=None, periode_awal__year=year)
        services.mph_sync(actor=users[key], skp_id=own.pk)
    return made
