import shutil

import pytest

from hearth.reference import lookups
from hearth.reference.loader import (
    DATA_DIR,
    ReferenceDataError,
    load_reference_data,
    read_code_rows,
)
from hearth.reference.models import Code, CodeLabel

HEADER = "list_name,code,description,valid_from,valid_to,sort_order,source\n"


@pytest.fixture
def data_dir(tmp_path):
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def append(data_dir, line, name="local.csv"):
    with (data_dir / name).open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


@pytest.mark.django_db
class TestLoadReferenceData:
    def test_the_migration_has_loaded_every_code_into_the_database(self):
        assert Code.objects.count() == len(read_code_rows())
        assert CodeLabel.objects.filter(code__code="N1").count() == 2

    def test_loading_again_changes_nothing(self):
        before = list(Code.objects.values_list("id", "list_name", "code", "description"))
        report = load_reference_data()
        assert report.created == [] and report.updated == []
        assert report.unchanged == len(before)
        assert not report.changed
        assert list(Code.objects.values_list("id", "list_name", "code", "description")) == before

    def test_a_new_row_is_added_and_an_edited_row_is_updated_in_place(self, data_dir):
        original = Code.objects.get(list_name="contact_outcome", code="NFA")
        append(data_dir, "contact_outcome,MASH,Passed to MASH,2026,,50,Local")
        text = (data_dir / "local.csv").read_text(encoding="utf-8")
        (data_dir / "local.csv").write_text(
            text.replace(
                "contact_outcome,NFA,No Further Action,2000,,10",
                "contact_outcome,NFA,No further action,2000,2025,10",
            ),
            encoding="utf-8",
        )
        report = load_reference_data(data_dir=data_dir)
        assert report.created == [("contact_outcome", "MASH")]
        assert report.updated == [("contact_outcome", "NFA")]
        updated = Code.objects.get(pk=original.pk)
        assert (updated.description, updated.valid_to) == ("No further action", 2025)

    def test_a_code_missing_from_the_files_is_never_deleted(self, data_dir):
        Code.objects.create(
            list_name="legal_status", code="V1", description="Legacy", valid_to=2009
        )
        load_reference_data(data_dir=data_dir)
        assert Code.objects.filter(list_name="legal_status", code="V1").exists()

    def test_a_malformed_file_loads_nothing(self, data_dir):
        append(data_dir, "contact_outcome,NEW,Brand new,2026,,60,Local")
        append(data_dir, "contact_outcome,BAD,Bad years,2026,2020,70,Local")
        with pytest.raises(ReferenceDataError, match="valid_to is before valid_from"):
            load_reference_data(data_dir=data_dir)
        assert not Code.objects.filter(code__in=["NEW", "BAD"]).exists()

    def test_a_code_listed_twice_is_refused(self, data_dir):
        append(data_dir, "contact_outcome,NFA,Again,2000,,99,Local")
        with pytest.raises(ReferenceDataError, match="appears twice"):
            load_reference_data(data_dir=data_dir)

    def test_a_year_that_is_not_a_collection_year_is_refused(self, data_dir):
        append(data_dir, "contact_outcome,ODD,Odd,24,,99,Local")
        with pytest.raises(ReferenceDataError, match="collection year"):
            load_reference_data(data_dir=data_dir)

    def test_a_wrong_header_is_refused(self, data_dir):
        (data_dir / "local.csv").write_text("code,description\nX,Y\n", encoding="utf-8")
        with pytest.raises(ReferenceDataError, match="header"):
            load_reference_data(data_dir=data_dir)

    def test_an_earlier_description_must_belong_to_a_known_code(self, data_dir):
        append(data_dir, "primary_need,N99,Nothing,2000,2010,Test", name="earlier_descriptions.csv")
        with pytest.raises(ReferenceDataError, match="not a code in the lists"):
            load_reference_data(data_dir=data_dir)

    def test_loading_clears_the_lookup_cache(self, data_dir):
        assert not lookups.is_valid("contact_outcome", "MASH")
        append(data_dir, "contact_outcome,MASH,Passed to MASH,2000,,50,Local")
        load_reference_data(data_dir=data_dir)
        assert lookups.is_valid("contact_outcome", "MASH")
