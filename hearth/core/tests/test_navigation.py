from django.test import RequestFactory
from django.urls import clear_script_prefix, reverse, set_script_prefix

from hearth.accounts.models import User
from hearth.core.jinja_helpers import navigation


def _menu(path: str, role: str) -> dict[str, tuple[str, bool]]:
    request = RequestFactory().get(path)
    request.user = User(role=role)  # unsaved: the menu reads only the role
    return {item["text"]: (item["href"], item["active"]) for item in navigation(request)}


def test_the_menu_shows_each_role_its_own_links_and_marks_the_current_page():
    worker = _menu(reverse("casework:my_work"), "social_worker")
    assert worker["My work"] == (reverse("casework:my_work"), True)
    assert worker["Your account"] == (reverse("accounts:account"), False)
    assert "Performance" not in worker
    assert "Performance" in _menu("/", "senior_leader")


def test_the_menu_links_follow_the_url_prefix_the_site_is_served_under():
    set_script_prefix("/hearth/")
    try:
        menu = _menu("/hearth/my-work/", "social_worker")
    finally:
        clear_script_prefix()
    assert menu["My work"][0] == "/hearth/my-work/"
    assert _menu("/", "social_worker")["My work"][0] == "/my-work/"
