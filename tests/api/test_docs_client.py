"""The sample client of docs/api.md, taken from the page as it is written, reads every row of a period from the
running app with a token: the documentation stays true (docs/rules.md §16.6)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.api.conftest import make_token
from tests.factories import PeriodePenilaianFactory, SkpFactory, UserFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def sample_client() -> str:
    """The Python block under "## A client" in docs/api.md."""
    section = DOC.read_text(encoding="utf-8").split("## A client", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_documented_client_reads_every_row_of_a_period(live_server, admin_instansi, admin_lain, unit, tmp_path):
    ours = []
    for n in range(5):
        skp = SkpFactory(pegawai=UserFactory(unit_kerja=unit, nama=f"Pegawai {n}"), status="persetujuan")
        ours.append(
            PeriodePenilaianFactory(
                skp=skp, status="ditetapkan", rating_hasil_kerja="sesuai", rating_perilaku="sesuai", predikat="baik"
            )
        )
    PeriodePenilaianFactory(skp=ours[0].skp, kode=f"{ours[0].mulai.year}-TW2", nama="Triwulan II")  # another period
    theirs = PeriodePenilaianFactory(
        skp=SkpFactory(pegawai=UserFactory(unit_kerja=admin_lain.unit_kerja), status="persetujuan")
    )
    _, secret = make_token(admin_instansi)
    script = tmp_path / "baca_predikat.py"
    script.write_text(sample_client(), encoding="utf-8")

    env = {**os.environ, "EKINERJA_URL": live_server.url, "EKINERJA_TOKEN": secret, "EKINERJA_LIMIT": "2"}
    done = subprocess.run(
        [sys.executable, str(script), ours[0].kode], env=env, capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(row["id"] for row in rows) == sorted(p.pk for p in ours)
    assert theirs.pk not in {row["id"] for row in rows}
    assert {row["predikat_kinerja"]["nama"] for row in rows} == {"Baik"}
    assert f"5 baris periode {ours[0].kode}" in done.stderr


def test_the_documented_client_says_why_a_token_is_refused(live_server, tmp_path):
    script = tmp_path / "baca_predikat.py"
    script.write_text(sample_client(), encoding="utf-8")
    env = {**os.environ, "EKINERJA_URL": live_server.url, "EKINERJA_TOKEN": "ekn_bukan-token"}
    done = subprocess.run(
        [sys.executable, str(script), "2026-TW1"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode != 0 and "401" in done.stderr and "Authorization" in done.stderr
