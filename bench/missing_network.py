"""Network view benchmark: the page for a place linked to 200 children (target < 200 ms), for
a social worker who may see half of them (the rest are counted, not named) and for a senior
leader who sees them all, against the same page for a place linked to one child (baseline, same
run). Not a test.

    python bench/missing_network.py [--children 200] [--runs 20]

Builds a fresh SQLite file under var/bench/ with synthetic users and children.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
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


def _build(children: int):  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hearth.accounts.models import Role, Service, ServiceKind, Team, User
    from hearth.casework.models import Allocation
    from hearth.missing_exploitation import services
    from hearth.people.models import Person

    service = Service.objects.create(name="Bench service", kind=ServiceKind.SAFEGUARDING)
    team_a = Team.objects.create(name="Bench team A", service=service)
    team_b = Team.objects.create(name="Bench team B", service=service)
    worker = User.objects.create_user(
        "bench.sw", password="x", role=Role.SOCIAL_WORKER, team=team_a
    )
    other = User.objects.create_user(
        "bench.other", password="x", role=Role.SOCIAL_WORKER, team=team_b
    )
    leader = User.objects.create_user("bench.dcs", password="x", role=Role.SENIOR_LEADER)
    people = Person.objects.bulk_create(
        Person(
            first_name=f"Child{n}", last_name="Bench", is_child=True, date_of_birth=date(2011, 1, 1)
        )
        for n in range(children + 1)
    )
    Allocation.objects.bulk_create(
        Allocation(
            child=p,
            team=team_a if n % 2 == 0 else team_b,
            worker=worker if n % 2 == 0 else other,
            start_date=date(2026, 1, 1),
        )
        for n, p in enumerate(people)
    )
    big = services.context_create(user=worker, kind="place", name="Bench park", place_type="park")
    small = services.context_create(user=worker, kind="place", name="Bench shop", place_type="shop")
    from hearth.missing_exploitation.models import ContextLink

    ContextLink.objects.bulk_create(
        ContextLink(
            context=big,
            child=p,
            nature="frequents",
            source="police",
            linked_on=date(2026, 1, 2),
            recorded_by=worker,
        )
        for p in people[:children]
    )
    ContextLink.objects.create(
        context=small,
        child=people[0],
        nature="frequents",
        source="police",
        linked_on=date(2026, 1, 2),
        recorded_by=worker,
    )
    return worker, leader, big, small


def _time(client, url: str, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    client.get(url)  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_path = BENCH_DIR / "missing_network.sqlite3"
    db_path.unlink(missing_ok=True)
    _django(db_path)
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    worker, leader, big, small = _build(args.children)
    print(f"Network view for a place linked to {args.children} children ({args.runs} runs)")
    for label, user in (
        ("social worker (half counted, not named)", worker),
        ("senior leader", leader),
    ):
        client = Client()
        client.force_login(user)
        base, _ = _time(client, f"/missing-and-exploitation/contexts/{small.pk}/", args.runs)
        median, worst = _time(client, f"/missing-and-exploitation/contexts/{big.pk}/", args.runs)
        verdict = "OK" if median < 200 else "OVER TARGET"
        print(
            f"  {label:<42} median {median:7.1f} ms  max {worst:7.1f} ms  "
            f"(1-child baseline {base:6.1f} ms)  target < 200 ms: {verdict}"
        )


if __name__ == "__main__":
    main()
