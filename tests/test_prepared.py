"""core.prepared: a query compiled once gives, for every value, what the plain ORM query gives (decision 0026)."""

import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from accounts.models import PltAssignment, UnitKerja, User
from core.prepared import prepared
from tests.factories import PltAssignmentFactory, UnitKerjaFactory, UserFactory

pytestmark = pytest.mark.django_db


def _people(atasan_id, joined):
    return User.objects.filter(Q(pk=atasan_id) | Q(atasan=atasan_id, date_joined__date__gte=joined)).select_related(
        "unit_kerja"
    )


@prepared(atasan_id=int, joined=datetime.date)
def people(atasan_id, joined):
    return _people(atasan_id, joined).order_by("nama")


@prepared(instansi_id=int)
def units_per_parent(instansi_id):
    return UnitKerja.objects.filter(instansi=instansi_id).order_by().values("parent_id").annotate(n=Count("pk"))


def test_model_rows_with_their_select_related_rows_as_the_orm_gives_them():
    kepala = UserFactory()
    staff = [UserFactory(atasan=kepala, unit_kerja=kepala.unit_kerja) for _ in range(3)]
    UserFactory()  # someone else's
    today = datetime.date.today()
    for who in (kepala, staff[0]):
        expected = list(_people(who.pk, today - datetime.timedelta(days=1)).order_by("nama"))
        got = people(atasan_id=who.pk, joined=today - datetime.timedelta(days=1))
        assert [u.pk for u in got] == [u.pk for u in expected] and got
        with CaptureQueriesContext(connection) as queries:
            assert [u.unit_kerja.nama for u in got] == [u.unit_kerja.nama for u in expected]
        assert len(queries) == 0  # the unit rows came with the users
    assert people(atasan_id=kepala.pk, joined=today + datetime.timedelta(days=1)) == [kepala]


def test_values_with_a_group_by():
    root = UnitKerjaFactory()
    for _ in range(3):
        UnitKerjaFactory(instansi=root.instansi, parent=root)
    UnitKerjaFactory()  # another instansi
    expected = list(
        UnitKerja.objects.filter(instansi=root.instansi).order_by().values("parent_id").annotate(n=Count("pk"))
    )
    assert sorted(units_per_parent(instansi_id=root.instansi_id), key=str) == sorted(expected, key=str)


def test_one_query_per_call_and_the_same_sql_each_time():
    kepala = UserFactory()
    today = datetime.date.today()
    people(atasan_id=kepala.pk, joined=today)
    with CaptureQueriesContext(connection) as queries:
        people(atasan_id=kepala.pk, joined=today)
        people(atasan_id=kepala.pk + 1, joined=today)
    assert len(queries) == 2 and queries[0]["sql"].split("WHERE")[0] == queries[1]["sql"].split("WHERE")[0]


def test_a_value_that_does_not_reach_the_sql_as_itself_is_refused():
    @prepared(nama=str)
    def by_name(nama):
        return User.objects.filter(nama__icontains=nama)  # the parameter is %nama%, not nama

    with pytest.raises(ImproperlyConfigured, match="nama"):
        by_name(nama="Budi")


def test_the_wrong_keywords_are_refused():
    with pytest.raises(TypeError):
        people(atasan_id=1)


@pytest.mark.django_db(transaction=True)
def test_each_thread_uses_its_own_connection():
    """gthread workers: the compiler cached by one thread must not run on that thread's connection in another."""
    plt = PltAssignmentFactory()

    @prepared(pegawai_id=int, day=datetime.date)
    def posts(pegawai_id, day):
        return PltAssignment.objects.filter(pegawai=pegawai_id).active_on(day)

    posts(pegawai_id=plt.pegawai_id, day=plt.mulai)
    seen = {}

    def other_thread():
        from django.db import connection as its_connection

        seen["rows"] = [p.pk for p in posts(pegawai_id=plt.pegawai_id, day=plt.mulai)]
        seen["connection"] = id(its_connection.connection)
        its_connection.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen["rows"] == [plt.pk]
    assert seen["connection"] != id(connection.connection)


def test_an_array_parameter_of_any_length():
    from django.db.models.expressions import RawSQL

    @prepared(ids=list)
    def users(ids):
        return User.objects.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids])).order_by("pk")

    people = [UserFactory() for _ in range(3)]
    assert users(ids=[]) == []
    assert users(ids=[people[2].pk]) == [people[2]]
    assert users(ids=[p.pk for p in people]) == people


def _prepared_on_this_connection() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_postgresql_keeps_the_statement_prepared_and_the_query_log_shows_it():
    """Planned once per connection (server-side binding, DB_PREPARED_STATEMENTS): from the second run on the
    statement is a prepared one, and it still gives the ORM's rows and shows in the query log."""
    kepala = UserFactory()
    staff = UserFactory(atasan=kepala)
    today = datetime.date.today()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert {u.pk for u in people(atasan_id=kepala.pk, joined=today - datetime.timedelta(days=1))} == {
                kepala.pk,
                staff.pk,
            }
    assert all(q["sql"] and '"accounts_user"' in q["sql"] for q in queries.captured_queries)
    assert any('"accounts_user"."atasan_id" = $' in sql for sql in _prepared_on_this_connection())


def test_without_prepared_statements_the_values_are_bound_on_the_client(settings):
    """DB_PREPARED_STATEMENTS=false (a pooler that cannot keep them): nothing is prepared, the rows are the same."""

    @prepared(nip=str)
    def by_nip(nip):  # a statement of its own: no other test has prepared it on this connection
        return User.objects.filter(nip=nip, is_active=True)

    pegawai = UserFactory()
    connection.ensure_connection()
    connection.connection.prepare_threshold = None  # what the setting gives a new connection
    try:
        for _ in range(3):
            assert by_nip(nip=pegawai.nip) == [pegawai]
        assert not any('"accounts_user"."nip" = $' in sql for sql in _prepared_on_this_connection())
    finally:
        connection.connection.prepare_threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
