from django.urls import path

from laporan import views

app_name = "laporan"

urlpatterns = [
    path("penilaian.csv", views.laporan_penilaian_csv, name="penilaian_csv"),
    path("penilaian.xlsx", views.laporan_penilaian_xlsx, name="penilaian_xlsx"),
]
