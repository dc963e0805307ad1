"""How code lists and collection years are shown to people."""

from dataclasses import dataclass

from hearth.reference.models import Code

CIN = "CIN census"
SSDA903 = "SSDA903 (children looked after)"
LOCAL = "Local list"

# list_name -> (title, return it belongs to). Lists not named here still show, titled from
# their list_name.
LIST_TITLES: dict[str, tuple[str, str]] = {
    "sex": ("Sex", "CIN census and SSDA903"),
    "ethnicity": ("Ethnicity", "CIN census and SSDA903"),
    "upn_unknown": ("Reason UPN is not known", "CIN census and SSDA903"),
    "referral_source": ("Referral source", CIN),
    "disability": ("Disability", CIN),
    "primary_need": ("Primary need (category of need)", CIN),
    "closure_reason": ("Reason for closure", CIN),
    "abuse_category": ("Category of abuse", CIN),
    "assessment_factor": ("Factors identified at the end of assessment", CIN),
    "reason_new_episode": ("Reason for new episode", SSDA903),
    "legal_status": ("Legal status", SSDA903),
    "category_of_need_903": ("Category of need", SSDA903),
    "placement_type": ("Placement type", SSDA903),
    "placement_provider": ("Placement provider", SSDA903),
    "reason_episode_ceased": ("Reason episode ceased", SSDA903),
    "reason_place_change": ("Reason for placement change", SSDA903),
    "review_participation": ("Participation in reviews", SSDA903),
    "sdq_reason": ("Reason SDQ not completed", SSDA903),
    "oc3_in_touch": ("Care leaver: in touch", SSDA903),
    "oc3_activity": ("Care leaver: activity", SSDA903),
    "oc3_accommodation": ("Care leaver: accommodation and suitability", SSDA903),
    "adopter_sex": ("Sex of adopter(s)", SSDA903),
    "adopter_legal_status": ("Legal status of adopter(s)", SSDA903),
    "reason_placed_ceased": ("Reason the decision to place for adoption ceased", SSDA903),
    "previous_permanence": ("Previous permanence", SSDA903),
    "sw_change_reason": ("Reason for social worker change", SSDA903),
    "missing_type": ("Missing or away from placement", SSDA903),
    "placement_location": ("Placement location", SSDA903),
    "contact_outcome": ("Contact outcome", LOCAL),
    "referral_outcome": ("Referral outcome", LOCAL),
    "assessment_outcome": ("Assessment outcome", LOCAL),
    "s47_outcome": ("Section 47 enquiry outcome", LOCAL),
    "permanence_plan": ("Permanence plan", LOCAL),
    "care_leaver_category": ("Care leaver category", LOCAL),
}


def list_title(list_name: str) -> str:
    if list_name in LIST_TITLES:
        return LIST_TITLES[list_name][0]
    return list_name.replace("_", " ").capitalize()


def list_family(list_name: str) -> str:
    return LIST_TITLES.get(list_name, ("", LOCAL))[1]


def format_collection_year(year: int) -> str:
    """2024 -> "2024-25"."""
    return f"{year}-{(year + 1) % 100:02d}"


def validity_status(code: Code, current_year: int) -> str:
    if code.valid_to is not None and code.valid_to < current_year:
        return "Retired"
    if code.valid_from > current_year:
        return "Not yet in use"
    return "In use"


def valid_from_text(code: Code) -> str:
    return "Before 2000-01" if code.valid_from <= 2000 else format_collection_year(code.valid_from)


def valid_to_text(code: Code) -> str:
    return "Still valid" if code.valid_to is None else format_collection_year(code.valid_to)


@dataclass(frozen=True)
class ListSummary:
    list_name: str
    title: str
    family: str
    total: int
    in_use: int


@dataclass(frozen=True)
class CodeRow:
    code: str
    description: str
    earlier: list[str]
    valid_from: str
    valid_to: str
    status: str
    source: str


def code_rows(codes: list[Code], current_year: int) -> list[CodeRow]:
    return [
        CodeRow(
            code=c.code,
            description=c.description,
            earlier=[
                f"“{label.description}” in {format_collection_year(label.valid_from)}"
                f" to {format_collection_year(label.valid_to)}"
                if label.valid_from > 2000
                else f"“{label.description}” up to {format_collection_year(label.valid_to)}"
                for label in c.labels.all()
            ],
            valid_from=valid_from_text(c),
            valid_to=valid_to_text(c),
            status=validity_status(c, current_year),
            source=c.source,
        )
        for c in codes
    ]
