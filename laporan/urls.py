from django.urls import path

from laporan.views import dasbor, kotak_masuk, unduh

app_name = "laporan"

urlpatterns = [
    path("", dasbor.dasbor, name="dasbor"),
    path("pegawai/", dasbor.dasbor_pegawai, name="dasbor_pegawai"),
    path("kotak-masuk/", kotak_masuk.kotak_masuk, name="kotak_masuk"),
    path("penilaian.csv", unduh.laporan_penilaian_csv, name="penilaian_csv"),
    path("penilaian.xlsx", unduh.laporan_penilaian_xlsx, name="penilaian_xlsx"),
    path("skp.csv", unduh.laporan_skp_csv, name="skp_csv"),
    path("skp.xlsx", unduh.laporan_skp_xlsx, name="skp_xlsx"),
]
