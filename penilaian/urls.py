from django.urls import path

from penilaian import views, views_cetak

app_name = "penilaian"

urlpatterns = [
    path("pemantauan/", views.pemantauan, name="pemantauan"),
    path("rekan/", views.rekan, name="rekan"),
    path("kurva/<int:unit_pk>/<str:kode>/", views.kurva, name="kurva"),
    path("<int:pk>/evaluasi/", views.evaluasi, name="evaluasi"),
    path("<int:pk>/umpan-balik/", views.umpan_balik, name="umpan_balik"),
    path("<int:pk>/rating/", views.rating, name="rating"),
    path("<int:pk>/tetapkan/", views.tetapkan, name="tetapkan"),
    path("<int:pk>/buka-kembali/", views.buka_kembali, name="buka_kembali"),
    path("skp/<int:skp_pk>/", views.daftar, name="daftar"),
    path("skp/<int:skp_pk>/tambah-periode/", views.periode_tambah, name="periode_tambah"),
    path("<int:pk>/", views.periode, name="periode"),
    path("<int:pk>/rhk/<int:rhk_id>/rencana-aksi/", views.rencana_aksi_tambah, name="rencana_aksi_tambah"),
    path("rencana-aksi/<int:ra_id>/ubah/", views.rencana_aksi_ubah, name="rencana_aksi_ubah"),
    path("rencana-aksi/<int:ra_id>/realisasi/", views.realisasi_ubah, name="realisasi_ubah"),
    path("rencana-aksi/<int:ra_id>/bukti/", views.bukti_tambah, name="bukti_tambah"),
    path("bukti/<int:bukti_id>/hapus/", views.bukti_hapus, name="bukti_hapus"),
    path("<int:pk>/cetak-form/", views_cetak.cetak_form, name="cetak_form"),
    path("<int:pk>/cetak-evaluasi/", views_cetak.cetak_evaluasi, name="cetak_evaluasi"),
]
