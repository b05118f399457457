"""Every create form is idempotent and every refusal keeps what was typed (docs/rules.md §11.6, issue 10): the same
form sent twice, or the same content sent again from a fresh form (Back, then Simpan), makes one row."""

import pytest
from django.urls import reverse

from penilaian.models import BuktiDukung, FeedbackRekan, RencanaAksi
from tests.factories import PeriodePenilaianFactory, RencanaAksiFactory, SkpFactory, complete_skp

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def periode(pegawai):
    return PeriodePenilaianFactory(skp=complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan")))


def token_of(html: str) -> str:
    return html.split('name="client_token" value="')[1].split('"')[0]


def test_rencana_aksi_sent_again_from_a_fresh_form_is_made_once(client, pegawai, periode):
    rhk = periode.skp.rhk_list.first()
    url = reverse("penilaian:rencana_aksi_tambah", args=[periode.pk, rhk.pk])
    client.force_login(pegawai)
    data = {"teks": "Menyusun laporan bulanan", "target_angka": "3", "satuan": "laporan"}
    first = token_of(client.get(url).content.decode())
    client.post(url, {**data, "client_token": first})
    client.post(url, {**data, "client_token": first})  # a double click
    again = token_of(client.get(url).content.decode())  # Back reloads the form: a new token
    assert again != first
    client.post(url, {**data, "client_token": again})
    assert RencanaAksi.objects.filter(periode=periode, rhk=rhk).count() == 1
    client.post(
        url, {**data, "teks": "Menyusun laporan triwulan", "client_token": token_of(client.get(url).content.decode())}
    )
    assert RencanaAksi.objects.filter(periode=periode, rhk=rhk).count() == 2  # a different one is a new row


def test_bukti_dukung_sent_again_from_a_fresh_form_is_made_once(client, pegawai, periode):
    ra = RencanaAksiFactory(periode=periode, rhk=periode.skp.rhk_list.first())
    url = reverse("penilaian:bukti_tambah", args=[ra.pk])
    client.force_login(pegawai)
    data = {"nama": "Notulen", "link": "https://drive.example.go.id/notulen.pdf"}
    for _ in range(2):
        client.post(url, {**data, "client_token": token_of(client.get(url).content.decode())})
    assert BuktiDukung.objects.filter(rencana_aksi=ra).count() == 1


@pytest.fixture
def skp_rekan(pegawai_lain):
    return SkpFactory(pegawai=pegawai_lain, status="persetujuan")


def test_feedback_rekan_sent_twice_or_again_after_back_is_made_once(client, pegawai, skp_rekan):
    client.force_login(pegawai)
    page = client.post(reverse("penilaian:rekan"), {"nip": skp_rekan.pegawai.nip}).content.decode()
    data = {
        "skp": skp_rekan.pk,
        "teks": "Selalu sigap membantu",
        "polaritas": "positif",
        "client_token": token_of(page),
    }
    client.post(reverse("penilaian:rekan"), data)
    client.post(reverse("penilaian:rekan"), data)
    page = client.post(reverse("penilaian:rekan"), {"nip": skp_rekan.pegawai.nip}).content.decode()
    client.post(reverse("penilaian:rekan"), {**data, "client_token": token_of(page)})
    assert FeedbackRekan.objects.filter(skp=skp_rekan, pemberi=pegawai).count() == 1


def test_feedback_rekan_without_polarity_keeps_the_text_and_says_why(client, pegawai, skp_rekan):
    client.force_login(pegawai)
    data = {"skp": skp_rekan.pk, "teks": "Teks yang tidak boleh hilang"}
    html = client.post(reverse("penilaian:rekan"), data).content.decode()
    assert "Teks yang tidak boleh hilang" in html
    assert "Pilih 👍 Positif atau 👎 Negatif." in html
    assert f'value="{skp_rekan.pk}" checked' in html
    assert not FeedbackRekan.objects.exists()


def test_refused_feedback_rekan_keeps_the_text(client, pegawai, skp_rekan):
    """A refusal from the rules (here: the colleague's SKP was reopened meanwhile) keeps the form and the text."""
    client.force_login(pegawai)
    page = client.post(reverse("penilaian:rekan"), {"nip": skp_rekan.pegawai.nip}).content.decode()
    type(skp_rekan).objects.filter(pk=skp_rekan.pk).update(status="revisi")
    data = {"skp": skp_rekan.pk, "teks": "Tetap di sini", "polaritas": "positif", "client_token": token_of(page)}
    html = client.post(reverse("penilaian:rekan"), data, follow=True).content.decode()
    assert "sudah disetujui" in html
    assert not FeedbackRekan.objects.exists()
