"""Statutory returns benchmark: generate the CIN census, the SSDA903 and Ofsted Annex A for a
large demo borough, timing each (wall-clock and CPU). Not a test. The issue's target: all
three for a 50,000-child borough in under 60 s in total.

    python bench/returns_all.py --children 50000             # build (slow) then time
    python bench/returns_all.py --children 50000 --reuse     # time again on the same borough

The borough is `hearth demo --children N` on a SQLite file under var/bench/ (or the database
in DATABASE_URL with --database-url, e.g. PostgreSQL). The demo's service-driven children in
care scenarios are few whatever the size (they run through the services, ~0.3 s a child), so
the bench then gives `--looked-after` children (default 6% of the borough, allocated children
with no period of care) a bulk-written care history over the last three years: one to four
SSDA903 episodes each, reviews, some leaving care; the same shape the services write. That
makes the SSDA903 the size it would be in a borough of that many children.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _timed(label: str, fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  {label:<44} {seconds:8.2f} s  (CPU {cpu:.2f} s)")
    return result, seconds, cpu


def _build(children: int, seed: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", children=children, seed=seed, reset=True, verbosity=1)


PLACEMENTS = (
    # place, provider code, URN, placement postcode
    ("U6", "PR1", "SC100001", "E13 8SL"),
    ("U6", "PR1", "SC100002", "E16 2QU"),
    ("U4", "PR1", "SC100001", "E13 8SL"),
    ("U6", "PR4", "SC200001", "CM2 0HU"),
    ("K2", "PR4", "SC300001", "SE1 7PB"),
)
HOMES = ("E15 4HT", "E13 9PJ", "E6 1AB", "E7 9AB", "E12 5AB")


def add_care_histories(count: int, seed: int, today: date) -> int:
    """Bulk-write care histories for up to `count` allocated children aged 1 to 16 with no
    period of care. Returns how many children were given one."""
    from django.db import transaction
    from django.db.models import Exists, OuterRef

    from hearth.accounts.models import Role, User
    from hearth.casework.models import Allocation
    from hearth.children_in_care.models import Episode, PeriodOfCare, Review

    rng = random.Random(seed)
    have = PeriodOfCare.objects.count()
    wanted = count - have
    if wanted <= 0:
        return 0
    decider = User.objects.filter(role=Role.TEAM_MANAGER).order_by("pk").first()
    iro = User.objects.filter(role=Role.IRO).order_by("pk").first() or decider
    candidates = list(
        Allocation.objects.current(today)
        .filter(worker__isnull=False)
        .filter(
            child__date_of_birth__lte=today - timedelta(days=365),
            child__date_of_birth__gt=today - timedelta(days=16 * 365),
        )
        .exclude(Exists(PeriodOfCare.objects.filter(child=OuterRef("child"))))
        .values_list("child_id", "child__date_of_birth")
        .order_by("child_id")
    )
    rng.shuffle(candidates)
    chosen = candidates[:wanted]
    with transaction.atomic():
        periods = []
        for child_id, born in chosen:
            start = max(born + timedelta(days=30), today - timedelta(days=rng.randint(20, 1100)))
            ends = rng.random() < 0.3 and (today - start).days > 120
            stay = rng.randint(60, (today - start).days - 10) if ends else 0
            end = start + timedelta(days=stay) if ends else None
            periods.append(
                PeriodOfCare(
                    child_id=child_id,
                    start_date=start,
                    end_date=end,
                    category_of_need=rng.choice(["N1", "N1", "N2", "N4"]),
                    decision_by=decider,
                    decision_date=start,
                    decision_reason="Bench care history",
                    iro=iro,
                )
            )
        PeriodOfCare.objects.bulk_create(periods, batch_size=2000)
        periods = list(
            PeriodOfCare.objects.filter(decision_reason="Bench care history").order_by("pk")
        )
        episodes, reviews = [], []
        for period in periods:
            changes = sorted(
                {
                    period.start_date + timedelta(days=rng.randint(20, 700))
                    for _ in range(rng.randint(0, 3))
                }
            )
            last_day = period.end_date or today
            changes = [d for d in changes if d < last_day]
            bounds = [period.start_date, *changes]
            home = rng.choice(HOMES)
            legal = rng.choice(["V2", "C1"])
            place = rng.choice(PLACEMENTS)
            for i, decom in enumerate(bounds):
                final = i == len(bounds) - 1
                dec = bounds[i + 1] if not final else period.end_date
                moved = False
                if i > 0:
                    if legal == "C1":
                        legal, rne = "C2", "L"
                    else:
                        place, rne, moved = rng.choice(PLACEMENTS), "P", True
                else:
                    rne = "S"
                episodes.append(
                    Episode(
                        period=period,
                        child_id=period.child_id,
                        decom=decom,
                        rne=rne,
                        legal_status=legal,
                        category_of_need=period.category_of_need,
                        place=place[0],
                        place_provider=place[1],
                        urn=place[2],
                        placement_postcode=place[3],
                        home_postcode=home,
                        dec=dec,
                        rec=("X1" if not final else "E4A") if dec else "",
                        reason_place_change="CARPL" if moved and dec else "",
                        placement_started_on=decom,
                    )
                )
            held = period.start_date + timedelta(days=19)
            gap = 91
            while held <= last_day and held <= today:
                reviews.append(
                    Review(
                        period=period,
                        child_id=period.child_id,
                        held_on=held,
                        iro=iro,
                        attendance="Child, carer, social worker",
                        participation=rng.choice(["PN1", "PN1", "PN2", "PN5"]),
                        views_sought="in_person",
                        child_views="Bench",
                        recorded_by=iro,
                    )
                )
                held, gap = held + timedelta(days=gap), 182
        Episode.objects.bulk_create(episodes, batch_size=2000)
        Review.objects.bulk_create(reviews, batch_size=2000)
    return len(chosen)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--year", type=int, default=None, help="Year the collections end")
    ap.add_argument("--looked-after", type=int, default=None, help="Default: 6%% of children")
    ap.add_argument("--reuse", action="store_true", help="Time an existing bench borough")
    ap.add_argument("--database-url", default=None, help="Instead of var/bench/*.sqlite3")
    a = ap.parse_args()

    db = BENCH_DIR / f"returns-all-{a.children}.sqlite3"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _django(a.database_url or f"sqlite:///{db}")
    from django.utils import timezone

    today = timezone.localdate()
    year = a.year or (today.year if today.month >= 4 else today.year - 1)
    if not (a.reuse and (a.database_url or db.exists())):
        print(f"Building a {a.children:,}-child demo borough (seed {a.seed}) ...")
        _timed("hearth demo", _build, a.children, a.seed)
    looked_after = a.looked_after if a.looked_after is not None else round(a.children * 0.06)
    added, _, _ = _timed(
        f"care histories up to {looked_after:,} children", add_care_histories, looked_after,
        a.seed, today,
    )  # fmt: skip
    print(f"  ({added:,} children given a bulk-written care history)")

    from django.db import connection

    # A folder per database, so a SQLite and a PostgreSQL run at the same time do not write
    # (and rename) each other's files.
    out = BENCH_DIR / f"returns-all-{a.children}-{connection.vendor}"
    out.mkdir(parents=True, exist_ok=True)
    from hearth.people.models import Person

    print(
        f"\nReturns for the collection ending 31 March {year}, "
        f"{Person.objects.filter(is_child=True).count():,} children in the borough:"
    )
    total_wall = total_cpu = 0.0

    from hearth.returns.cin_census.extract import census_extract
    from hearth.returns.cin_census.render import render

    def cin() -> int:
        census = census_extract(year)
        with open(out / f"cin-census-{year}.xml", "wb") as stream:
            render(census, stream)
        return len(census.children)

    n, wall, cpu = _timed("CIN census (extract + XML)", cin)
    total_wall, total_cpu = total_wall + wall, total_cpu + cpu
    print(f"    {n:,} children")

    from hearth.returns.ssda903.extract import ssda903_extract
    from hearth.returns.ssda903.render import write_folder

    def ssda903() -> Any:
        result = ssda903_extract(year)
        write_folder(result, out / f"ssda903-{year}")
        return result

    result, wall, cpu = _timed("SSDA903 (extract + CSV files)", ssda903)
    total_wall, total_cpu = total_wall + wall, total_cpu + cpu
    print("    " + ", ".join(f"{k} {v:,}" for k, v in result.counts().items()))

    try:
        from hearth.returns.annex_a.command import annex_a_command
    except ImportError:
        print("  Annex A: not built yet")
    else:
        as_of = min(today, date(year, 3, 31))
        _, wall, cpu = _timed(
            "Ofsted Annex A (lists 1-11, xlsx)",
            annex_a_command,
            as_of,
            out / f"annex-a-{as_of}.xlsx",
            io.StringIO(),
        )
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
    verdict = "under" if total_wall < 60 else "OVER"
    print(f"  {'all returns':<44} {total_wall:8.2f} s  (CPU {total_cpu:.2f} s): {verdict} 60 s")
    print(f"  load average {os.getloadavg()[0]:.1f} (machine shared)")


if __name__ == "__main__":
    main()
