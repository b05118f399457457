"""The demo data: what the README promises, loaded idempotently."""

import io
from pathlib import Path

from django.core.management import call_command

from accounts.models import Instansi, JenisJabatan, PltAssignment, UnitKerja, User, UserEvent


def test_demo_covers_every_role_the_readme_promises(db):
    call_command("seed_demo", stdout=io.StringIO())
    pegawai = User.objects.filter(instansi__nama="Pemerintah Kabupaten Sukamaju")
    assert 35 <= pegawai.count() <= 45
    used = set(pegawai.values_list("jenis_jabatan", flat=True))
    for jenis in (JenisJabatan.JPT_PRATAMA, "Administrator", "Pengawas", "Pelaksana", "Fungsional"):
        assert jenis in used
    assert set(pegawai.values_list("status_kepegawaian", flat=True)) == {"PNS", "PPPK"}
    # The top of the tree is the Bupati, a pejabat non-ASN with no NIP; the Sekretaris Daerah reports to them.
    bupati = pegawai.get(atasan__isnull=True)
    assert bupati.is_pejabat_non_asn and bupati.nip is None and bupati.nama_login == "bupati.sukamaju"
    top = pegawai.get(atasan=bupati)
    assert top.jenis_jabatan == JenisJabatan.JPT_PRATAMA
    assert UnitKerja.objects.filter(instansi__nama="Pemerintah Kabupaten Sukamaju").order_by("-depth")[0].depth == 3
    assert PltAssignment.objects.count() == 1
    assert pegawai.filter(is_staff=True, is_superuser=False).count() == 1
    assert User.objects.filter(is_superuser=True, instansi__isnull=True).count() == 1
    assert all(u.check_password("ekinerja-demo") for u in User.objects.all())


def test_second_run_changes_nothing(db, capsys):
    call_command("seed_demo")
    counts = [m.objects.count() for m in (Instansi, UnitKerja, User, PltAssignment, UserEvent)]
    capsys.readouterr()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "0 pegawai dibuat, 0 diperbarui" in out
    assert [m.objects.count() for m in (Instansi, UnitKerja, User, PltAssignment, UserEvent)] == counts


def test_demo_prints_logins_without_the_password_hash(db, capsys):
    call_command("seed_demo", url="http://127.0.0.1:8000/")
    out = capsys.readouterr().out
    assert "ekinerja-demo" in out
    assert "admin instansi" in out and "superadmin" in out
    assert "md5$" not in out and "pbkdf2" not in out


def test_the_demo_kepala_sekolah_heads_a_unit_kerja_mandiri_and_plans_with_its_model(db):
    from skp.models import ModelSkp, Skp

    call_command("seed_demo", stdout=io.StringIO())
    kepsek = User.objects.get(nama="Ni Luh Putu Sari")
    assert kepsek.unit_kerja.mandiri
    assert Skp.objects.get(pegawai=kepsek, plt=None).model == ModelSkp.PIMPINAN_UNIT


def test_every_kurva_page_the_demo_links_to_draws_its_ideal_curve(db, client):
    import re

    from django.urls import reverse

    from penilaian.models import CapaianUnit, PeriodePenilaian

    call_command("seed_demo", stdout=io.StringIO())
    periods = PeriodePenilaian.objects.exclude(penilai=None).select_related("penilai")
    assert periods.count() >= 4
    pages = set()
    for periode in periods:
        client.force_login(periode.penilai)
        html = client.get(reverse("penilaian:pemantauan") + f"?kode={periode.kode}").content.decode()
        pages |= {(periode.penilai_id, url) for url in re.findall(r'href="([^"]*/kurva/[^"]+)"', html)}
    assert len(pages) >= 3
    for penilai_id, url in pages:
        client.force_login(User.objects.get(pk=penilai_id))
        html = client.get(url).content.decode()
        assert 'fill="#c0392b"' in html and "belum ditetapkan" not in html, url

    # The Setda's capaian came after the Bupati rated its Sekretaris Daerah: their Rating Hasil Kerja follows it.
    sekda = periods.get(skp__pegawai__nama="Hendra Wijaya")
    assert sekda.penilai.is_pejabat_non_asn
    assert (sekda.rating_hasil_kerja, sekda.predikat) == ("diatas", "sangat_baik")
    capaian = CapaianUnit.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert CapaianUnit.objects.count() == capaian


def test_demo_prints_one_login_per_journey_of_the_readme_and_each_fits(db, capsys):
    """Issue 10: `make run` names a login for each journey, and the demo data still is what the line says."""
    from penilaian.models import PeriodePenilaian, StatusPeriode
    from skp.models import Skp, StatusSkp

    call_command("seed_demo", url="http://127.0.0.1:8000/")
    logins = {}
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("  "):
            login, _, rest = line.strip().partition(" ")
            logins[rest.strip()] = login

    def user(phrase: str) -> User:
        matches = [login for described, login in logins.items() if phrase in described]
        assert len(matches) == 1, f"make run prints no single login for {phrase!r}"
        return User.objects.get_by_natural_key(matches[0])

    baru = user("belum punya SKP")
    assert not Skp.objects.filter(pegawai=baru).exists()
    assert Skp.objects.filter(pegawai=baru.atasan, status=StatusSkp.PERSETUJUAN).exists()  # RHK to intervene

    revisi = user("SKP dikembalikan (Revisi)")
    assert Skp.objects.get(pegawai=revisi, plt=None).status == StatusSkp.REVISI

    atasan = user("menunggu persetujuan")
    assert Skp.objects.filter(pegawai__atasan=atasan, status=StatusSkp.PENGAJUAN).exists()
    assert PeriodePenilaian.objects.filter(penilai=atasan, status=StatusPeriode.TERBUKA, rating_hasil_kerja="").exists()

    assert user("kepala daerah").nama_login == "bupati.sukamaju"
    admin = user("admin instansi")
    assert admin.is_staff and not admin.is_superuser

    # The README's table of journeys names the same logins.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for person in (baru, revisi, atasan, admin):
        assert f"| `{person.nip}` | {person.nama}" in readme
