"""MASH queue benchmark: the front door queue page as a MASH practitioner sees it, with 2,000
open contacts (target < 200 ms, a fixed number of queries), against the same page with 200
open contacts (baseline, same run). Prints median and p95 milliseconds and the query count
for each sort order. Not a test.

    python bench/front_door_queue.py [--contacts 2000] [--runs 20] [--reuse]

Builds a fresh SQLite file under var/bench/ with synthetic staff, children and contacts: every
open contact concerns one or two children, one in five has a contact merged into it (from
another route), one in three has an outstanding MASH check (some overdue), one in ten is
possibly a duplicate. Decided contacts (ten for each open one) sit in the table too, as in a
year's work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Europe/London"))
ROUTES = ["phone", "email", "portal", "police_notification", "walk_in", "transfer_in"]
RAGS = ["red", "amber", "green"]


def _django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _build(open_contacts: int, decided_per_open: int):  # type: ignore[no-untyped-def]
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hearth.accounts.models import Role, Service, ServiceKind, Team, User
    from hearth.front_door.models import Contact, ContactPerson, MashCheck
    from hearth.people.models import Person

    hashed = make_password("x")  # once: hashing per user would dominate the build
    service = Service.objects.create(name="Bench MASH", kind=ServiceKind.MASH)
    team = Team.objects.create(name="Bench MASH team", service=service)
    workers = User.objects.bulk_create(
        User(
            username=f"bench.mash{n}",
            password=hashed,
            role=Role.MASH_PRACTITIONER,
            team=team,
            first_name="Mash",
            last_name=f"Worker {n}",
        )
        for n in range(12)
    )
    total = open_contacts * (1 + decided_per_open)
    children = Person.objects.bulk_create(
        (
            Person(
                first_name=f"Child{n}",
                last_name="Bench",
                is_child=True,
                date_of_birth=date(2010, 1, 1) + timedelta(days=n % 5000),
            )
            for n in range(total)
        ),
        batch_size=2000,
    )

    def contact(n: int, status: str, received: datetime, **extra: object) -> Contact:
        return Contact(
            route=ROUTES[n % len(ROUTES)],
            status=status,
            received_at=received,
            referral_source="2A",
            referrer_agency="Bench Primary",
            concern="Synthetic concern for the benchmark.",
            rag=RAGS[n % 3],
            created_at=received,
            updated_at=received,
            **extra,
        )

    decided = Contact.objects.bulk_create(
        (
            contact(n, "decided", NOW - timedelta(days=3 + n % 360))
            for n in range(open_contacts * decided_per_open)
        ),
        batch_size=2000,
    )
    opened = Contact.objects.bulk_create(
        (
            contact(
                n,
                "screening" if n % 2 else "new",
                NOW - timedelta(minutes=20 + 7 * n),
                worker=workers[n % len(workers)] if n % 3 else None,
            )
            for n in range(open_contacts)
        ),
        batch_size=2000,
    )
    merged = Contact.objects.bulk_create(
        (
            contact(n + 1, "merged", into.received_at + timedelta(minutes=5), merged_into=into)
            for n, into in enumerate(opened)
            if n % 5 == 0
        ),
        batch_size=2000,
    )
    for n, c in enumerate(opened):
        if n % 10 == 3:
            c.possible_duplicate_of = opened[n - 1]
    Contact.objects.bulk_update(
        [c for c in opened if c.possible_duplicate_of_id], ["possible_duplicate_of"]
    )
    links = [
        ContactPerson(contact=c, person=children[n], recorded_as="closed")
        for n, c in enumerate(decided)
    ]
    offset = len(decided)
    for n, c in enumerate(opened):
        links.append(ContactPerson(contact=c, person=children[offset + n]))
        if n % 4 == 0:  # a sibling on the same contact
            links.append(ContactPerson(contact=c, person=children[(offset + n + 1) % total]))
    ContactPerson.objects.bulk_create(links, batch_size=2000)
    position: dict[int | None, int] = {c.pk: n for n, c in enumerate(opened)}
    ContactPerson.objects.bulk_create(
        (
            ContactPerson(contact=m, person_id=children[offset + position[m.merged_into_id]].pk)
            for m in merged
        ),
        batch_size=2000,
    )
    MashCheck.objects.bulk_create(
        (
            MashCheck(
                contact=c,
                agency="health" if n % 2 else "police",
                rag=c.rag,
                requested_by=workers[0],
                requested_at=c.received_at,
                due_at=c.received_at + timedelta(hours=4 if n % 2 else 48),
            )
            for n, c in enumerate(opened)
            if n % 3 == 0
        ),
        batch_size=2000,
    )
    return workers[0]


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(median, p95, median CPU) milliseconds over `runs` calls after a warm-up call."""
    fn()  # warm up
    samples = []
    cpu = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=2000, help="Open contacts")
    parser.add_argument("--baseline", type=int, default=200, help="Open contacts (baseline)")
    parser.add_argument("--decided", type=int, default=10, help="Decided contacts per open one")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="Time the last build again.")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    import time_machine

    results = {}
    for size in (args.baseline, args.contacts):
        db_path = BENCH_DIR / f"front_door_queue_{size}.sqlite3"
        reuse = args.reuse and db_path.exists()
        if not reuse:
            db_path.unlink(missing_ok=True)
        results[size] = db_path, reuse
    # Both databases in one process: the default connection is pointed at each in turn.
    _django(results[args.contacts][0])
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    from django.db import connections

    for size in (args.baseline, args.contacts):
        db_path, reuse = results[size]
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = str(db_path)
        started = time.perf_counter()
        with time_machine.travel(NOW, tick=True):
            if reuse:
                from hearth.accounts.models import User

                worker = User.objects.get(username="bench.mash0")
            else:
                worker = _build(size, args.decided)
        took = time.perf_counter() - started
        from hearth.front_door.models import Contact

        open_count = Contact.objects.open().count()
        print(
            f"{open_count} open contacts ({Contact.objects.count()} in all) ready in {took:.1f} s"
        )
        client = Client()
        client.force_login(worker)
        with time_machine.travel(NOW, tick=True):
            for sort in ("received", "rag"):
                url = f"/front-door/?sort={sort}"

                def get(url: str = url, client: Client = client) -> object:
                    response = client.get(url)
                    assert response.status_code == 200, response.status_code
                    return response

                get()
                count = [0]

                def counter(execute, sql, params, many, context, count=count):  # type: ignore[no-untyped-def]
                    count[0] += 1
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(counter):
                    get()
                median, p95, cpu = _time(get, args.runs)
                verdict = (
                    ""
                    if size != args.contacts
                    else ("  target < 200 ms: " + ("OK" if median < 200 else "OVER TARGET"))
                )
                print(
                    f"  {url:<24} {open_count:>5} open  median {median:7.1f} ms  "
                    f"p95 {p95:7.1f} ms  CPU {cpu:6.1f} ms  {count[0]:>3} queries{verdict}"
                )


if __name__ == "__main__":
    main()
