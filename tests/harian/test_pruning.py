"""The atasan's correlated counts read each SKP Bulanan's own month only (run-time partition pruning), not every
month kept online: the plan of the query says so (PostgreSQL marks the other partitions' scans never executed)."""

import datetime
import json

from django.db import connection
from django.db.models import Exists, OuterRef

from harian.models import ProgresHarian, SkpBulanan
from harian.services import bulan_menunggu
from tests.harian.atasan_helpers import bawahan_dengan_bulan


def executed_partitions(queryset) -> set[str]:
    """The daily-log partitions a query's plan actually scanned (EXPLAIN ANALYZE)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    found = set()

    def walk(node):
        name = node.get("Relation Name", "")
        if name.startswith("harian_progresharian_") and node.get("Actual Loops", 0) > 0:
            found.add(name)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def test_the_months_waiting_read_only_their_own_months_partition(clock, harian_on, atasan):
    [bulan] = bawahan_dengan_bulan(atasan, 1, entries=1)  # February 2026
    counted = SkpBulanan.objects.filter(pk=bulan.pk).with_counts()
    assert [(b.jumlah_entri, b.menunggu) for b in counted] == [(1, 1)]
    assert executed_partitions(counted) == {"harian_progresharian_p2026_02"}
    assert [b.skp_bulanan_id for b in bulan_menunggu(atasan, today=datetime.date(2026, 3, 2))] == [bulan.pk]
    # Without the month's bounds, as these counts were written first, every partition is probed.
    unbounded = SkpBulanan.objects.filter(pk=bulan.pk).annotate(
        ada=Exists(ProgresHarian.objects.filter(skp_bulanan=OuterRef("pk"), kesesuaian__isnull=False))
    )
    assert len(executed_partitions(unbounded)) > 12
