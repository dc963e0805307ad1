import pytest

from hearth.assessments.demo import SCENARIOS, assessments_demo
from hearth.assessments.models import Assessment, AssessmentStatus, CINEpisode
from hearth.casework.tests.factories import AllocationFactory
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_scenario_through_the_services(social_worker, team_a, today):
    for _ in range(len(SCENARIOS)):
        AllocationFactory(child=ChildFactory(), team=team_a, worker=social_worker)
    made = assessments_demo(today=today, seed=7)
    assert set(made) == set(SCENARIOS)
    reasons = set(
        CINEpisode.objects.exclude(closure_reason="").values_list("closure_reason", flat=True)
    )
    assert reasons == {f"RC{n}" for n in range(1, 10)}
    assert CINEpisode.objects.filter(referral_nfa=True).exists()
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in AssessmentStatus}
    assert CINEpisode.objects.get(closure_reason="RC9").step_down_to is not None
    # Running it again adds nothing for children who already have an episode.
    assert assessments_demo(today=today, seed=7) == {}
