"""DfE code lists the people forms and pages use. The reference app owns the lists
(`hearth.reference.lookups.choices`); until that is available the codes from DOMAIN.md
2.4.1, 2.4.2, 2.4.3 and 2.4.5 are used so that people pages work on any database."""

from collections.abc import Callable

from django.db import DatabaseError

FALLBACK: dict[str, list[tuple[str, str]]] = {
    "sex": [("M", "Male"), ("F", "Female"), ("U", "Not known")],
    "ethnicity": [
        ("WBRI", "White British"),
        ("WIRI", "White Irish"),
        ("WIRT", "Traveller of Irish heritage"),
        ("WROM", "Gypsy/Roma"),
        ("WOTH", "Any other White background"),
        ("MWBC", "White and Black Caribbean"),
        ("MWBA", "White and Black African"),
        ("MWAS", "White and Asian"),
        ("MOTH", "Any other mixed background"),
        ("AIND", "Indian"),
        ("APKN", "Pakistani"),
        ("ABAN", "Bangladeshi"),
        ("AOTH", "Any other Asian background"),
        ("BCRB", "Black Caribbean"),
        ("BAFR", "Black African"),
        ("BOTH", "Any other Black background"),
        ("CHNE", "Chinese"),
        ("OOTH", "Any other ethnic group"),
        ("REFU", "Refused"),
        ("NOBT", "Information not yet obtained"),
    ],
    "disability": [
        ("NONE", "No disability"),
        ("MOB", "Mobility"),
        ("HAND", "Hand function"),
        ("PC", "Personal care"),
        ("INC", "Incontinence"),
        ("COMM", "Communication"),
        ("LD", "Learning"),
        ("HEAR", "Hearing"),
        ("VIS", "Vision"),
        ("BEH", "Behaviour"),
        ("CON", "Consciousness"),
        ("AUT", "Autism or Asperger syndrome"),
        ("DDA", "Other disability (detail not known)"),
    ],
    "upn_unknown": [
        ("UN1", "Not of school age or UPN not yet assigned"),
        ("UN2", "Never attended a maintained school in England"),
        ("UN3", "Educated outside England"),
        ("UN4", "Newly looked after or known, UPN not yet obtained"),
        ("UN5", "Sources of UPN conflict"),
        ("UN6", "Other reason"),
        ("UN7", "Referral with no further action"),
    ],
}


def _reference_choices() -> Callable[..., list[tuple[str, str]]] | None:
    try:
        from hearth.reference.lookups import choices  # the reference app's code lists
    except ImportError:
        return None
    return choices


def choices(list_name: str) -> list[tuple[str, str]]:
    """(code, description) pairs for a DfE list, from reference data when it is loaded."""
    reference = _reference_choices()
    if reference is not None:
        try:
            try:
                found = list(reference(list_name, show_code=False))
            except TypeError:  # an older signature without show_code
                found = list(reference(list_name))
        except (LookupError, ValueError, DatabaseError):  # a list it does not hold yet
            found = []
        if found:
            return found
    return list(FALLBACK.get(list_name, []))


def label(list_name: str, code: str, labels: dict[str, str] | None = None) -> str:
    """The description of a code, or the code itself if the list does not know it."""
    if not code:
        return ""
    lookup = labels if labels is not None else dict(choices(list_name))
    return lookup.get(code, code)
