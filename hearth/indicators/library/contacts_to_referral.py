"""Contacts received in the period that became a referral to children's social care."""

from __future__ import annotations

from django.utils import timezone

from hearth.front_door.models import Contact, ContactPerson, Referral
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._missing import local_bounds


def subject_children(contact_ids: list[int]) -> dict[int, int]:
    """The first linked subject child of each contact."""
    first: dict[int, int] = {}
    links = ContactPerson.objects.filter(
        contact_id__in=contact_ids, is_subject_child=True
    ).values_list("contact_id", "person_id")
    for contact_id, person_id in links.order_by("contact_id", "person_id"):
        first.setdefault(contact_id, person_id)
    return first


def scoped_contacts(period: Period, children: ChildIds):  # type: ignore[no-untyped-def]
    """Contacts received in the period (local days, as a range on the indexed timestamp), for
    a scope those with one of its children as a subject (a subquery, not a join: no
    duplicates to remove, and SQLite plans it well at 50,000 children)."""
    start, end = local_bounds(period)
    contacts = Contact.objects.filter(
        received_at__gte=start, received_at__lt=end, merged_into__isnull=True
    )
    if children is not None:
        subjects = ContactPerson.objects.filter(person_id__in=children, is_subject_child=True)
        contacts = contacts.filter(pk__in=subjects.values("contact_id"))
    return contacts


def rows(period: Period, children: ChildIds) -> list[Row]:
    contacts = list(scoped_contacts(period, children).values_list("id", "received_at"))
    ids = [pk for pk, _ in contacts]
    child_of = subject_children(ids)
    referred = set(Referral.objects.filter(contact_id__in=ids).values_list("contact_id", flat=True))
    return [
        Row(
            key=f"contact:{pk}",
            child_id=child_of.get(pk),
            on=timezone.localtime(received_at).date(),
            detail="Became a referral" if pk in referred else "No referral",
            in_numerator=pk in referred,
        )
        for pk, received_at in contacts
    ]


INDICATOR = Indicator(
    id="contacts_to_referral",
    title="Contacts that became referrals",
    area=Area.FRONT_DOOR,
    definition=(
        "Of the contacts received in the period (merged duplicates left out), the share that "
        "became a referral to children's social care for at least one child."
    ),
    source="Local measure (Ofsted Annex A list 1 against list 3)",
    numerator="Contacts received in the period with a referral",
    denominator="Contacts received in the period",
    direction=Direction.HIGHER,
    default_target=30.0,
    default_tolerance=10.0,
    rows=rows,
)
