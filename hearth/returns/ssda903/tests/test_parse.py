"""Reading a folder of SSDA903 CSV files as the DfE does."""

from __future__ import annotations

from datetime import date

from hearth.returns.ssda903.parse import from_tables, parse
from hearth.returns.ssda903.samples import LA_ONS_CODE, YEAR, clean_sample, write_sample


def test_tables_are_recognised_by_their_columns_whatever_the_files_are_called(tmp_path):
    this, last = write_sample(clean_sample(), tmp_path)
    (this / "Episodes.csv").rename(this / "zz-anything.csv")
    ret = parse(this, year=YEAR, la_ons_code=LA_ONS_CODE, previous=last)
    assert ret.problems == []
    assert len(ret.rows("Episodes")) == 7
    assert ret.has_last("Episodes", "Header")


def test_files_matching_no_table_and_short_rows_are_reported_with_file_and_line(tmp_path):
    (tmp_path / "odd.csv").write_text("CHILD,FAVOURITE_COLOUR\nA1,BLUE\n")
    (tmp_path / "header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,F,01/02/2015,WBRI,UN1,0,\n\nA2,M\n"
    )
    ret = parse(tmp_path, year=YEAR, la_ons_code=LA_ONS_CODE)
    reasons = {(p.file, p.line): p.reason for p in ret.problems}
    assert reasons[("odd.csv", 1)].startswith("The columns match no SSDA903 table")
    assert reasons[("header.csv", 4)] == "Expected 7 values, found 2"
    assert [(r["CHILD"], r["_i"], r["_line"]) for r in ret.rows("Header")] == [
        ("A1", 0, 2),
        ("A2", 1, 4),
    ]


def test_values_are_upper_cased_blanks_are_none_and_dates_are_parsed():
    sample = clean_sample()
    sample.this["Header"][0].update(SEX="f", MC_DOB="", DOB="1/2/2012")
    ret = from_tables(sample.this, year=YEAR, la_ons_code=LA_ONS_CODE)
    alice = ret.rows("Header")[0]
    assert alice["SEX"] == "F"
    assert alice["MC_DOB"] is None and alice["MC_DOB_d"] is None
    assert alice["DOB_d"] == date(2012, 2, 1)
    assert alice["_line"] == 2


def test_placement_fields_are_derived_from_the_postcodes():
    ret = from_tables(clean_sample().this, year=YEAR, la_ons_code=LA_ONS_CODE)
    alice, *_ = ret.rows("Episodes")
    assert alice["PL_LA"] == "316"  # Newham's DfE code
    assert alice["PL_LOCATION"] == "IN"
    assert alice["PL_DISTANCE"] == 1.4


def test_a_placement_in_a_county_district_is_in_the_countys_area():
    sample = clean_sample()
    sample.this["Episodes"][0].update(HOME_POST="CM1 1JE", PL_POST="CM2 0HU")  # Chelmsford
    ret = from_tables(sample.this, year=YEAR, la_ons_code="E10000012")  # Essex
    alice = ret.rows("Episodes")[0]
    assert alice["PL_LOCATION"] == "IN"
    assert ret.la_code == alice["PL_LA"]
