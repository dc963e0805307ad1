"""Every edit page carries the edit token, and in each app a stale edit is refused.

A stale edit: user A opens the page, someone else saves a change, A saves the form as it was
shown (with one answer of their own). A must see the GOV.UK error and the table of changed
answers, and nothing of A's may be saved over the other person's change.
"""

from django.urls import reverse

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
