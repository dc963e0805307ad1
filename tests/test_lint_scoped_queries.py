"""The scoped-query lint (scripts/lint_scoped_queries.py) on small view sources."""

import textwrap
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def lint(load_script):
    return load_script("lint_scoped_queries")


def problems_in(lint, source: str, **kwargs) -> list[str]:
    found = lint.check_source(textwrap.dedent(source), **kwargs)
    return [f"{problem.line}:{problem.how}" for problem in found]


def test_a_bare_manager_of_a_sensitive_model_in_a_view_is_reported(lint):
    source = """
        from hearth.casework.models import CaseNote

        def notes(request, child_id):
            return CaseNote.objects.filter(child_id=child_id)
    """
    assert problems_in(lint, source) == ["5:CaseNote.objects"]


def test_every_named_sensitive_model_is_covered(lint):
    for model in (
        "Person",
        "CaseNote",
        "Document",
        "ChronologyEntry",
        "Allocation",
        "Relationship",
        "Address",
    ):
        assert problems_in(lint, f"rows = {model}.objects.all()\n") == [f"1:{model}.objects"]


def test_a_chain_scoped_with_visible_to_is_allowed(lint):
    source = """
        def search(request):
            children = Person.objects.children().visible_to(request.user)
            also = Person.objects.visible_to(request.user).filter(last_name="Smith")
            return children, also
    """
    assert problems_in(lint, source) == []


def test_visible_to_on_a_different_chain_does_not_excuse_a_bare_manager(lint):
    source = """
        def page(request):
            allowed = Person.objects.children().visible_to(request.user)
            everyone = Person.objects.filter(pk__in=allowed)
            return everyone
    """
    assert problems_in(lint, source) == ["4:Person.objects"]


def test_the_access_helper_and_the_scoped_child_are_allowed(lint):
    source = """
        def child_detail(request, child_id):
            child = child_for(request.user, child_id)
            notes = child.case_notes.all()
            return child, notes
    """
    assert problems_in(lint, source) == []


def test_a_trailing_scoped_comment_with_a_reason_allows_the_line(lint):
    source = """
        def count(request):
            return Allocation.objects.count()  # scoped: a borough-wide total, no child data
    """
    assert problems_in(lint, source) == []


def test_a_scoped_comment_without_a_reason_does_not_allow_the_line(lint):
    source = """
        def count(request):
            return Allocation.objects.count()  # scoped:
    """
    assert problems_in(lint, source) == ["3:Allocation.objects"]


def test_a_scoped_comment_on_another_line_does_not_allow_it(lint):
    source = """
        # scoped: this comment is on its own line
        def count(request):
            return Allocation.objects.count()
    """
    assert problems_in(lint, source) == ["4:Allocation.objects"]


def test_models_that_are_not_sensitive_are_ignored(lint):
    source = """
        def teams(request):
            return Team.objects.all(), Code.objects.filter(list_name="ethnicity")
    """
    assert problems_in(lint, source) == []


def test_module_qualified_and_aliased_models_are_reported(lint):
    source = """
        from hearth.people import models
        from hearth.people.models import Person as P

        def page(request):
            return models.Person.objects.all(), P.objects.all()
    """
    assert problems_in(lint, source) == ["6:Person.objects", "6:Person.objects"]


def test_other_managers_and_shortcuts_are_reported(lint):
    source = """
        from django.shortcuts import get_object_or_404

        def page(request, pk):
            note = get_object_or_404(CaseNote, pk=pk)
            document = Document._default_manager.get(pk=pk)
            return note, document
    """
    assert problems_in(lint, source) == [
        "5:get_object_or_404(CaseNote, ...)",
        "6:Document._default_manager",
    ]


def test_every_model_of_a_front_door_or_pathway_app_is_sensitive(lint, tmp_path: Path):
    models = tmp_path / "front_door" / "models.py"
    models.parent.mkdir()
    models.write_text("class Contact:\n    pass\n\nclass ThresholdDecision:\n    pass\n")
    package = tmp_path / "child_protection" / "models"
    package.mkdir(parents=True)
    (package / "plans.py").write_text("class CPPlan:\n    pass\n")

    found = lint.models_defined_in_apps(tmp_path, lint.SENSITIVE_APPS)

    assert found == {"Contact", "ThresholdDecision", "CPPlan"}
    sensitive = lint.SENSITIVE_MODELS | found
    assert problems_in(lint, "q = Contact.objects.all()\n", sensitive=sensitive) == [
        "1:Contact.objects"
    ]


def test_only_view_modules_are_checked(lint):
    assert lint.is_view_module(Path("hearth/casework/views.py"))
    assert lint.is_view_module(Path("hearth/core/audit_views.py"))
    assert lint.is_view_module(Path("hearth/returns/views/cin.py"))
    assert not lint.is_view_module(Path("hearth/casework/services.py"))
    assert not lint.is_view_module(Path("hearth/casework/querysets.py"))


def test_tests_about_views_are_not_views(lint):
    assert not lint.is_view_module(Path("hearth/casework/tests/test_case_note_views.py"))
    assert not lint.is_view_module(Path("hearth/casework/tests/views.py"))
    assert not lint.is_view_module(Path("hearth/returns/views/test_cin.py"))


def test_the_command_fails_on_a_problem_and_passes_on_clean_views(lint, tmp_path: Path, capsys):
    bad = tmp_path / "bad" / "views.py"
    bad.parent.mkdir()
    bad.write_text("def page(request):\n    return Person.objects.all()\n")
    good = tmp_path / "good" / "views.py"
    good.parent.mkdir()
    good.write_text("def page(request):\n    return Person.objects.visible_to(request.user)\n")

    assert lint.main([str(bad)]) == 1
    output = capsys.readouterr().out
    assert "views.py:2:12: HSQ001 Person.objects of the sensitive model Person" in output
    assert "1 view modules checked, 1 problem" in output

    assert lint.main([str(good)]) == 0
    assert "0 problems" in capsys.readouterr().out
