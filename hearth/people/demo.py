"""Demo data for break-glass: a few emergency accesses (one open, one ended early, one
expired) by practitioners on children outside their work, so the data protection officer's
report and the team managers' view have content. Through the service. Synthetic data only.

Hook: `hearth.demo.generator.pathways.PATHWAYS` calls `emergency_access_demo(today=, seed=,
limit=)`; `limit` caps the grants."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.people.models import Person
from hearth.people.services import emergency_access_end, emergency_access_grant

REASONS = [
    "Police called out of hours: the child was found at a railway station late at night",
    "Hospital emergency department asked whether the child is known and has a plan",
    "The child's school rang after the allocated team had left: disclosure at the end of the day",
    "Emergency duty: a neighbour reported the child alone at home overnight",
]


def emergency_access_demo(*, today: date, seed: int, limit: int) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 11)
    workers = list(User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True).order_by("pk")[:40])
    made = 0
    for index in range(min(limit, 3)):
        if not workers:
            break
        worker = rng.choice(workers)
        outside = (
            Person.objects.children()
            .filter(restricted=False, date_of_death__isnull=True)
            .exclude(pk__in=Person.objects.visible_to(worker).values("pk"))
            .order_by("pk")
        )
        count = outside.count()
        if not count:
            continue
        child = outside[rng.randrange(min(count, 500))]
        hours_ago = (1, 3, 200)[index % 3]
        at = timezone.make_aware(datetime.combine(today, time(2, 15))) - timedelta(hours=hours_ago)
        grant = emergency_access_grant(
            user=worker, child=child, reason=REASONS[index % len(REASONS)], now=at
        )
        if index == 1:
            emergency_access_end(user=worker, grant=grant)
        made += 1
    return {"emergency_accesses": made}
