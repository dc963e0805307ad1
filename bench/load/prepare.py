"""Make the load test's plan from the demo borough: N practitioners (social workers with a
caseload), each signed in through Django's own login (a real session row), their children,
and a draft assessment of theirs to save. Also checks afterwards that every write the load
test saw acknowledged is in the database.

    python bench/load/prepare.py plan  --users 100 --out PLAN.json
    python bench/load/prepare.py check --plan PLAN.json --writes WRITES.json

Run with DATABASE_URL set; uses config.settings.base. Prints JSON on stdout for `check`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def plan(users: int, out: Path) -> None:
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.assessments.models import Assessment, AssessmentStatus
    from hearth.casework.models import Allocation
    from hearth.people.models import Person

    today = timezone.localdate()
    workers = (
        User.objects.filter(
            is_active=True, role="social_worker", allocations__end_date__isnull=True
        )
        .distinct()
        .order_by("username")[:users]
    )
    practitioners: list[dict[str, Any]] = []
    for worker in workers:
        # Only children the worker may open: an allocation can outlive need-to-know (a sealed
        # record after adoption, a restricted record the worker is not named on), and opening
        # one is a correct 404, not a failure of the system under load.
        may_open = Person.objects.children().visible_to(worker).values("pk")
        children = list(
            Allocation.objects.current(today)
            .filter(worker=worker, child_id__in=may_open)
            .values_list("child_id", flat=True)
            .order_by("child_id")[:40]
        )
        if not children:
            continue
        draft = (
            Assessment.objects.filter(
                worker=worker,
                status__in=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED],
                child_id__in=may_open,
            )
            .order_by("pk")
            .first()
        )
        client = Client()
        client.force_login(worker)  # the real login path: session row, signals, audit
        practitioners.append(
            {
                "username": worker.username,
                "session": client.cookies["sessionid"].value,
                "csrf": _get_new_csrf_string(),
                "children": children,
                "assessment": [draft.child_id, draft.pk] if draft else None,
                "assessment_version": draft.version if draft else None,
            }
        )
    out.write_text(json.dumps({"today": today.isoformat(), "practitioners": practitioners}))
    drafts = sum(1 for p in practitioners if p["assessment"])
    print(f"plan: {len(practitioners)} practitioners, {drafts} with a draft assessment")


def check(writes_path: Path) -> None:
    from hearth.assessments.models import Assessment
    from hearth.casework.models import CaseNote
    from hearth.core.audit import verify_chain

    writes = json.loads(writes_path.read_text()) if writes_path.exists() else []
    visits = [w for w in writes if w["kind"] == "visit"]
    subjects = set(
        CaseNote.objects.filter(subject__in=[w["subject"] for w in visits]).values_list(
            "subject", flat=True
        )
    )
    missing_visits = [w for w in visits if w["subject"] not in subjects]
    last_draft: dict[int, str] = {}
    for w in writes:
        if w["kind"] == "draft":
            last_draft[w["assessment"]] = w["marker"]
    analyses = dict(Assessment.objects.filter(pk__in=last_draft).values_list("pk", "analysis"))
    missing_drafts = [
        pk for pk, marker in last_draft.items() if marker not in (analyses.get(pk) or "")
    ]
    chain = verify_chain()
    print(
        json.dumps(
            {
                "visits_acknowledged": len(visits),
                "visits_missing": len(missing_visits),
                "drafts_acknowledged": sum(1 for w in writes if w["kind"] == "draft"),
                "draft_assessments_checked": len(last_draft),
                "drafts_missing_last_save": len(missing_drafts),
                "audit_chain_ok": bool(getattr(chain, "ok", chain)),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan")
    p.add_argument("--users", type=int, default=100)
    p.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("check")
    c.add_argument("--writes", type=Path, required=True)
    args = parser.parse_args()
    _django()
    if args.command == "plan":
        plan(args.users, args.out)
    else:
        check(args.writes)


if __name__ == "__main__":
    main()
