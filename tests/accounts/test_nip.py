"""NIP parsing and validation (docs/rules.md §1.2–§1.3): the parts of the 18 digits, and errors that name the
wrong part."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.nip import Nip, check_nip_matches_status, parse_nip, validate_nip

PNS_NIP = "198607112015031003"  # the example of docs/rules.md §1.2
PPPK_NIP = "199211302022211014"  # the example of docs/rules.md §1.3


def _rejection(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_nip(value)
    return caught.value


def _assert_rejected(value: str, *, code: str, names: str) -> None:
    error = _rejection(value)
    assert error.code == code
    message = error.messages[0]
    assert names in message
    assert not value or value not in message
    # validate_nip (the model field validator) refuses it with the same message.
    with pytest.raises(ValidationError) as caught:
        validate_nip(value)
    assert caught.value.messages == [message]


def test_parses_every_part_of_a_pns_nip():
    assert parse_nip(PNS_NIP) == Nip(
        birth_date=datetime.date(1986, 7, 11), tmt_year=2015, tmt_month=3, gender=1, sequence=3
    )
    assert parse_nip(PNS_NIP).is_pppk is False


def test_parses_every_part_of_a_pppk_nip():
    parsed = parse_nip(PPPK_NIP)
    assert parsed == Nip(birth_date=datetime.date(1992, 11, 30), tmt_year=2022, tmt_month=21, gender=1, sequence=14)
    assert parsed.is_pppk is True


def test_parses_a_woman_born_on_a_leap_day():
    parsed = parse_nip("199202292017122999")
    assert parsed.birth_date == datetime.date(1992, 2, 29)
    assert (parsed.tmt_year, parsed.tmt_month, parsed.gender, parsed.sequence) == (2017, 12, 2, 999)


def test_validate_nip_accepts_valid_pns_and_pppk_nips():
    assert validate_nip(PNS_NIP) is None
    assert validate_nip(PPPK_NIP) is None


@pytest.mark.parametrize(
    "value",
    [
        "19860711201503100",  # 17 digits
        "1986071120150310031",  # 19 digits
        "",
        "19860711201503100A",
        "198607112015 31003",
        " 98607112015031003",
        "1986-07-1120150310",
        "１９８６０７１１２０１５０３１００３",  # full-width digits: isdigit() but not ASCII
        "١٩٨٦٠٧١١٢٠١٥٠٣١٠٠٣",  # Arabic-Indic digits
    ],
)
def test_rejects_nip_that_is_not_exactly_18_ascii_digits(value):
    _assert_rejected(value, code="nip_shape", names="18 angka")


def test_rejects_nip_that_is_not_a_string():
    with pytest.raises(ValidationError) as caught:
        parse_nip(198607112015031003)  # type: ignore[arg-type]
    assert caught.value.code == "nip_shape"


@pytest.mark.parametrize(
    "value",
    [
        "198602302015031003",  # 30 February
        "199102292015031003",  # 29 February of a common year
        "198613112015031003",  # month 13
        "198600112015031003",  # month 00
        "198607002015031003",  # day 00
        "198604312015031003",  # 31 April
    ],
)
def test_rejects_nip_whose_birth_date_does_not_exist(value):
    _assert_rejected(value, code="nip_birth_date", names="tanggal lahir")


@pytest.mark.parametrize(
    "value",
    [
        "193912312015031003",  # born before 1940
        "000101012015031003",  # year 0001
    ],
)
def test_rejects_nip_whose_birth_year_is_out_of_range(value):
    _assert_rejected(value, code="nip_birth_date", names="tanggal lahir")


def test_rejects_nip_whose_birth_date_is_in_the_future():
    birth = datetime.date.today() + datetime.timedelta(days=1)
    value = f"{birth:%Y%m%d}{birth.year + 20}031001"
    _assert_rejected(value, code="nip_birth_date", names="tanggal lahir")


def test_accepts_nip_of_someone_born_in_1940():
    assert parse_nip("194001011965031001").birth_date == datetime.date(1940, 1, 1)


@pytest.mark.parametrize(
    "value",
    [
        "198607112015131003",  # TMT month 13
        "198607112015001003",  # TMT month 00
        "198607112015201003",  # 20 is neither a month nor the PPPK code
        "198607112015221003",
    ],
)
def test_rejects_nip_whose_tmt_month_is_impossible(value):
    _assert_rejected(value, code="nip_tmt", names="bulan TMT")


@pytest.mark.parametrize(
    "value",
    [
        "198607112000031003",  # TMT at 14
        "198607111985031003",  # TMT before birth
        "199211302006211014",  # PPPK, TMT at 14
    ],
)
def test_rejects_nip_whose_tmt_year_comes_before_age_15(value):
    _assert_rejected(value, code="nip_tmt", names="tahun TMT")


def test_accepts_nip_whose_tmt_year_is_the_year_of_turning_15():
    assert parse_nip("198607112001031003").tmt_year == 2001


def test_rejects_nip_whose_tmt_year_is_more_than_a_year_ahead():
    value = f"19860711{datetime.date.today().year + 2}031003"
    _assert_rejected(value, code="nip_tmt", names="tahun TMT")


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_rejects_nip_whose_gender_digit_is_not_1_or_2(digit):
    _assert_rejected(f"19860711201503{digit}003", code="nip_gender", names="jenis kelamin")


def test_rejects_nip_whose_sequence_is_000():
    _assert_rejected("198607112015031000", code="nip_sequence", names="nomor urut")


def test_status_check_accepts_pns_nip_for_pns_and_pppk_nip_for_pppk():
    assert check_nip_matches_status(PNS_NIP, "PNS") is None
    assert check_nip_matches_status(PPPK_NIP, "PPPK") is None


def test_status_check_rejects_pns_whose_nip_carries_the_pppk_month_code():
    with pytest.raises(ValidationError) as caught:
        check_nip_matches_status(PPPK_NIP, "PNS")
    assert caught.value.code == "nip_status"
    assert "PPPK" in caught.value.messages[0]
    assert PPPK_NIP not in caught.value.messages[0]


def test_status_check_rejects_pppk_whose_nip_lacks_the_pppk_month_code():
    with pytest.raises(ValidationError) as caught:
        check_nip_matches_status(PNS_NIP, "PPPK")
    assert caught.value.code == "nip_status"
    assert "21" in caught.value.messages[0]
    assert PNS_NIP not in caught.value.messages[0]


def test_status_check_reports_a_malformed_nip_by_its_wrong_part():
    with pytest.raises(ValidationError) as caught:
        check_nip_matches_status("198602302015031003", "PNS")
    assert caught.value.code == "nip_birth_date"
