"""PostgreSQL keeps api_predikatchange.updated_at: every write that changes what the predikat feed shows for a period
moves that period's updated_at, bulk writes and raw SQL included (docs/rules.md §16.5, decision 0022).

What a row of the feed shows, and the write that changes it:
- the period itself (kode, dates, status, ratings, predikat; inserted or deleted);
- its SKP's pegawai snapshot (nama, jabatan) or unit kerja;
- the pegawai's NIP; the unit's path (a rename or a move);
- the capaian organisasi of the unit or of a unit above it (for the periods with that code below it);
- the instansi's TPP table (its periods with a predikat);
- an angka kredit koefisien (the periods with a predikat whose jabatan names that jenjang).
"""

from django.db import migrations

TOUCH = "UPDATE api_predikatchange c SET updated_at = clock_timestamp()"

FORWARD = f"""
CREATE FUNCTION api_change_periode() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM api_predikatchange WHERE periode_id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO api_predikatchange (periode_id, instansi_id, kode, updated_at)
    VALUES (NEW.id, NEW.instansi_id, NEW.kode, clock_timestamp())
    ON CONFLICT (periode_id) DO UPDATE
        SET instansi_id = EXCLUDED.instansi_id, kode = EXCLUDED.kode, updated_at = EXCLUDED.updated_at;
    RETURN NULL;
END $$;

CREATE TRIGGER api_change_periode_insert AFTER INSERT ON penilaian_periodepenilaian
    FOR EACH ROW EXECUTE FUNCTION api_change_periode();
CREATE TRIGGER api_change_periode_update AFTER UPDATE ON penilaian_periodepenilaian
    FOR EACH ROW WHEN (
        (OLD.instansi_id, OLD.skp_id, OLD.kode, OLD.nama, OLD.mulai, OLD.selesai, OLD.status,
         OLD.rating_hasil_kerja, OLD.rating_perilaku, OLD.predikat)
        IS DISTINCT FROM
        (NEW.instansi_id, NEW.skp_id, NEW.kode, NEW.nama, NEW.mulai, NEW.selesai, NEW.status,
         NEW.rating_hasil_kerja, NEW.rating_perilaku, NEW.predikat)
    ) EXECUTE FUNCTION api_change_periode();
CREATE TRIGGER api_change_periode_delete AFTER DELETE ON penilaian_periodepenilaian
    FOR EACH ROW EXECUTE FUNCTION api_change_periode();

CREATE FUNCTION api_change_skp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {TOUCH} FROM penilaian_periodepenilaian p WHERE p.skp_id = NEW.id AND c.periode_id = p.id;
    RETURN NULL;
END $$;
CREATE TRIGGER api_change_skp AFTER UPDATE ON skp_skp
    FOR EACH ROW WHEN (
        OLD.pegawai_snapshot IS DISTINCT FROM NEW.pegawai_snapshot OR OLD.unit_kerja_id IS DISTINCT FROM NEW.unit_kerja_id
    ) EXECUTE FUNCTION api_change_skp();

CREATE FUNCTION api_change_nip() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {TOUCH} FROM penilaian_periodepenilaian p JOIN skp_skp s ON s.id = p.skp_id
        WHERE s.pegawai_id = NEW.id AND c.periode_id = p.id;
    RETURN NULL;
END $$;
CREATE TRIGGER api_change_nip AFTER UPDATE ON accounts_user
    FOR EACH ROW WHEN (OLD.nip IS DISTINCT FROM NEW.nip) EXECUTE FUNCTION api_change_nip();

CREATE FUNCTION api_change_unit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {TOUCH} FROM penilaian_periodepenilaian p JOIN skp_skp s ON s.id = p.skp_id
        WHERE s.unit_kerja_id = NEW.id AND c.periode_id = p.id;
    RETURN NULL;
END $$;
CREATE TRIGGER api_change_unit AFTER UPDATE ON accounts_unitkerja
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION api_change_unit();

-- A capaian governs its unit and the units below it (docs/rules.md §8.7): touch the periods with its code there.
CREATE FUNCTION api_change_capaian_of(unit_id bigint, period_kode text) RETURNS void LANGUAGE sql AS $$
    {TOUCH}
    FROM penilaian_periodepenilaian p
    JOIN skp_skp s ON s.id = p.skp_id
    JOIN accounts_unitkerja u ON u.id = s.unit_kerja_id
    JOIN accounts_unitkerja root ON root.id = unit_id
    WHERE c.periode_id = p.id AND c.instansi_id = root.instansi_id AND c.kode = period_kode
      AND u.instansi_id = root.instansi_id AND (u.id = root.id OR starts_with(u.path, root.path || ' > '));
$$;
CREATE FUNCTION api_change_capaian() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM api_change_capaian_of(OLD.unit_kerja_id, OLD.kode);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM api_change_capaian_of(NEW.unit_kerja_id, NEW.kode);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER api_change_capaian AFTER INSERT OR UPDATE OR DELETE ON penilaian_capaianunit
    FOR EACH ROW EXECUTE FUNCTION api_change_capaian();

CREATE FUNCTION api_change_tarif() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {TOUCH} FROM penilaian_periodepenilaian p
        WHERE c.instansi_id = NEW.instansi_id AND p.id = c.periode_id AND p.predikat <> '';
    RETURN NULL;
END $$;
CREATE TRIGGER api_change_tarif_insert AFTER INSERT ON laporan_tariftpp
    FOR EACH ROW EXECUTE FUNCTION api_change_tarif();
CREATE TRIGGER api_change_tarif_update AFTER UPDATE ON laporan_tariftpp
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION api_change_tarif();

-- laporan.angka_kredit.jenjang_of reads the jenjang from the jabatan's words ("ahli_pertama" is "ahli pertama").
CREATE FUNCTION api_change_koefisien() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {TOUCH} FROM penilaian_periodepenilaian p JOIN skp_skp s ON s.id = p.skp_id
        WHERE p.id = c.periode_id AND p.predikat <> ''
          AND strpos(' ' || lower(coalesce(s.pegawai_snapshot->>'jabatan', '')) || ' ',
                     ' ' || replace(NEW.jenjang, '_', ' ') || ' ') > 0;
    RETURN NULL;
END $$;
CREATE TRIGGER api_change_koefisien AFTER INSERT OR UPDATE ON laporan_koefisienangkakredit
    FOR EACH ROW EXECUTE FUNCTION api_change_koefisien();

INSERT INTO api_predikatchange (periode_id, instansi_id, kode, updated_at)
SELECT id, instansi_id, kode, now() FROM penilaian_periodepenilaian
ON CONFLICT (periode_id) DO NOTHING;
"""

