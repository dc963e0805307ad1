"""Every pathway appears in the demo borough, consistent with the pathway apps' own rules.

Every test here that uses the database reads the one shared `borough` (see conftest.py)."""

from collections import defaultdict

from hearth.assessments.models import Assessment, CINEpisode
from hearth.casework.models import Allocation, ChronologyEntry
from hearth.demo.generator import cin, early_help, front_door, pathways
from hearth.demo.tests.conftest import REFERENCE_DATE
from hearth.early_help.models import EarlyHelpEpisode, EarlyHelpService
from hearth.front_door.models import (
    Contact,
    ContactPerson,
    ContactStatusChange,
    MashCheck,
    Referral,
    ThresholdDecision,
)
from hearth.front_door.rules import CONSENT_NEEDS_REASON, OPEN_STATUSES, ContactStatus

OPEN_KIND_PREFIXES = ("Assessment", "Safeguarding", "Children in Care")


def test_the_pathway_generators_are_one_list_in_order():
    names = [p.__name__ for p in pathways.PATHWAYS]
    assert names.index("assessments_demo") < names.index("generate")
    assert pathways.PATHWAYS.index(cin.generate) < pathways.PATHWAYS.index(front_door.generate)
    assert pathways.PATHWAYS.index(front_door.generate) < pathways.PATHWAYS.index(
        early_help.generate
    )


def test_every_pathway_has_rows(borough):
    for model in (
        Contact,
        ContactPerson,
        MashCheck,
        ThresholdDecision,
        Referral,
        CINEpisode,
        Assessment,
        EarlyHelpService,
        EarlyHelpEpisode,
    ):
        assert model.objects.exists(), model.__name__
    assert Contact.objects.open().exists()
    assert ChronologyEntry.objects.filter(category="contact").exists()
    # The portal: accounts, views sent before a meeting, a reset link a worker sent.
    from hearth.portal.models import MeetingViews, PasswordReset, PortalAccount

    assert PortalAccount.objects.exists() and MeetingViews.objects.exists()
    reset = PasswordReset.objects.get()
    assert reset.requested_by_id != reset.account.user_id
    assert reset.used_at is None and reset.withdrawn_at is None


def test_contact_status_is_the_latest_status_change(borough):
    latest = {}
    for change in ContactStatusChange.objects.order_by("id"):
        latest[change.contact_id] = change.status
    for contact_id, status in Contact.objects.values_list("id", "status"):
        assert latest[contact_id] == status


def test_consent_not_sought_or_dispensed_with_always_has_a_reason_and_rationale(borough):
    needing = Contact.objects.filter(consent_status__in=sorted(CONSENT_NEEDS_REASON))
    assert needing.exists()
    for contact in needing:
        assert contact.consent_reason and contact.consent_rationale.strip()
        contact.full_clean()


def test_decided_contacts_have_one_decision_in_effect_and_every_child_recorded(borough):
    for contact in Contact.objects.filter(status=ContactStatus.DECIDED):
        in_effect = contact.decisions.filter(superseded=False)
        assert in_effect.count() == 1
        decision = in_effect.get()
        assert decision.applied_at is not None and decision.authorised_by_id is not None
        decision.full_clean()
    undecided = ContactPerson.objects.filter(
        contact__status=ContactStatus.DECIDED, is_subject_child=True, recorded_as=""
    )
    assert not undecided.exists()
    for contact in Contact.objects.filter(status__in=sorted(OPEN_STATUSES)):
        assert not contact.decisions.exclude(applied_at=None).filter(superseded=False).exists()


def test_referrals_point_at_the_childs_cin_episode_opened_on_the_referral_date(borough):
    referrals = Referral.objects.select_related("cin_episode")
    assert referrals.exists()
    for referral in referrals:
        assert referral.cin_episode.child_id == referral.child_id
        assert referral.cin_episode.referral_date == referral.referral_date


def test_open_cin_episodes_belong_to_allocated_children_and_allocated_children_have_one(borough):
    current = {
        a.child_id: a for a in Allocation.objects.current(REFERENCE_DATE).select_related("team")
    }
    open_episodes = CINEpisode.objects.filter(closure_date=None)
    for child_id in open_episodes.values_list("child_id", flat=True):
        assert child_id in current
    with_open = set(open_episodes.filter(referral_nfa=False).values_list("child_id", flat=True))
    for child_id, allocation in current.items():
        if allocation.team.name.startswith(OPEN_KIND_PREFIXES):
            assert child_id in with_open, child_id
    by_child = defaultdict(list)
    for episode in CINEpisode.objects.order_by("referral_date", "id"):
        by_child[episode.child_id].append(episode)
    for episodes in by_child.values():  # episodes never overlap
        for earlier, later in zip(episodes, episodes[1:], strict=False):
            assert earlier.closure_date is not None or earlier.referral_nfa
            assert later.referral_date >= (earlier.closure_date or earlier.referral_date)
    assert CINEpisode.objects.exclude(closure_date=None).exists()
