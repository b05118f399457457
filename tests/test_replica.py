"""Reports read a real streaming replica when one is configured, and nothing else does (issue 12, decision 0023).

The standby is the project-local cluster's (`scripts/pg.sh replica start`, started here when it is not running), or
the one DATABASE_REPLICA_URL names. The rest of the suite runs without a "replica" alias; this module adds one once
pytest-django has made the test database on the primary: that database's name, on the standby's server, which has
it by replication. Its TEST MIRROR is what keeps a transactional test from flushing a read-only standby (the
primary's flush reaches it by replication). A mirror alias left on the primary's server would only be a second
connection to the primary, and every "replica" read a primary read that proves nothing: so the test checks that
the connection it reads through is in recovery, and reads through it what only the standby still has.

The proof: the standby's replay is paused, then the primary changes a row and logs a user in; the export shows the
standby's older value while the session, which the standby does not have yet, still logs the user in."""

import contextlib
import csv
import fcntl
import hashlib
import io
import os
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import environ
import psycopg
import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import replica
from laporan.models import TarifTpp
from tests.factories import PeriodePenilaianFactory, SkpFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
URL = reverse("laporan:penilaian_csv")

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def pg_sh(*args: str) -> str:
    return subprocess.run([ROOT / "scripts" / "pg.sh", *args], check=True, capture_output=True, text=True).stdout


class Standby:
    """The standby seen from the side: its replay position, paused and resumed, over a connection of its own."""

    def __init__(self, where: dict):
        self.where, self.connection = where, None
        self.server = {"host": host_of(where), "port": where["OPTIONS"].get("port") or where["PORT"] or None}
        digest = hashlib.md5(f"{self.server}".encode()).hexdigest()[:12]
        self.lock = Path(tempfile.gettempdir()) / f"ekinerja-replica-{digest}.lock"

    def connect(self) -> None:
        if self.connection is None:
            self.connection = psycopg.connect(
                **self.server,
                user=self.where["USER"],
                password=self.where["PASSWORD"] or None,
                dbname="postgres",
                autocommit=True,
            )

    def caught_up(self) -> float:
        """Waits until the standby has replayed everything the primary has committed; returns the seconds waited. A
        marker record is written to the primary's WAL, and the standby has replayed up to its end."""
        started = time.monotonic()
        with connections["default"].cursor() as cursor:
            cursor.execute("select pg_logical_emit_message(false, 'ekinerja-test', 'replay marker')")
            [marker] = cursor.fetchone()
        while not self.connection.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", [marker]).fetchone()[0]:
            assert time.monotonic() - started < 30, "the standby has not replayed the primary's writes in 30 s"
            time.sleep(0.01)
        return time.monotonic() - started

    @contextlib.contextmanager
    def paused(self):
        """Replay paused: the standby stays as it is while the primary moves on. One test process at a time (a
        file lock), since another one's resume would end this one's pause."""
        with self._locked():
            self.connection.execute("select pg_wal_replay_pause()")
            try:
                while self.connection.execute("select pg_get_wal_replay_pause_state()").fetchone()[0] != "paused":
                    time.sleep(0.01)
                yield
            finally:
                self.connection.execute("select pg_wal_replay_resume()")

    def resume(self) -> None:
        """Replay resumed, should a run have been killed during a pause; never during another process's pause."""
        with self._locked():
            self.connection.execute("select pg_wal_replay_resume()")

    @contextlib.contextmanager
    def _locked(self):
        with self.lock.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield


def host_of(alias: dict) -> str:
    """A URL's ?host= (a Unix socket folder) lands in OPTIONS, and wins over HOST."""
    return alias["OPTIONS"].get("host") or alias["HOST"]


def _alias_at(where: dict) -> dict:
    """The replica alias: the primary's test database, on the server `where` names."""
    primary = connections["default"].settings_dict
    return {
        **primary,
        **{key: where[key] for key in ("HOST", "PORT", "USER", "PASSWORD")},
        "OPTIONS": {**primary["OPTIONS"], **where["OPTIONS"], "connect_timeout": 3},
        "TEST": {**primary["TEST"], "MIRROR": "default"},
    }


@contextlib.contextmanager
def replica_alias(alias: dict | None):
    """DATABASES["replica"] is `alias` (None: no replica, as without DATABASE_REPLICA_URL) inside the block; then
    what it was, with the connection's settings as the test runner left them (a mirror's are the primary's)."""
    before = connections.settings.get("replica")
    connected_to = connections["replica"].settings_dict if before is not None else None
    _set_alias(alias)
    try:
        yield
    finally:
        _set_alias(before)
        if before is not None:
            connections["replica"].settings_dict = connected_to


def _set_alias(alias: dict | None) -> None:
    if "replica" in connections.settings:
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]
    if alias is not None:
        connections.settings["replica"] = alias


@pytest.fixture(scope="module", autouse=True)
def standby(django_db_setup, django_db_blocker):
    """The standby, caught up with the primary's new test database, and the "replica" alias pointing at it."""
    with django_db_blocker.unblock():
        url = os.environ.get("DATABASE_REPLICA_URL")
        local = not url
        if local and host_of(environ.Env.db_url_config(pg_sh("url").strip())) != host_of(
            connections["default"].settings_dict
        ):
            pytest.fail("Needs a streaming replica of DATABASE_URL's server: set DATABASE_REPLICA_URL to one")
        side = Standby(environ.Env.db_url_config(url or pg_sh("replica", "url").strip()))
        with contextlib.suppress(psycopg.OperationalError):  # not running yet
            side.connect()
            side.resume()
        if local:
            pg_sh("replica", "start")  # started, or made the first time; caught up with the primary
        side.connect()
        side.caught_up()
        with replica_alias(_alias_at(side.where)):
            yield side
        side.connection.close()


