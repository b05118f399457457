"""A minimal page for throughput comparisons (benchmarks/detail_skp.py, benchmarks/page_cost.py): 20 rows from
PostgreSQL through the same middleware, session and template engine as every page. Mounted only when
BENCHMARK_ENDPOINTS is true."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.models import UnitKerja

# The columns the bare reference page (benchmarks/bare/models.py) reads, so that both pages do the same database
# and model work whatever columns UnitKerja gains later: the difference between them is the fixed cost of a page.
COLUMNS = ("instansi", "parent", "nama", "path", "depth")


@login_required
def twenty_rows(request):
    return render(request, "bench/twenty_rows.html", {"rows": UnitKerja.objects.only(*COLUMNS).order_by("pk")[:20]})
