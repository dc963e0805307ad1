from datetime import date

import pytest

from hearth.people.matching import likely_matches
from hearth.people.tests.factories import AdultFactory, ChildFactory

BORN = date(2015, 3, 14)


@pytest.fixture
def amara(db):
    return ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=BORN)


@pytest.mark.django_db
class TestLikelyMatches:
    def test_the_same_nhs_number_ranks_first_whatever_the_name(self, amara):
        amara.nhs_number = "9434765919"
        amara.save()
        similar = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=BORN)
        matches = likely_matches(
            first_name="Jade", last_name="Smith", date_of_birth=BORN, nhs_number="943 476 5919"
        )
        assert matches[0].person == amara
        assert matches[0].score == 100
        assert "same NHS number" in matches[0].reasons
        assert similar not in [m.person for m in matches]  # a different name is not enough

    def test_the_same_upn_is_an_exact_match(self, amara):
        amara.upn = "B801200005001"
        amara.save()
        matches = likely_matches(first_name="Someone", last_name="Else", upn="b801200005001")
        assert [m.person for m in matches] == [amara]
        assert matches[0].reasons == ["same UPN"]

    def test_a_typo_in_both_names_with_the_same_date_of_birth_is_found(self, amara):
        [match] = likely_matches(first_name="Amarah", last_name="Okafer", date_of_birth=BORN)
        assert match.person == amara
        assert match.reasons[0].startswith("similar name (")
        assert "same date of birth" in match.reasons
        assert 80 <= match.score < 100

    def test_first_and_last_names_typed_the_other_way_round_are_found(self, amara):
        [match] = likely_matches(first_name="Okafor", last_name="Amara", date_of_birth=BORN)
        assert match.person == amara
        assert "first and last names swapped" in match.reasons[0]

    def test_the_known_as_name_counts_as_a_first_name(self, db):
        child = ChildFactory(
            first_name="Oluwadamilare", known_as="Dami", last_name="Adeyemi", date_of_birth=BORN
        )
        [match] = likely_matches(first_name="Dami", last_name="Adeyemi", date_of_birth=BORN)
        assert match.person == child
        assert match.reasons[0] == "same name"

    def test_day_and_month_typed_the_other_way_round_still_match(self, db):
        child = ChildFactory(first_name="Leo", last_name="Hughes", date_of_birth=date(2016, 4, 3))
        [match] = likely_matches(
            first_name="Leo", last_name="Hughes", date_of_birth=date(2016, 3, 4)
        )
        assert match.person == child
        assert "date of birth with day and month swapped" in match.reasons

    def test_a_closer_match_ranks_above_a_weaker_one(self, amara):
        weaker = ChildFactory(
            first_name="Amira", last_name="Okafor", date_of_birth=date(2016, 1, 2)
        )
        matches = likely_matches(first_name="Amara", last_name="Okafor", date_of_birth=BORN)
        assert [m.person for m in matches][:1] == [amara]
        assert all(m.score <= matches[0].score for m in matches)
        assert weaker not in [m.person for m in matches[:1]]

    def test_someone_with_a_different_name_and_date_is_not_offered(self, amara):
        assert (
            likely_matches(first_name="Ben", last_name="Taylor", date_of_birth=date(2012, 1, 1))
            == []
        )

    def test_the_same_date_of_birth_alone_is_not_a_match(self, amara):
        assert likely_matches(first_name="Ben", last_name="Taylor", date_of_birth=BORN) == []

    def test_matching_can_be_limited_to_adults(self, amara):
        mother = AdultFactory(first_name="Grace", last_name="Okafor")
        matches = likely_matches(first_name="Grace", last_name="Okafor", is_child=False)
        assert [m.person for m in matches] == [mother]

    def test_it_makes_one_query_however_many_people_are_held(
        self, amara, django_assert_max_num_queries
    ):
        for n in range(60):
            ChildFactory(last_name="Okafor", date_of_birth=date(2010 + n % 8, 1 + n % 12, 1))
        with django_assert_max_num_queries(1):
            matches = likely_matches(
                first_name="Amara", last_name="Okafor", date_of_birth=BORN, limit=5
            )
        assert matches[0].person == amara
        assert len(matches) <= 5

    def test_candidates_are_narrowed_in_the_database(self, amara, monkeypatch):
        from hearth.people import matching

        for _ in range(30):
            ChildFactory(first_name="Zebedee", last_name="Quill", date_of_birth=date(2001, 1, 1))
        seen: list[int] = []
        original = matching._score

        def spy(person, **kwargs):
            seen.append(person.pk)
            return original(person, **kwargs)

        monkeypatch.setattr(matching, "_score", spy)
        likely_matches(first_name="Amara", last_name="Okafor", date_of_birth=BORN)
        assert seen == [amara.pk]
