"""One page: 20 rows of a real table through the ORM and a Django template (like the TechEmpower "fortunes")."""

from django.shortcuts import render
from django.urls import path

from benchmarks.bare.models import UnitKerja


def twenty_rows(request):
    return render(request, "bare/twenty_rows.html", {"rows": UnitKerja.objects.order_by("pk")[:20]})


urlpatterns = [path("bare/twenty-rows/", twenty_rows)]
