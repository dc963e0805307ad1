"""Restricted records on the children in care service lists (reviews due, permanence
tracker, open IRO challenges, a carer's children placed, sufficiency's short-notice moves): a
restricted child in the viewer's circle whom they are not named on stays listed (counts stay
true) as "Restricted record" with no name or link; opening it is still "not found"; the named
user sees the name; query counts stay fixed."""

from datetime import date

from django.urls import reverse

from hearth.people.tests.restricted import assert_masked, assert_named, restrict

LISTS = [
    "children_in_care:reviews_due",
    "children_in_care:permanence",
    "children_in_care:challenges",
]


def _raise_and_restrict(period, iro, *named):
    from hearth.children_in_care import services

    services.iro_challenge_raise(
        user=iro, period=period, raised_on=date(2026, 6, 1), issue="Drift", addressed_to="TM"
    )
    return restrict(period.child, *named)


def test_the_service_lists_mask_a_restricted_child_the_viewer_is_not_named_on(
    signed_in, period, iro, team_manager, social_worker
):
    child = _raise_and_restrict(period, iro, social_worker)
    client = signed_in(team_manager)
    page = reverse("children_in_care:child", args=[child.pk])
    for name in LISTS:
        assert_masked(client.get(reverse(name)).content.decode(), child, page)
    reviews = client.get(reverse("children_in_care:reviews_due")).content.decode()
    assert "Children looked after now (1)" in reviews
    tracker = client.get(reverse("children_in_care:permanence")).content.decode()
    assert "1 children looked after now" in tracker
    assert client.get(page).status_code == 404


def test_the_service_lists_name_a_restricted_child_for_the_named_user(
    signed_in, period, iro, team_manager
):
    child = _raise_and_restrict(period, iro, team_manager)
    client = signed_in(team_manager)
    for name in LISTS:
        assert_named(client.get(reverse(name)).content.decode(), child)


def test_masking_keeps_the_reviews_due_query_count_fixed(
    signed_in,
    start,
    period,
    iro,
    team_manager,
    other_child,
    other_worker,
    django_assert_max_num_queries,
):
    _raise_and_restrict(period, iro)
    client = signed_in(team_manager)
    url = reverse("children_in_care:reviews_due")
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    start(child=other_child, user=other_worker)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_carer_page_lists_a_restricted_child_placed_there_masked(
    signed_in, period, carers, team_manager, social_worker
):
    restrict(period.child, social_worker)
    url = reverse("children_in_care:carer", args=[carers.pk])
    html = signed_in(team_manager).get(url).content.decode()
    assert_masked(html, period.child, reverse("children_in_care:child", args=[period.child.pk]))
    period.child.restricted_to.add(team_manager)
    assert_named(signed_in(team_manager).get(url).content.decode(), period.child)


def test_sufficiency_lists_a_restricted_childs_short_notice_move_masked(
    signed_in, period, social_worker, team_manager
):
    from hearth.children_in_care import services
    from hearth.children_in_care.models import Provider, ProviderKind
    from hearth.children_in_care.validation import Placement

    agency = Provider.objects.create(
        name="Bright Futures Fostering",
        kind=ProviderKind.AGENCY_FOSTER,
        provider_code="PR4",
        urn="SC654321",
        postcode="SE1 7PB",
        capacity=40,
    )
    services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 6, 1),
        placement=Placement(place="U6", provider=agency),
        reason_place_change="CARPL",
        notice_given_on=date(2026, 5, 29),
    )
    restrict(period.child, social_worker)
    url = reverse("children_in_care:sufficiency")
    assert_masked(signed_in(team_manager).get(url).content.decode(), period.child)
    period.child.restricted_to.add(team_manager)
    assert_named(signed_in(team_manager).get(url).content.decode(), period.child)
