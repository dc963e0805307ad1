import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.casework.models import CaseNote, CaseNoteStatus
from hearth.casework.recovery import COOKIE_NAME

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "note_type": "home_visit",
        "contact_date-day": "9",
        "contact_date-month": "3",
        "contact_date-year": "2026",
        "subject": "Home visit",
        "who_was_seen": "Amara and her mother",
        "child_seen": "on",
        "body": "Amara showed me her room.",
    }
    data.update(extra)
    return data


def test_a_social_worker_saves_a_draft_and_comes_back_to_it(
    signed_in, social_worker, allocated_child, today
):
    client = signed_in(social_worker)
    url = reverse("casework:case_note_new", args=[allocated_child.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(save_draft="1"))
    note = CaseNote.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:case_note", args=[allocated_child.pk, note.pk])
    assert note.status == CaseNoteStatus.DRAFT and note.author == social_worker
    page = client.get(response.url)
    assert "Amara showed me her room." in page.content.decode()
    assert page.cookies[COOKIE_NAME]["httponly"]


def test_finalising_from_the_form_makes_a_read_only_note(
    signed_in, social_worker, allocated_child, today
):
    client = signed_in(social_worker)
    client.post(
        reverse("casework:case_note_new", args=[allocated_child.pk]),
        _form(finalise="1", significant="on"),
    )
    note = CaseNote.objects.get()
    assert note.status == CaseNoteStatus.FINAL and note.significant
    url = reverse("casework:case_note", args=[allocated_child.pk, note.pk])
    page = client.get(url).content.decode()
    assert "This case note is final and cannot be changed" in page
    assert "<textarea" not in page
    response = client.post(url, _form(body="Rewritten history", version=str(note.version)))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == "Amara showed me her room."


def test_finalising_without_the_required_answers_shows_an_error_summary(
    signed_in, social_worker, allocated_child, today
):
    response = signed_in(social_worker).post(
        reverse("casework:case_note_new", args=[allocated_child.pk]),
        {"finalise": "1", "body": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Select the type of case note" in html
    assert "Enter the date of contact" in html
    assert "Enter the case note" in html
    assert not CaseNote.objects.exists()


def test_a_future_date_of_contact_is_refused(signed_in, social_worker, allocated_child, today):
    response = signed_in(social_worker).post(
        reverse("casework:case_note_new", args=[allocated_child.pk]),
        _form(**{"contact_date-day": "11"}, save_draft="1"),
    )
    assert "Date of contact must be today or in the past" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_stale_save_is_refused_and_the_users_text_is_shown_back(
    signed_in, social_worker, allocated_child, draft_note, today
):
    note = draft_note(allocated_child, social_worker, body="Original")
    client = signed_in(social_worker)
    url = reverse("casework:case_note", args=[allocated_child.pk, note.pk])
    client.post(url, _form(body="Saved in another tab", version="1", save_draft="1"))
    response = client.post(url, _form(body="Typed in this tab", version="1", save_draft="1"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "changed in another window or tab" in html
    assert "Typed in this tab" in html
    assert "Saved in another tab" in html
    note.refresh_from_db()
    assert note.body == "Saved in another tab"


def test_an_outsider_gets_not_found_for_case_notes(
    signed_in, other_worker, social_worker, allocated_child, draft_note, today
):
    note = draft_note(allocated_child, social_worker)
    client = signed_in(other_worker)
    assert (
        client.get(reverse("casework:case_note_new", args=[allocated_child.pk])).status_code == 404
    )
    assert (
        client.get(reverse("casework:case_note", args=[allocated_child.pk, note.pk])).status_code
        == 404
    )


def test_a_colleague_cannot_open_someone_elses_draft(
    signed_in, colleague, social_worker, allocated_child, draft_note, today
):
    note = draft_note(allocated_child, social_worker)
    response = signed_in(colleague).get(
        reverse("casework:case_note", args=[allocated_child.pk, note.pk])
    )
    assert response.status_code == 404


def test_autosave_creates_then_updates_the_draft(signed_in, social_worker, allocated_child, today):
    client = signed_in(social_worker)
    url = reverse("casework:case_note_autosave", args=[allocated_child.pk])
    first = client.post(url, {"body": "Half a sentence", "note_id": "", "version": ""}).json()
    assert first["saved"] is True and first["version"] == 1
    second = client.post(
        url,
        {"body": "Half a sentence, now whole.", "note_id": first["noteId"], "version": "1"},
    ).json()
    assert second["noteId"] == first["noteId"] and second["version"] == 2
    assert CaseNote.objects.get().body == "Half a sentence, now whole."
    stale = client.post(url, {"body": "Old", "note_id": first["noteId"], "version": "1"})
    assert stale.status_code == 409


def test_autosave_with_nothing_typed_saves_nothing(
    signed_in, social_worker, allocated_child, today
):
    response = signed_in(social_worker).post(
        reverse("casework:case_note_autosave", args=[allocated_child.pk]), {"body": ""}
    )
    assert response.json() == {"saved": False}
    assert not CaseNote.objects.exists()


def test_autosave_after_the_session_expired_is_sent_to_sign_in(client, allocated_child, today):
    response = client.post(
        reverse("casework:case_note_autosave", args=[allocated_child.pk]), {"body": "x"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


def _expire_session(client: Client) -> None:
    client.cookies.pop(settings.SESSION_COOKIE_NAME)


def test_a_note_posted_after_the_session_expired_is_kept_as_the_authors_draft(
    signed_in, social_worker, allocated_child, today
):
    client = signed_in(social_worker)
    new_url = reverse("casework:case_note_new", args=[allocated_child.pk])
    client.get(new_url)  # opening the page names the author in the signed cookie
    _expire_session(client)

    response = client.post(new_url, _form(finalise="1", body="A long visit write-up."))

    note = CaseNote.objects.get()
    assert note.status == CaseNoteStatus.DRAFT  # kept, not finalised behind the user's back
    assert note.author == social_worker and note.body == "A long visit write-up."
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))
    draft_url = reverse("casework:case_note", args=[allocated_child.pk, note.pk])
    assert "next=" in response.url and str(note.pk) in response.url

    client.force_login(social_worker)
    page = client.get(draft_url + "?kept=1").content.decode()
    assert "We kept your draft case note" in page
    assert "A long visit write-up." in page


def test_an_edit_posted_after_the_session_expired_updates_the_draft(
    signed_in, social_worker, allocated_child, draft_note, today
):
    note = draft_note(allocated_child, social_worker, body="Start")
    client = signed_in(social_worker)
    url = reverse("casework:case_note", args=[allocated_child.pk, note.pk])
    client.get(url)
    _expire_session(client)
    client.post(url, _form(body="Start, and the end.", version="1", save_draft="1"))
    note.refresh_from_db()
    assert note.body == "Start, and the end." and note.version == 2


def test_without_the_signed_cookie_nothing_is_kept(client, social_worker, allocated_child, today):
    response = client.post(
        reverse("casework:case_note_new", args=[allocated_child.pk]), _form(save_draft="1")
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))
    assert not CaseNote.objects.exists()


def test_a_forged_cookie_keeps_nothing(client, social_worker, allocated_child, today):
    client.cookies[COOKIE_NAME] = str(social_worker.pk)  # unsigned
    client.post(reverse("casework:case_note_new", args=[allocated_child.pk]), _form())
    assert not CaseNote.objects.exists()


def test_only_the_same_user_can_recover_the_kept_draft(
    signed_in, social_worker, colleague, allocated_child, today
):
    client = signed_in(social_worker)
    new_url = reverse("casework:case_note_new", args=[allocated_child.pk])
    client.get(new_url)
    _expire_session(client)
    client.post(new_url, _form(body="Private words"))
    note = CaseNote.objects.get()

    client.force_login(colleague)  # someone else signs in on the same browser
    response = client.get(reverse("casework:case_note", args=[allocated_child.pk, note.pk]))
    assert response.status_code == 404


def test_a_get_after_the_session_expired_goes_to_sign_in(client, allocated_child, today):
    response = client.get(reverse("casework:case_note_new", args=[allocated_child.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


def test_the_note_page_loads_the_autosave_script(signed_in, social_worker, allocated_child, today):
    html = (
        signed_in(social_worker)
        .get(reverse("casework:case_note_new", args=[allocated_child.pk]))
        .content.decode()
    )
    assert "casework/case-note-autosave.js" in html
    child_page = signed_in(social_worker).get(
        reverse("casework:child_detail", args=[allocated_child.pk])
    )
    assert "case-note-autosave.js" not in child_page.content.decode()


def test_after_signing_in_again_the_user_lands_on_the_kept_draft(
    signed_in, social_worker, allocated_child, today
):
    client = signed_in(social_worker)
    new_url = reverse("casework:case_note_new", args=[allocated_child.pk])
    client.get(new_url)
    _expire_session(client)

    sign_in_page = client.post(new_url, _form(body="Written on the bus."), follow=True)
    assert "We kept it as a draft" in sign_in_page.content.decode()

    next_url = sign_in_page.redirect_chain[-1][0].split("next=")[1]
    from urllib.parse import unquote

    device = TOTPDevice.objects.create(user=social_worker, name="Authenticator", confirmed=True)
    code_page = client.post(
        reverse(settings.LOGIN_URL) + "?next=" + next_url,
        {"username": social_worker.username, "password": "password", "next": unquote(next_url)},
        follow=True,
    )
    assert code_page.redirect_chain[-1][0].startswith(reverse("accounts:two_factor"))
    response = client.post(
        code_page.redirect_chain[-1][0], {"code": f"{totp(device.bin_key):06d}"}, follow=True
    )
    html = response.content.decode()
    assert "We kept your draft case note" in html
    assert "Written on the bus." in html
