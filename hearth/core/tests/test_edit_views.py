"""Every edit page carries the edit token, and in each app a stale edit is refused.

A stale edit: user A opens the page, someone else saves a change, A saves the form as it was
shown (with one answer of their own). A must see the GOV.UK error and the table of changed
answers, and nothing of A's may be saved over the other person's change.
"""

import inspect
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hearth.core.concurrency import carries_token
from hearth.core.tests.browser_form import form_data
from hearth.people import services as people_services
from hearth.people.models import Person

STALE = "changed this record after you opened it"


def _refused(response) -> str:
    page = response.content.decode()
    assert response.status_code == 200
    assert STALE in page
    assert 'id="edit-conflicts"' in page
    return page


class TestPeople:
    def test_a_stale_edit_of_a_childs_details_is_refused_and_can_then_be_saved_knowingly(
        self, client, social_worker, team_manager, allocated_child
    ):
        url = reverse("people:edit", args=[allocated_child.pk])
        client.force_login(social_worker)
        page = client.get(url).content.decode()
        assert carries_token(page)
        data = form_data(page)
        people_services.person_update(
            user=team_manager,
            person=Person.objects.get(pk=allocated_child.pk),
            changes={"known_as": "Mara"},
        )
        data["middle_names"] = "Grace"
        page = _refused(client.post(url, data))
        assert "Mara" in page  # the saved answer, beside theirs
        allocated_child.refresh_from_db()
        assert (allocated_child.known_as, allocated_child.middle_names) == ("Mara", "")

        again = client.post(url, form_data(page))
        assert again.status_code == 302
        allocated_child.refresh_from_db()
        assert (allocated_child.known_as, allocated_child.middle_names) == ("", "Grace")


# Every view that fills a form from saved values (it mentions `initial`) is classified here.
# A new edit page fails this test until it carries the edit token, or says why it needs none.
TOKEN = "edit token (hearth.core.concurrency)"
VERSION = "version number checked by the service (StaleCaseNote / StaleAssessment)"
EDIT_VIEWS: dict[str, str] = {
    "people:edit": TOKEN,
    "front_door:contact_consent": TOKEN,
    "front_door:contact_detail": TOKEN,  # the RAG rating form, posted to contact_rag
    "front_door:contact_rag": TOKEN,  # where the RAG rating form posts
    "early_help:episode_detail": TOKEN,
    "assessments:episode_primary_need": TOKEN,
    "child_protection:cp_plan": TOKEN,  # the contingency plan and each action's status form
    "child_protection:cin_plan": TOKEN,  # each action's status form (a token per action)
    "oversight:agreement_edit": TOKEN,
    "oversight:audit_detail": TOKEN,  # the practitioner's response
    "oversight:leadership_change": TOKEN,
    "adoption:previous_permanence": TOKEN,
    "adoption:later_life_letter": TOKEN,
    "children_in_care:episode_correct": TOKEN,
    "children_in_care:review_correct": TOKEN,
    "children_in_care:period_start": TOKEN,  # the UPN and previous permanence it shows again
    "accounts:user_fte": TOKEN,
    "casework:case_note": VERSION,
    "assessments:edit": VERSION,
}
NOT_EDITS: dict[str, str] = {
    "casework:allocate": "each allocation is a new row; initial is the current team",
    "casework:case_note_new": "a new note; initial is today's date",
    "front_door:person_add": "a search; initial is the name on the contact",
    "assessments:episode_close": "closing is a one-way transition; initial is today's date",
    "assessments:new": "a new assessment; initial is today's date",
    "assessments:decide": "a manager's decision, a new row; initial is today's date",
    "returns:annex_a": "a report's parameters",
    "missing_exploitation:allegation_evaluate": "records a new evaluation",
    "oversight:session_new": "a new supervision session; initial is today's date",
    "oversight:oversight_new": "a new oversight record; initial is today's date",
    "oversight:programme_new": "a new audit programme; initial is defaults",
    "oversight:improvement_area_rate": "a new rating row; initial is today's date",
    "oversight:improvement_action": "appends a progress row; the status is its latest",
    "oversight:leadership_new": "a new engagement; initial is today's date",
    "care_leavers:pathway_plan_new": "a new plan; initial is the reason",
    "portal:meeting": "the young person's own draft (session), not a shared record",
    "portal:help": "the young person's own draft (session), not a shared record",
    "portal:messages": "the young person's own draft (session), not a shared record",
    "portal:council": "the young person's own draft (session), not a shared record",
    "indicators:dashboard": "a report's parameters",
}


def _views_filled_from_saved_values() -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(filter(None, [namespace, p.namespace or ""]))
                walk(p.url_patterns, inner if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                view = inspect.unwrap(p.callback)
                if not getattr(view, "__module__", "").startswith("hearth."):
                    continue
                source = inspect.getsource(view)
                # A view that guards a form is an edit view even when nothing is `initial`.
                if "initial" in source or "guard_form(" in source:
                    found[f"{namespace}:{p.name}" if namespace else p.name] = source

    walk(get_resolver().url_patterns, "")
    return found


def test_every_view_filled_from_saved_values_is_classified_as_an_edit_or_not():
    unclassified = set(_views_filled_from_saved_values()) - set(EDIT_VIEWS) - set(NOT_EDITS)
    assert not unclassified, (
        f"These views fill a form from saved values: give them the edit token "
        f"(hearth.core.concurrency.guard_form) and list them in EDIT_VIEWS, or say in NOT_EDITS "
        f"(hearth/core/tests/test_edit_views.py) why they need none: {sorted(unclassified)}"
    )


def test_every_edit_view_checks_the_token_or_a_version():
    views = _views_filled_from_saved_values()
    for name, how in EDIT_VIEWS.items():
        source = views[name]
        if how == TOKEN:
            assert "guard_form(" in source or "saved=lambda" in source, name
        else:
            assert "version" in source, name


def test_every_edit_template_renders_the_token():
    """The pages' own tests GET them and check carries_token(); this catches a template that
    drops the field for every edit page at once."""
    root = Path(__file__).resolve().parents[2]
    templates = {
        "people/jinja2/people/person_form.html",
        "front_door/jinja2/front_door/consent_form.html",
        "front_door/jinja2/front_door/contact_detail.html",
        "early_help/jinja2/early_help/episode_detail.html",
        "assessments/jinja2/assessments/episode_primary_need.html",
        "child_protection/jinja2/child_protection/cp_plan.html",
        "oversight/jinja2/oversight/agreement_form.html",
        "oversight/jinja2/oversight/audit_detail.html",
        "oversight/jinja2/oversight/leadership_change_form.html",
    }
    for template in templates:
        text = (root / template).read_text()
        assert "edit_token(" in text or ".edit_token)" in text, template
    generic = (root / "adoption/jinja2/adoption/form.html").read_text()
    assert "{% for f in form %}{{ field(f) }}" in generic  # field() renders hidden inputs
