"""Nothing is deleted by accident (issue 10): without JavaScript, Hapus of an SKP, an RHK, an indikator or a lampiran
asks first on a page of its own; with JavaScript the button's hx-confirm has asked, and the delete goes through."""

import pytest
from django.urls import reverse

from skp.models import Indikator, LampiranItem, Rhk, Skp
from tests.factories import SkpFactory, complete_skp


@pytest.fixture
def skp(pegawai):
    return complete_skp(SkpFactory(pegawai=pegawai), rhk_count=2)


def cases(skp):
    rhk = skp.rhk_list.order_by("pk").first()
    indikator = rhk.indikator_list.first()
    item = skp.lampiran_list.first()
    return [
        ("skp:hapus", [skp.pk], {}, lambda: Skp.objects.filter(pk=skp.pk).exists(), "Hapus SKP?"),
        (
            "skp:rhk_hapus",
            [skp.pk, rhk.pk],
            {"version": rhk.version},
            lambda: Rhk.objects.filter(pk=rhk.pk).exists(),
            "Hapus RHK?",
        ),
        (
            "skp:indikator_hapus",
            [skp.pk, indikator.pk],
            {"version": indikator.version},
            lambda: Indikator.objects.filter(pk=indikator.pk).exists(),
            "Hapus indikator?",
        ),
        (
            "skp:lampiran_hapus",
            [skp.pk, item.pk],
            {"version": item.version},
            lambda: LampiranItem.objects.filter(pk=item.pk).exists(),
            "Hapus lampiran?",
        ),
    ]


@pytest.mark.parametrize("n", range(4))
def test_a_plain_post_asks_first_and_the_confirmation_deletes(client, pegawai, skp, n):
    name, args, data, exists, title = cases(skp)[n]
    client.force_login(pegawai)
    page = client.post(reverse(name, args=args), data).content.decode()
    assert f"<h1>{title}</h1>" in page and 'name="yakin" value="1"' in page
    for key, value in data.items():
        assert f'name="{key}" value="{value}"' in page  # the form posted again as it was
    assert exists()
    client.post(reverse(name, args=args), {**data, "yakin": "1"})
    assert not exists()


@pytest.mark.parametrize("n", range(4))
def test_through_htmx_the_buttons_own_confirmation_was_enough(client, pegawai, skp, n):
    name, args, data, exists, _ = cases(skp)[n]
    client.force_login(pegawai)
    client.post(reverse(name, args=args), data, headers={"HX-Request": "true"})
    assert not exists()
