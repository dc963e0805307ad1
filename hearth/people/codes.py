"""DfE code lists the people forms and pages use. The reference app owns the lists
(`hearth.reference.lookups.choices`, valid by collection year); the codes from DOMAIN.md
2.4.1, 2.4.2, 2.4.3 and 2.4.5 below are a fallback for a database without reference data."""

from django.db import DatabaseError

from hearth.reference.lookups import UnknownList
from hearth.reference.lookups import choices as reference_choices

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


def choices(list_name: str) -> list[tuple[str, str]]:
    """(code, description) pairs for a DfE list valid today, from reference data; the codes
    above only when the database holds no such list (reference data not loaded)."""
    try:
        found = reference_choices(list_name, show_code=False)
    except (UnknownList, DatabaseError):
        found = []
    return list(found) or list(FALLBACK.get(list_name, []))


def label(list_name: str, code: str, labels: dict[str, str] | None = None) -> str:
    """The description of a code, or the code itself if the list does not know it."""
    if not code:
        return ""
    lookup = labels if labels is not None else dict(choices(list_name))
    return lookup.get(code, code)
