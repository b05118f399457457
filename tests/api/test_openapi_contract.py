"""Tests generated from the API's own OpenAPI description (schemathesis), against the app running on loopback with a
valid token: every operation, with values the description allows and values it forbids, answers with a status and a
body the description promises, and never a server error. So the description and the behaviour cannot drift apart
(docs/rules.md §16.6). Kept short: a few dozen requests per operation."""

import json

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

from api.v1 import api as v1
from tests.api.conftest import make_token
from tests.factories import PeriodePenilaianFactory, SkpFactory, UnitKerjaFactory, UserFactory

CONFIG = {
    "seed": 20261130,  # the same requests on every run: a failure here is reproducible
    "generation": {"max-examples": 10, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
    "checks": {
        # A cursor is an opaque string: the description cannot say which strings we signed, so a well-formed one
        # of our making is accepted and any other string is a documented 400.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "429"]},
    },
}

# The description as the app builds it for /api/v1/openapi.json (the last test checks that the app serves exactly
# this); loaded from the code at collection, as no database is open yet.
DESCRIPTION = v1.get_openapi_schema()
schema = schemathesis.openapi.from_dict(DESCRIPTION, config=SchemathesisConfig.from_dict(CONFIG))


@pytest.fixture
def api_secret(live_server, admin_instansi, settings, instansi, unit):
    """A token with every scope, and rows for it to read: two pegawai rated, one in a unit below."""
    settings.API_RATE_PER_MINUTE = 100_000  # the generated calls come faster than a payroll system's
    bawah = UnitKerjaFactory(instansi=instansi, parent=unit)
    for where in (unit, bawah):
        skp = SkpFactory(pegawai=UserFactory(unit_kerja=where), status="persetujuan")
        PeriodePenilaianFactory(skp=skp, rating_hasil_kerja="diatas", rating_perilaku="sesuai", predikat="sangat_baik")
    return make_token(admin_instansi)[1]


@schema.parametrize()
# The token and rows are made once per operation and only read by the generated calls: nothing to reset between them.
@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_every_operation_keeps_its_description(case, api_secret, live_server):
    case.call_and_validate(base_url=live_server.url, headers={"Authorization": f"Bearer {api_secret}"})


def test_the_description_is_served_and_names_the_bearer_scheme(live_server):
    description = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=10).json()
    assert description == json.loads(json.dumps(DESCRIPTION))  # what the generated tests read
    assert set(description["paths"]) == {"/api/v1/predikat", "/api/v1/periode", "/api/v1/unit-kerja"}
    [scheme] = description["components"]["securitySchemes"].values()
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
