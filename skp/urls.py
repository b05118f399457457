from django.urls import path

app_name = "skp"

urlpatterns: list = []
