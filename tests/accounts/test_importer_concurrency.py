"""The same pegawai CSV uploaded three times at once (three admins, or one impatient double-click in three tabs):
one import writes it, the others are told to wait — never a 500, never a duplicate."""

import pytest

from accounts.importer import BUSY, ImportRejected, ImportReport, import_pegawai
from accounts.models import User
from tests.accounts.test_importer import csv_text, make_row
from tests.skp.test_concurrency import run_together

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.mark.parametrize("repetition", range(3))
def test_three_identical_imports_at_once_one_wins_and_the_others_get_a_clear_message(repetition):
    text = csv_text([make_row(n) for n in range(1, 301)])

    results = run_together(*[lambda: import_pegawai(text=text)] * 3)

    assert all(isinstance(r, ImportReport | ImportRejected) for r in results), results
    reports = [r for r in results if isinstance(r, ImportReport)]
    assert reports and reports[0].created + sum(r.unchanged for r in reports[1:]) >= 300
    for refused in (r for r in results if isinstance(r, ImportRejected)):
        assert [str(e) for e in refused.errors] == [BUSY]
    assert User.objects.count() == 300
