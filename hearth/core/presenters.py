"""Display formatting shared by every page (GOV.UK date style)."""

from datetime import date, datetime

from django.utils import timezone


def format_date(value: date | datetime | None, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{value.day} {value:%B %Y} at {hour}:{value:%M}{suffix}"


def age_in_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def format_age(born: date | None, on: date | None = None) -> str:
    if born is None:
        return "Age not known"
    on = on or timezone.localdate()
    if born > on:
        return "Unborn"
    years = age_in_years(born, on)
    if years >= 2:
        return f"{years} years"
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    return f"{months} month{'s' if months != 1 else ''}"
