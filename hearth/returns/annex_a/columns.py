"""The 2024 Annex A template: each list's sheet name, period and exact column names
(DOMAIN.md 4). Lists 1 to 10 start with the child columns; lists 4 to 10 add the disability
column; lists 3 to 9 end with the allocated team and worker."""

from __future__ import annotations

from dataclasses import dataclass

CHILD = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
)
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ("Allocated Team", "Allocated Worker")


@dataclass(frozen=True)
class ListSpec:
    number: int
    sheet: str
    period: str
    columns: tuple[str, ...]
    months: int  # how far back before the as-of date the list reaches (0: at the date only)


def _child(specific: tuple[str, ...], *, disability: bool, allocated: bool) -> tuple[str, ...]:
    return (
        CHILD + ((DISABILITY,) if disability else ()) + specific + (ALLOCATED if allocated else ())
    )


LISTS: tuple[ListSpec, ...] = (
    ListSpec(
        1,
        "List 1 Contacts",
        "Contacts received in the 6 months before the date, one row per child per contact",
        _child(("Date of Contact", "Contact Source"), disability=False, allocated=False),
        6,
    ),
    ListSpec(
        2,
        "List 2 Early Help",
        "Early help assessments in the 6 months before the date, and interventions open on it",
        _child(
            (
                "Assessment start date",
                "Assessment completion date",
                "Organisation completing assessment",
            ),
            disability=False,
            allocated=False,
        ),
        6,
    ),
    ListSpec(
        3,
        "List 3 Referrals",
        "Referrals in the 6 months before the date (a child can appear more than once)",
        _child(
            (
                "Date of referral",
                "Referral Source",
                "Referral NFA?",
                "Number of Referrals in Last 12 Months",
            ),
            disability=False,
            allocated=True,
        ),
        6,
    ),
    ListSpec(
        4,
        "List 4 Assessments",
        "Assessments open in, or completed in, the 6 months before the date",
        _child(
            (
                "Continuous Assessment Start Date",
                "Child Seen During Continuous Assessment",
                "Continuous Assessment Date of Authorisation",
                "Was the child assessed as requiring LA children's social care support?",
            ),
            disability=True,
            allocated=True,
        ),
        6,
    ),
    ListSpec(
        5,
        "List 5 Section 47",
        "Section 47 enquiries in the 6 months before the date, open ones included",
        _child(
            (
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "Date of Initial Child Protection Conference",
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "Number of Section 47 Enquiries in the last 12 months",
                "Number of ICPCs in the last 12 months",
            ),
            disability=True,
            allocated=True,
        ),
        6,
    ),
    ListSpec(
        6,
        "List 6 Children in Need",
        "Children receiving CIN services on the date or in the 6 months before",
        _child(
            (
                "CIN Start Date",
                "Primary Need Code",
                "Date Child Was Last Seen",
                "CIN Closure Date",
                "Reason for Closure",
                "Case Status",
            ),
            disability=True,
            allocated=True,
        ),
        6,
    ),
    ListSpec(
        7,
        "List 7 Child Protection",
        "Children on a child protection plan on the date, and plans ended in the 6 months before",
        _child(
            (
                "Child Protection Plan Start Date",
                "Initial Category of Abuse",
                "Latest Category of Abuse",
                "Date of the Last Statutory Visit",
                "Was the Child Seen Alone?",
                "Date of latest review conference",
                "Child Protection Plan End Date",
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
                "Six Months (Y/N)",
                "Number of Previous Child Protection Plans",
            ),
            disability=True,
            allocated=True,
        ),
        6,
    ),
    ListSpec(
        8,
        "List 8 Children in Care",
        "Children in care on the date, and those who ceased to be in the 6 months before",
        _child(
            (
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                "Date Started to be Looked After",
                "Child's Category of Need",
                "Is this a second or subsequent period of being a Looked After Child within the "
                "last 12 months (Y/N)",
                "Start date of current legal status",
                "Child's Legal Status",
                "Date of Latest Statutory Review",
                "Date of Last Social Work Visit",
                "What is the permanence plan for this child?",
                "Date of Last IRO Visit / Contact to the Child",
                "Date of Last Health Assessment",
                "Date of Last Dental Check",
                "Number of Placements in the Last 12 months",
                "Date Ceased to be Looked After",
                "Reason Ceased to be Looked After",
                "Start Date of Most Recent Placement",
                "Placement Type",
                "Placement Provider",
                "Placement postcode",
                "URN of Placement",
                "Placement Location",
                "LA of Placement",
                "Number of Episodes the Child has been 'Missing' from their Placement in the "
                "last 12 months",
                "Number of Episodes the Child has been 'Absent' from their Placement in the "
                "last 12 months",
                "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                "Did the child accept a Return Interview after their last missing episode (Y/N)?",
            ),
            disability=True,
            allocated=True,
        ),
        6,
    ),
    ListSpec(
        9,
        "List 9 Care Leavers",
        "Young people entitled to leaving care services on the date",
        _child(
            (
                "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                "Allocated Personal Advisor",
                "Eligibility Category",
                "Latest Pathway Plan Review Date",
                "LA in Touch",
                "Latest Date of Contact",
                "Type of Accommodation",
                "Suitability of Accommodation",
                "Activity Status",
            ),
            disability=True,
            allocated=True,
        ),
        0,
    ),
    ListSpec(
        10,
        "List 10 Adoption",
        "Children adopted, with a decision to place for adoption, or with that decision "
        "reversed, in the 12 months before the date",
        _child(
            (
                "Family identifier",
                "Date the Child Entered Care",
                "Date of Decision that Child Should be Placed for Adoption",
                "Date of Placement Order",
                "Date of Matching Child and Prospective Adopters",
                "Date Placed for Adoption",
                "Date of Adoption Order",
                "Date of Decision that Child Should No Longer be Placed for Adoption",
                "Reason Why Child No Longer Placed for Adoption",
                "Date the child was placed for fostering in FFA or concurrent planning placement",
            ),
            disability=True,
            allocated=False,
        ),
        12,
    ),
    ListSpec(
        11,
        "List 11 Adopters",
        "Individuals in contact with the adoption agency in the 12 months before the date",
        (
            "Individual adopter identifier",
            "Family identifier",
            "Gender",
            "Ethnicity",
            "Disability",
            "Is the (prospective) adopter fostering for adoption?",
            "Date enquiry received",
            "Date Stage 1 started",
            "Date Stage 1 ended",
            "Date Stage 2 started",
            "Date Stage 2 ended",
            "Date application submitted",
            "Date application approved",
            "Date adopter matched with child(ren)",
            "Date child/children placed with adopter(s)",
            "No. of children placed",
            "Date of Adoption Order",
            "Date of leaving adoption process",
            "Reason for leaving adoption process",
        ),
        12,
    ),
)

BY_NUMBER = {spec.number: spec for spec in LISTS}
