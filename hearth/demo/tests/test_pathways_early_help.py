"""The early help pathway in a 300-child borough built by the test itself (test_pathways.py
reads one shared 60-child borough, where every test must use it)."""

from hearth.demo.tests.conftest import REFERENCE_DATE, run
from hearth.early_help.models import EarlyHelpEpisode, EarlyHelpService
from hearth.people.models import Person


def test_early_help_has_a_directory_with_an_age_gap_and_step_downs_and_step_ups(
    db, on_reference_date
):
    run("demo", "--children", "300", "--seed", "5", "--today", REFERENCE_DATE.isoformat())
    services = EarlyHelpService.objects.all()
    assert 6 <= services.count() <= 10
    assert not services.for_age(17).exists() and services.for_age(5).exists()
    episodes = EarlyHelpEpisode.objects.all()
    assert episodes.filter(end_date=None).exists()
    assert episodes.exclude(stepped_down_from=None).exists()
    stepped_up = episodes.filter(end_reason="step_up")
    assert stepped_up.exists() and not stepped_up.filter(stepped_up_to=None).exists()
    for episode in episodes[:50]:
        episode.full_clean()
    assert Person.objects.children().filter(front_door_contacts__isnull=False).exists()
