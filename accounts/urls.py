"""Login, logout and password reset. The root URLconf mounts these under the namespace "accounts" together with
Beranda ("accounts:home"), which lives in ekinerja/views.py because it reads every app (decision 0015)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("lupa-kata-sandi/", views.password_reset, name="password_reset"),
    path("lupa-kata-sandi/terkirim/", views.password_reset_done, name="password_reset_done"),
    path("atur-kata-sandi/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("atur-kata-sandi/selesai/", views.password_reset_complete, name="password_reset_complete"),
]