def rows_of(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def sql_of(captured) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("select pg_is_in_recovery()")
        return cursor.fetchone()[0]


@pytest.fixture
def tarif(admin_instansi):
    """A pegawai rated Baik, and the instansi's TPP table paying 100 % for Baik."""
    pegawai = UserFactory(unit_kerja=admin_instansi.unit_kerja, nama="Ani Pegawai")
    PeriodePenilaianFactory(
        skp=SkpFactory(pegawai=pegawai, status="persetujuan"),
        status="ditetapkan",
        rating_hasil_kerja="sesuai",
        rating_perilaku="sesuai",
        predikat="baik",
    )
    return TarifTpp.objects.create(instansi=admin_instansi.instansi, baik=Decimal("100"))


def test_the_export_reads_the_replica_and_the_session_the_primary(client, standby, admin_instansi, tarif):
    standby.caught_up()
    with standby.paused():
        TarifTpp.objects.filter(pk=tarif.pk).update(baik=Decimal("150"))  # the primary only, for now
        client.force_login(admin_instansi)  # a session the standby does not have either
        with (
            CaptureQueriesContext(connections["default"]) as on_primary,
            CaptureQueriesContext(connections["replica"]) as on_replica,
        ):
            response = client.get(URL)
            [row] = rows_of(response)  # the rows are read while the body streams, after the view returned

        assert response.status_code == 200  # logged in: the session and its user were read from the primary
        assert row["Nama"] == "Ani Pegawai" and row["Predikat Kinerja"] == "Baik"
        assert row["Persentase TPP"] == "100"  # the standby's row: the change is not replayed yet
        assert "django_session" in sql_of(on_primary) and "django_session" not in sql_of(on_replica)
        for table in ("penilaian_periodepenilaian", "laporan_tariftpp", "accounts_unitkerja"):
            assert table in sql_of(on_replica) and table not in sql_of(on_primary)
        assert in_recovery("replica") and not in_recovery("default")

        # A page outside REPLICA_READ_PATHS reads the primary alone.
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            assert client.get(reverse("accounts:home")).status_code == 200
        assert on_replica.captured_queries == []

        # Without a replica (no DATABASE_REPLICA_URL) the same export reads the primary.
        with replica_alias(None):
            [row] = rows_of(client.get(URL))
        assert row["Persentase TPP"] == "150"

    standby.caught_up()
    [row] = rows_of(client.get(URL))
    assert row["Persentase TPP"] == "150"  # replayed: the report shows it


def test_after_saving_anything_the_browser_reads_the_primary_for_a_while(client, standby, admin_instansi, tarif):
    """The admin saves the TPP table and downloads the report at once: it shows what they saved, however far the
    standby is behind."""
    client.force_login(admin_instansi)
    standby.caught_up()
    with standby.paused():
        form = {"sangat_baik": "120", "baik": "150", "butuh_perbaikan": "", "kurang": "", "sangat_kurang": ""}
        response = client.post(reverse("admin:laporan_tariftpp_change", args=[tarif.pk]), form)
        assert response.status_code == 302
        cookie = response.cookies[replica.STICKY_COOKIE]
        assert cookie["max-age"] == 10 and cookie["httponly"]

        with CaptureQueriesContext(connections["replica"]) as on_replica:
            [row] = rows_of(client.get(URL))
        assert row["Persentase TPP"] == "150"
        assert on_replica.captured_queries == []


def test_writes_and_transactions_go_to_the_primary_while_reads_go_to_the_replica(standby, instansi):
    standby.caught_up()
    with standby.paused(), replica.on_replica():
        tarif = TarifTpp.objects.create(instansi=instansi, baik=Decimal("100"))  # a read-only standby would refuse

        assert not TarifTpp.objects.filter(pk=tarif.pk).exists()  # a plain read: the standby, which lags
        with transaction.atomic():  # a service: its reads, and its lock, on the primary
            assert TarifTpp.objects.select_for_update().get(pk=tarif.pk).baik == 100
        with replica.on_primary():
            assert TarifTpp.objects.filter(pk=tarif.pk).exists()

    standby.caught_up()
    with replica.on_replica(), CaptureQueriesContext(connections["replica"]) as on_replica:
        assert TarifTpp.objects.filter(pk=tarif.pk).exists()
    assert len(on_replica.captured_queries) == 1


def test_an_unreachable_replica_leaves_the_reports_to_the_primary(
    client, standby, admin_instansi, tarif, tmp_path, caplog, monkeypatch
):
    monkeypatch.setattr(replica, "_down_until", 0.0)
    client.force_login(admin_instansi)
    nowhere = {**standby.where, "OPTIONS": {"host": str(tmp_path)}}  # a socket folder no server listens in
    with replica_alias(_alias_at(nowhere)):
        rows = rows_of(client.get(URL)) + rows_of(client.get(URL))

    assert [row["Persentase TPP"] for row in rows] == ["100", "100"]
    warnings = [r.getMessage() for r in caplog.records if r.name == "core.replica"]
    assert len(warnings) == 1  # once per RETRY_SECONDS, not once per request
    assert "reading the primary for 30 s" in warnings[0]
