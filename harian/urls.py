from django.urls import path  # noqa: F401 (the pages arrive with issue 11)

app_name = "harian"

urlpatterns = []
