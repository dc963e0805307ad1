"""Security headers on every kind of response (docs/security.md, "Web hardening")."""

from __future__ import annotations

import importlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from config.env import ConfigurationError


def _directives(header: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.fixture
def pages(client, social_worker, allocated_child):
    anonymous = client.get(reverse("accounts:login"))
    client.force_login(social_worker)
    return [
        anonymous,
        reverse("casework:my_work"),
        reverse("casework:child_detail", args=[allocated_child.pk]),
        reverse("people:search") + "?q=a",
    ]


def test_the_sign_in_page_and_signed_in_pages_forbid_inline_script_and_framing(client, pages):
    for page in pages:
        response = page if not isinstance(page, str) else client.get(page)
        assert response.status_code == 200, page
        policy = _directives(response["Content-Security-Policy"])
        scripts = policy["script-src"]
        assert "'self'" in scripts
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        assert policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["style-src"] == ["'self'"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_one_inline_script_carries_the_nonce_of_its_own_response(client):
    first = client.get(reverse("accounts:login"))
    second = client.get(reverse("accounts:login"))
    nonces = []
    for response in (first, second):
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
        assert inline == [f' nonce="{nonce}"'], "every inline script must carry the nonce"
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_session_and_csrf_cookies_are_http_only(client, social_worker):
    client.force_login(social_worker)
    response = client.get(reverse("casework:my_work"))
    assert response.status_code == 200
    assert "sessionid" in client.cookies
    for name in ("sessionid", "csrftoken"):
        if name in client.cookies:
            assert client.cookies[name]["httponly"], name


def test_production_settings_add_hsts_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "hearth.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://hearth@localhost/hearth")
    production = importlib.reload(importlib.import_module("config.settings.production"))
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY and production.CSRF_COOKIE_HTTPONLY
    assert production.SECURE_SSL_REDIRECT


def test_a_form_posted_without_its_csrf_token_is_refused(social_worker, allocated_child):
    client = Client(enforce_csrf_checks=True)
    client.force_login(social_worker)
    url = reverse("casework:child_detail", args=[allocated_child.pk])
    assert client.get(url).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert client.get(url).status_code == 200, "the refused sign-out changed nothing"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(monkeypatch, missing):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "hearth.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://hearth@localhost/hearth")
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigurationError, match=missing):
        importlib.reload(importlib.import_module("config.settings.production"))
