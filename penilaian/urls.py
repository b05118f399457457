from django.urls import path

from penilaian.views import cetak, evaluasi, kurva, pelaksanaan, rekan

app_name = "penilaian"

urlpatterns = [
    path("pemantauan/", evaluasi.pemantauan, name="pemantauan"),
    path("rekan/", rekan.rekan, name="rekan"),
    path("kurva/<int:unit_pk>/<str:kode>/", kurva.kurva, name="kurva"),
    path("<int:pk>/evaluasi/", evaluasi.evaluasi, name="evaluasi"),
    path("<int:pk>/umpan-balik/", evaluasi.umpan_balik, name="umpan_balik"),
    path("<int:pk>/rating/", evaluasi.rating, name="rating"),
    path("<int:pk>/tetapkan/", evaluasi.tetapkan, name="tetapkan"),
    path("<int:pk>/buka-kembali/", evaluasi.buka_kembali, name="buka_kembali"),
    path("skp/<int:skp_pk>/", pelaksanaan.daftar, name="daftar"),
    path("skp/<int:skp_pk>/tambah-periode/", pelaksanaan.periode_tambah, name="periode_tambah"),
    path("<int:pk>/", pelaksanaan.periode, name="periode"),
    path("<int:pk>/hapus/", pelaksanaan.periode_hapus, name="periode_hapus"),
    path("<int:pk>/rhk/<int:rhk_id>/rencana-aksi/", pelaksanaan.rencana_aksi_tambah, name="rencana_aksi_tambah"),
    path("rencana-aksi/<int:ra_id>/ubah/", pelaksanaan.rencana_aksi_ubah, name="rencana_aksi_ubah"),
    path("rencana-aksi/<int:ra_id>/realisasi/", pelaksanaan.realisasi_ubah, name="realisasi_ubah"),
    path("rencana-aksi/<int:ra_id>/bukti/", pelaksanaan.bukti_tambah, name="bukti_tambah"),
    path("bukti/<int:bukti_id>/hapus/", pelaksanaan.bukti_hapus, name="bukti_hapus"),
    path("<int:pk>/cetak-form/", cetak.cetak_form, name="cetak_form"),
    path("<int:pk>/cetak-evaluasi/", cetak.cetak_evaluasi, name="cetak_evaluasi"),
]
