"""Every unique rule tells the user, in Indonesian, that the thing already exists. Django's own message for a rule
over several fields reads "… dengan Instansi dan Tanggal ini tidak ada" ("does not exist") in its Indonesian
catalogue, the opposite of what happened; a form that checks the rule (the admin's) would show it. So each
UniqueConstraint carries its own message, and this test finds one that does not."""

import pytest
from django.apps import apps
from django.db.models import UniqueConstraint
from django.urls import reverse
from django.utils import translation

OUR_APPS = ("accounts", "skp", "penilaian", "harian", "laporan", "api")


def _unique_constraints():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for constraint in model._meta.constraints:
                if isinstance(constraint, UniqueConstraint):
                    yield pytest.param(model, constraint, id=f"{model._meta.label}.{constraint.name}")


@pytest.mark.parametrize(("model", "constraint"), list(_unique_constraints()))
def test_every_unique_rule_says_the_thing_already_exists(model, constraint):
    with translation.override("id"):
        assert constraint.violation_error_message != constraint.default_violation_error_message
        message = constraint.get_violation_error_message()
    assert "sudah" in message and "tidak ada" not in message and constraint.name not in message


def test_no_model_falls_back_on_djangos_message_for_several_fields():
    together = [m._meta.label for m in apps.get_models() if m._meta.app_label in OUR_APPS and m._meta.unique_together]
    assert together == []  # unique_together cannot carry a message of its own: use a UniqueConstraint


def test_a_second_holiday_on_the_same_date_is_refused_with_the_right_words_and_the_text_kept(client, admin_instansi):
    client.force_login(admin_instansi)
    add = reverse("admin:harian_hariliburinstansi_add")
    first = client.post(add, {"tanggal": "2026-03-09", "nama": "Hari Jadi Kabupaten", "jenis": "libur"})
    assert first.status_code == 302
    response = client.post(add, {"tanggal": "2026-03-09", "nama": "Hari Jadi (ulang)", "jenis": "libur"})
    html = response.content.decode()
    assert response.status_code == 200 and "Tanggal ini sudah ada dalam kalender instansi" in html
    assert "tidak ada" not in html and 'value="Hari Jadi (ulang)"' in html
