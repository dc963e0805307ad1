"""Locust: practitioners working a normal day on Hearth (run by bench/load/run.py).

Each simulated user is one demo practitioner, signed in beforehand (a session cookie made by
run.py through Django's own login, so the sign-in lockout and two-factor steps are not what is
measured). The mix, by weight: the worktray 4, a child's page 4, search 3, recording a visit 1,
saving an assessment draft 1. Every acknowledged write (a redirect after the visit, a 200
"saved" from the draft) is written to HEARTH_LOAD_WRITES so run.py can check that each one is
in the database afterwards.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["HEARTH_LOAD_PLAN"]).read_text())
WRITES = Path(os.environ["HEARTH_LOAD_WRITES"])
_lock = threading.Lock()
_next = 0
_writes: list[dict[str, Any]] = []
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Khan", "Patel", "Wilson", "Evans", "Ali", "Ahmed"]
THINK = tuple(float(part) for part in os.environ.get("HEARTH_LOAD_THINK", "1-4").split("-"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _practitioner() -> dict[str, Any]:
    global _next
    with _lock:
        chosen = PLAN["practitioners"][_next % len(PLAN["practitioners"])]
        _next += 1
    return chosen


@events.test_stop.add_listener
def _save_writes(**_: Any) -> None:
    WRITES.write_text(json.dumps(_writes))


class Practitioner(HttpUser):
    # Reading and typing between requests: HEARTH_LOAD_THINK="MIN-MAX" seconds (run.py --think).
    wait_time = between(*THINK)

    def on_start(self) -> None:
        # Practitioners are part-way through reading or typing when the test starts, not all
        # clicking at once: each starts after a random part of one think time.
        time.sleep(random.uniform(0, THINK[1]))
        self.me = _practitioner()
        self.client.cookies.set("sessionid", self.me["session"])
        self.client.cookies.set("csrftoken", self.me["csrf"])
        self.visits = 0
        self.draft_version = self.me.get("assessment_version")

    def _child(self) -> int:
        return int(random.choice(self.me["children"]))

    @task(4)
    def worktray(self) -> None:
        self.client.get("/my-work/", name="worktray")

    @task(4)
    def child_page(self) -> None:
        self.client.get(f"/children/{self._child()}/", name="child page")

    @task(3)
    def search(self) -> None:
        self.client.get("/people/search/", params={"q": random.choice(SURNAMES)}, name="search")

    @task(1)
    def record_visit(self) -> None:
        child = self._child()
        page = self.client.get(f"/children/{child}/case-notes/new/", name="visit form")
        token = CSRF.search(page.text)
        self.visits += 1
        subject = f"Load visit {self.me['username']} {self.visits} {random.randrange(10**9)}"
        today = date.today()
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else self.me["csrf"],
            "note_type": "home_visit",
            "contact_date-day": str(today.day),
            "contact_date-month": str(today.month),
            "contact_date-year": str(today.year),
            "subject": subject,
            "who_was_seen": "The child and their mother",
            "child_seen": "on",
            "body": "Saw the child at home. Room tidy; school going well. " * 8,
            "finalise": "1",
        }
        with self.client.post(
            f"/children/{child}/case-notes/new/",
            data=data,
            name="record a visit",
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": self.client.base_url},
        ) as response:
            if response.status_code == 302:
                response.success()
                with _lock:
                    _writes.append({"kind": "visit", "child": child, "subject": subject})
            else:
                response.failure(f"visit not saved: {response.status_code}")

    @task(1)
    def save_assessment_draft(self) -> None:
        assessment = self.me.get("assessment")
        if not assessment:
            return self.worktray()
        child, pk = assessment
        marker = f"Draft {self.me['username']} {random.randrange(10**9)}"
        data = {
            "csrfmiddlewaretoken": self.me["csrf"],
            "version": str(self.draft_version or 1),
            "analysis": f"{marker}. The family engaged well with the assessment.",
        }
        with self.client.post(
            f"/assessments/child/{child}/{pk}/autosave/",
            data=data,
            name="save assessment draft",
            catch_response=True,
            headers={"Referer": self.client.base_url},
        ) as response:
            body = (
                response.json()
                if response.headers.get("content-type", "").startswith("application/json")
                else {}
            )
            if response.status_code == 200 and body.get("saved"):
                response.success()
                self.draft_version = body.get("version", self.draft_version)
                with _lock:
                    _writes.append({"kind": "draft", "assessment": pk, "marker": marker})
            else:
                response.failure(f"draft not saved: {response.status_code} {body}")
