"""A minimal page for throughput comparisons (benchmarks/detail_skp.py): 20 rows from PostgreSQL through the
same middleware, session and template engine as every page. Mounted only when BENCHMARK_ENDPOINTS is true."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.models import UnitKerja


@login_required
def twenty_rows(request):
    return render(request, "bench/twenty_rows.html", {"rows": UnitKerja.objects.order_by("pk")[:20]})
