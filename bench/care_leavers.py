"""Leaving care benchmark: the leaving care service's list of 1,000 young people as its
manager sees it (target < 200 ms with a fixed number of queries), against the personal
adviser's caseload of 25 (baseline, same run). Prints the cohort selector alone, the whole
rendered pages and their query counts. The service list works out every care leaver (for its
whole-service counts and its most-urgent-first order) and renders the first page of 100. On a
shared machine compare the CPU column: wall-clock there mostly measures waiting for a core.
Not a test.

    python bench/care_leavers.py [--young-people 1000] [--advisers 40] [--runs 15] [--reuse]

Builds a fresh SQLite file under var/bench/ with synthetic users and young people (care
histories as SSDA903 episodes, advisers, contacts, accommodation, activity and plans) written
in bulk; some have no adviser, some are out of touch, some plans are overdue.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def _django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _build(young_people: int, advisers: int, today: date) -> None:  # noqa: PLR0915
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hearth.accounts.models import Role, Service, ServiceKind, Team, User
    from hearth.care_leavers.models import (
        Accommodation,
        Activity,
        AdviserAllocation,
        Contact,
        PathwayPlan,
    )
    from hearth.care_leavers.rules import birthday
    from hearth.children_in_care.models import Episode, PeriodOfCare
    from hearth.people.models import Person

    hashed = make_password("x")
    service = Service.objects.create(name="Bench leaving care", kind=ServiceKind.LEAVING_CARE)
    manager = User.objects.create(
        username="bench.lcm", password=hashed, role=Role.TEAM_MANAGER, first_name="Manager"
    )
    team = Team.objects.create(name="Bench leaving care team", service=service, manager=manager)
    manager.team = team
    manager.save()
    pas = User.objects.bulk_create(
        User(
            username=f"bench.pa{n}",
            password=hashed,
            role=Role.PERSONAL_ADVISER,
            team=team,
            first_name=f"Adviser{n}",
        )
        for n in range(advisers)
    )
    people = Person.objects.bulk_create(
        Person(
            is_child=True,
            la_child_id=f"CL{n:06d}",
            first_name=f"Young{n}",
            last_name=f"Person{n:05d}",
            date_of_birth=today - timedelta(days=int((16.2 + (n * 0.0083) % 8.5) * 365)),
            sex="F" if n % 2 else "M",
        )
        for n in range(young_people)
    )
    periods = PeriodOfCare.objects.bulk_create(
        PeriodOfCare(
            child=p,
            start_date=birthday(p.date_of_birth, 14) + timedelta(days=30),  # type: ignore[arg-type]
            end_date=None
            if n % 10 == 0
            else min(birthday(p.date_of_birth, 18), today - timedelta(days=10)),  # type: ignore[arg-type]
            category_of_need="N1",
            decision_by=manager,
            decision_date=birthday(p.date_of_birth, 14),  # type: ignore[arg-type]
            decision_reason="Bench",
        )
        for n, p in enumerate(people)
    )
    episodes = []
    for n, period in enumerate(periods):
        middle = period.start_date + timedelta(days=200)
        episodes.append(
            Episode(
                period=period,
                child=period.child,
                decom=period.start_date,
                rne="S",
                legal_status="C2",
                category_of_need="N1",
                place="U1",
                dec=middle,
                rec="X1",
                placement_started_on=period.start_date,
            )
        )
        episodes.append(
            Episode(
                period=period,
                child=period.child,
                decom=middle,
                rne="P",
                legal_status="C2",
                category_of_need="N1",
                place="U4",
                dec=period.end_date,
                rec="" if period.end_date is None else ("E17" if n % 3 else "E6"),
                placement_started_on=middle,
            )
        )
    Episode.objects.bulk_create(episodes)
    allocations, contacts, accommodation, activities, plans = [], [], [], [], []
    for n, p in enumerate(people):
        if n % 12 == 5:
            continue  # no adviser
        adviser = pas[n % len(pas)]
        start = today - timedelta(days=400)
        allocations.append(
            AdviserAllocation(
                young_person=p,
                adviser=adviser,
                start_date=start,
                joint_visit_on=start,
                joint_visit_attended="Bench",
                created_by=manager,
            )
        )
        gap = 20 if n % 5 else 130  # one in five out of touch
        for k in range(3):
            contacts.append(
                Contact(
                    young_person=p,
                    contact_on=today - timedelta(days=gap + 40 * k),
                    method="face_to_face" if k % 2 == 0 else "phone",
                    initiated_by="adviser",
                    outcome="in_touch",
                    recorded_by=adviser,
                )
            )
        accommodation.append(
            Accommodation(
                young_person=p,
                start_date=today - timedelta(days=300),
                accommodation_type="D" if n % 4 else "U",
                suitable=n % 7 != 0,
                suitability_reason="Bench",
                recorded_by=adviser,
            )
        )
        activities.append(
            Activity(
                young_person=p,
                start_date=today - timedelta(days=250),
                code=("F2", "F5", "G5", "F1")[n % 4],
                neet_reason="Bench" if n % 4 == 2 else "",
                recorded_by=adviser,
            )
        )
        plans.append(
            PathwayPlan(
                young_person=p,
                plan_date=today - timedelta(days=100 if n % 6 else 220),
                reason="first",
                young_persons_views="Bench",
                recorded_by=adviser,
            )
        )
    AdviserAllocation.objects.bulk_create(allocations)
    Contact.objects.bulk_create(contacts)
    Accommodation.objects.bulk_create(accommodation)
    Activity.objects.bulk_create(activities)
    PathwayPlan.objects.bulk_create(plans)


CPU: list[float] = []


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst wall-clock ms; the median CPU ms of the process goes to CPU[-1] (on
    a shared, loaded machine wall-clock time mostly measures waiting for a core)."""
    fn()  # warm
    samples, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    CPU.append(statistics.median(cpu))
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--young-people", type=int, default=1000)
    parser.add_argument("--advisers", type=int, default=40)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="reuse the last bench database")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_path = BENCH_DIR / f"care_leavers_{args.young_people}.sqlite3"
    if not args.reuse and db_path.exists():
        db_path.unlink()
    _django(db_path)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.care_leavers.access import young_people_listed_for
    from hearth.care_leavers.selectors import cohort_rows

    today = timezone.localdate()
    if args.reuse:  # apps added since the last build bring their tables
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    else:
        started = time.perf_counter()
        _build(args.young_people, args.advisers, today)
        print(f"built {args.young_people} young people in {time.perf_counter() - started:.1f} s")
    manager = User.objects.get(username="bench.lcm")
    adviser = User.objects.get(username="bench.pa1")

    def page(user: User, url: str) -> Callable[[], object]:
        client = Client()
        client.force_login(user)

        def get() -> object:
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        return get

    def queries(fn: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured)

    rows = cohort_rows(today, scope=young_people_listed_for(manager, today=today))
    owed = [r for r in rows if r.owed_duty]
    print(
        f"{len(owed)} care leavers owed a duty; no adviser {sum(r.unallocated for r in owed)}, "
        f"not in touch {sum(bool(r.gap and r.gap.not_in_touch) for r in owed)}, "
        f"plan overdue {sum(r.plan_overdue for r in owed)}"
    )
    selector = lambda: cohort_rows(today, scope=young_people_listed_for(manager, today=today))  # noqa: E731
    median, worst = _time(selector, args.runs)
    print(
        f"  selector, whole service       median {median:7.1f} ms  max {worst:7.1f} ms  "
        f"CPU {CPU[-1]:6.1f} ms"
    )
    service = page(manager, "/leaving-care/")
    median, worst = _time(service, args.runs)
    verdict = "OK" if median < 200 else "OVER TARGET"
    print(
        f"  page /leaving-care/           median {median:7.1f} ms  max {worst:7.1f} ms  "
        f"CPU {CPU[-1]:6.1f} ms  queries {queries(service)}  (target < 200 ms: {verdict})"
    )
    caseload = page(adviser, "/leaving-care/caseload/")
    median, worst = _time(caseload, args.runs)
    print(
        f"  page /leaving-care/caseload/  median {median:7.1f} ms  max {worst:7.1f} ms  "
        f"CPU {CPU[-1]:6.1f} ms  queries {queries(caseload)}  (baseline: one adviser's caseload)"
    )
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared)")


if __name__ == "__main__":
    main()
