import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.core.models import AuditEntry
from hearth.reference.models import Code


@pytest.mark.django_db
class TestCodeListPages:
    def test_someone_not_signed_in_is_sent_to_sign_in(self, client):
        for url in (reverse("reference:index"), reverse("reference:detail", args=["sex"])):
            response = client.get(url)
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]

    def test_an_unknown_list_is_not_found(self, client, social_worker):
        client.force_login(social_worker)
        response = client.get(reverse("reference:detail", args=["no_such_list"]))
        assert response.status_code == 404

    def test_any_signed_in_user_sees_the_lists(self, client, partner_referrer, social_worker):
        for user in (partner_referrer, social_worker):
            client.force_login(user)
            response = client.get(reverse("reference:index"))
            assert response.status_code == 200
            page = response.content.decode()
            assert "Placement type" in page
            assert reverse("reference:detail", args=["placement_type"]) in page

    @time_machine.travel("2026-11-26 10:00 +0000", tick=False)
    def test_a_list_shows_each_code_with_its_validity(self, client, social_worker):
        client.force_login(social_worker)
        response = client.get(reverse("reference:detail", args=["placement_type"]))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Registered supported accommodation" in page
        assert "2024-25" in page
        assert "Retired" in page and "In use" in page
        assert "<caption" in page

    def test_earlier_wording_is_shown(self, client, social_worker):
        client.force_login(social_worker)
        response = client.get(reverse("reference:detail", args=["primary_need"]))
        assert "Earlier wording: “Abuse or neglect” up to 2024-25" in response.content.decode()

    def test_the_pages_make_the_same_number_of_queries_however_many_codes(
        self, client, social_worker
    ):
        client.force_login(social_worker)
        urls = [reverse("reference:index"), reverse("reference:detail", args=["contact_outcome"])]

        def queries(url):
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            return len(context.captured_queries)

        before = [queries(url) for url in urls]
        Code.objects.bulk_create(
            Code(list_name="contact_outcome", code=f"X{i}", description="Extra") for i in range(20)
        )
        Code.objects.bulk_create(
            Code(list_name=f"extra_{i}", code="X", description="Extra") for i in range(5)
        )
        assert [queries(url) for url in urls] == before


@pytest.mark.django_db
class TestLoadReferenceCommand:
    def test_the_command_reports_and_audits_what_it_changed(self, capsys):
        Code.objects.filter(list_name="missing_type", code="A").delete()
        call_command("load_reference")
        out = capsys.readouterr().out
        assert "1 codes added" in out and "added missing_type A" in out
        entry = AuditEntry.objects.latest("id")
        assert entry.system_job == "load_reference"

    def test_the_command_changes_nothing_the_second_time(self, capsys):
        count = AuditEntry.objects.count()
        call_command("load_reference")
        assert "0 codes added, 0 updated" in capsys.readouterr().out
        assert AuditEntry.objects.count() == count
