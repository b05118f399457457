"""The 7 BerAKHLAK core values and their panduan perilaku (docs/rules.md §2.12): data, not template text."""

BERAKHLAK = [
    (1, "Berorientasi Pelayanan", [
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ]),
    (2, "Akuntabel", [
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ]),
    (3, "Kompeten", [
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ]),
    (4, "Harmonis", [
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ]),
    (5, "Loyal", [
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, "
        "setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
        "Menjaga rahasia jabatan dan negara",
    ]),
    (6, "Adaptif", [
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ]),
    (7, "Kolaboratif", [
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
    ]),
]  # fmt: skip


def ensure_perilaku_kerja(model=None) -> None:
    """Create or correct the 7 rows (used by the data migration, and by tests after a table flush)."""
    if model is None:
        from skp.models import PerilakuKerja as model
    if model.objects.count() == len(BERAKHLAK):
        return
    for nomor, nama, panduan in BERAKHLAK:
        model.objects.update_or_create(nomor=nomor, defaults={"nama": nama, "panduan": panduan})


_CACHE: list = []


def perilaku_kerja() -> list:
    """The 7 core values, read once per process: they are fixed by regulation and change only by migration."""
    if not _CACHE:
        from skp.models import PerilakuKerja

        _CACHE.extend(PerilakuKerja.objects.order_by("nomor"))
    return _CACHE
