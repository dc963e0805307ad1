"""Contacts received in the period that became a referral to children's social care."""

from __future__ import annotations

from django.utils import timezone

from hearth.front_door.models import Contact, ContactPerson, Referral
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row


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
    contacts = Contact.objects.filter(
        received_at__date__gte=period.start,
        received_at__date__lte=period.end,
        merged_into__isnull=True,
    )
    if children is not None:
        contacts = contacts.filter(
            people__person_id__in=children, people__is_subject_child=True
        ).distinct()
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
