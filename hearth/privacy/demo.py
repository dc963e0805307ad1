"""Demo data for the retention review: a few closed records of young people the service last
worked with years ago, now past their retention date, so the data protection officer's review
list has content. Written through the people and casework services, then dated back (the
details' last change and the chronology line) as a record closed long ago would be. The first
has a parent recorded in the family network, past retention with the child (adults are kept
while a child's record naming them is). Sealed records need no demo here: the adoption demo's
adoption orders seal through the hook.
Synthetic data only.

Hook: `hearth.demo.generator.pathways.PATHWAYS` calls `retention_demo(today=, seed=, limit=)`."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hearth.accounts.models import Role, User
from hearth.casework.services import chronology_record
from hearth.people.models import Person, Relationship
from hearth.people.services import person_create, relationship_add

NAMES = [
    ("Ellis", "Marchbank"),
    ("Tamsin", "Oyelaran"),
    ("Rory", "Featherstone"),
    ("Nadia", "Quarrie"),
    ("Kwame", "Ashdown"),
    ("Isla", "Penhaligon"),
]


def retention_demo(*, today: date, seed: int, limit: int) -> dict[str, int]:
    rng = random.Random(seed * 104729 + 3)
    worker = User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True).order_by("pk").first()
    if worker is None:
        return {"records_past_retention": 0}
    made = adults = 0
    for number, (first, last) in enumerate(NAMES[: min(limit, len(NAMES))], start=1):
        # Closed before 18 and kept to 3 years after the 18th birthday (child in need records):
        # past retention at 22 or 23, still inside the borough's 0 to 24 age range.
        born = date(today.year - 23 - rng.randrange(2), rng.randrange(1, 13), rng.randrange(1, 28))
        closed = date(born.year + 17, born.month, born.day) + timedelta(days=rng.randrange(300))
        child = person_create(
            user=worker,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            sex="U",
            la_child_id=f"HR{number:07d}",  # fixed, so the same seed builds the same borough
        )
        chronology_record(
            child=child,
            occurred_on=closed,
            category="Case closed",
            summary="Child in need episode closed: no further involvement",
            user=worker,
        )
        # A record closed years ago: its details were last changed when it closed.
        years_ago = timedelta(days=365 * (today.year - closed.year))
        Person.objects.filter(pk=child.pk).update(
            created_at=child.created_at - years_ago - timedelta(days=3 * 365),
            updated_at=child.updated_at - years_ago,
        )
        if number == 1:
            parent = person_create(
                user=worker,
                first_name="Morwenna",
                last_name=last,
                is_child=False,
                date_of_birth=date(born.year - 27, 2, 11),
                sex="F",
                child=child,
            )
            relationship_add(
                user=worker,
                child=child,
                relative=parent,
                kind="parent",
                parental_responsibility=True,
                start_date=born,  # the chronology line is dated at the birth
            )
            # Her details and the family link were last changed a year before the case closed.
            back = years_ago + timedelta(days=365)
            Person.objects.filter(pk=parent.pk).update(updated_at=parent.updated_at - back)
            Relationship.objects.filter(relative=parent).update(updated_at=parent.updated_at - back)
            adults += 1
        made += 1
    return {"records_past_retention": made, "adults_past_retention": adults}
