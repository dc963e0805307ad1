"""Browser journeys: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server, with axe-core checks for WCAG 2.2 A and AA.

Run with `make test-system` (which makes sure /usr/bin/chromium and node_modules/axe-core are
there). Playwright's own browser downloads are never used."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TEST_PASSWORD = "password"  # what UserFactory sets
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure_chromium.py (make test-system)")
    # Playwright's sync API runs an event loop in this thread, and the tests still build their
    # data through the ORM in the same thread, which Django allows only with this switch. It is
    # set here, not at import, so the unit tests collected alongside keep Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh browser context (no cookies) pointed at the live server. Every journey is also
    a Content-Security-Policy check: a script, style or frame the policy refused fails it."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not refused, "The Content-Security-Policy refused:\n" + "\n".join(refused)


def give_authenticator(user: Any) -> Any:
    """The user's authenticator app as the tests hold it (a confirmed TOTP device), made when
    their role needs two-factor and they have none, so sign-in asks for a code, not set-up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hearth.accounts.services import two_factor_required

    if not two_factor_required(user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def enter_second_factor(page: Page, user: Any) -> None:
    """On the "Enter your security code" page, type what the user's app shows now. A journey
    may sign the same person in twice within one 30-second step, so the device forgets the
    last code it took (django-otp refuses a code twice, as it should for people)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    page.get_by_label("Security code", exact=True).fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()


@pytest.fixture
def second_factor() -> SimpleNamespace:
    """For journeys that fill the sign-in form themselves: `give(user)` before the password,
    `enter(page, user)` on the security code page."""
    return SimpleNamespace(give=give_authenticator, enter=enter_second_factor)


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """Sign a user in through the sign-in page, as a person would, with the second factor
    when their role needs it. `from_here=True` fills the sign-in page the browser is on (to
    keep its `next`), instead of opening a fresh one."""

    def _sign_in(
        page: Page, user: Any, password: str = TEST_PASSWORD, *, from_here: bool = False
    ) -> None:
        device = give_authenticator(user)
        if not from_here:
            page.goto("/accounts/login/")
        page.get_by_label("Username", exact=True).fill(user.username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if device is not None:
            enter_second_factor(page, user)
            page.wait_for_load_state()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    return _sign_in


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"       {summary_line}")
    return "\n".join(lines)


def run_axe(page: Page) -> dict[str, Any]:
    """Inject axe-core into the page and return its results for the WCAG 2.2 A/AA tags."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run npm install (make setup)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not govern (an
        # injected <script> element would be refused, as it should be).
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        """async (tags) => {
            const results = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return {
                passes: results.passes.length,
                violations: results.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map((n) => ({
                        target: n.target, html: n.html, failureSummary: n.failureSummary,
                    })),
                })),
            };
        }""",
        WCAG_TAGS,
    )


def landmark_problems(page: Page) -> list[str]:
    """WCAG 2.4.1 (bypass blocks), which axe's WCAG rules leave to best-practice checks: the
    page has one main landmark and the skip link leads to an element that exists."""
    return page.evaluate(
        """() => {
            const problems = [];
            const mains = document.querySelectorAll("main, [role=main]");
            if (mains.length !== 1) {
                problems.push(`expected one main landmark, found ${mains.length}`);
            }
            const skip = document.querySelector("a.govuk-skip-link");
            if (!skip) {
                problems.push("no skip link");
            } else {
                const id = (skip.getAttribute("href") || "").replace(/^#/, "");
                if (!document.getElementById(id)) {
                    problems.push(`the skip link's target #${id} does not exist`);
                }
            }
            return problems;
        }"""
    )


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """Fail with a readable list when axe-core finds any WCAG 2.2 A/AA violation, or the page
    has no main landmark for its skip link."""

    def _assert_accessible(page: Page) -> None:
        page.wait_for_load_state("load")
        results = run_axe(page)
        assert results["passes"] > 0, "axe-core ran no checks: was it injected?"
        report = []
        if results["violations"]:
            report.append(format_violations(results["violations"]))
        report.extend(f"- [bypass blocks] {problem}" for problem in landmark_problems(page))
        assert not report, f"{page.url}\n" + "\n".join(report)
        print(f"axe-core: no WCAG 2.2 A/AA violations on {page.url}")

    return _assert_accessible


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/system is a browser journey, whether or not it says so."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.system)