BACKWARD = """
DROP TRIGGER api_change_koefisien ON laporan_koefisienangkakredit;
DROP FUNCTION api_change_koefisien();
DROP TRIGGER api_change_tarif_update ON laporan_tariftpp;
DROP TRIGGER api_change_tarif_insert ON laporan_tariftpp;
DROP FUNCTION api_change_tarif();
DROP TRIGGER api_change_capaian ON penilaian_capaianunit;
DROP FUNCTION api_change_capaian();
DROP FUNCTION api_change_capaian_of(bigint, text);
DROP TRIGGER api_change_unit ON accounts_unitkerja;
DROP FUNCTION api_change_unit();
DROP TRIGGER api_change_nip ON accounts_user;
DROP FUNCTION api_change_nip();
DROP TRIGGER api_change_skp ON skp_skp;
DROP FUNCTION api_change_skp();
DROP TRIGGER api_change_periode_delete ON penilaian_periodepenilaian;
DROP TRIGGER api_change_periode_update ON penilaian_periodepenilaian;
DROP TRIGGER api_change_periode_insert ON penilaian_periodepenilaian;
DROP FUNCTION api_change_periode();
DELETE FROM api_predikatchange;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_tokens_calls_feed"),
        ("laporan", "0003_koefisien_awal"),
        ("skp", "0007_dokumen_cetak_digest"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
