"""Children: names, dates of birth, identifiers, ethnicity, language and disabilities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hearth.demo.generator.bulk import Tables
from hearth.demo.generator.context import Context
from hearth.demo.generator.names import DISABILITY_CODES, LANGUAGES, RELIGIONS, SCHOOL_NUMBERS
from hearth.demo.generator.plan import YEAR, ChildPlan, FamilyPlan
from hearth.people import identifiers

try:  # phonetic name keys, where the people app keeps them
    from hearth.people.names import name_key
except ImportError:  # pragma: no cover - older people app

    def name_key(value: str) -> str:
        return ""


SCHOOL_AGE_DAYS = 4 * YEAR + 180


@dataclass(slots=True)
class PersonRow:
    """What the rest of the generator needs to know about a person it has written."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    is_child: bool
    created_at: datetime
    known_as: str = ""
    uasc: bool = False


def add_person(ctx: Context, tables: Tables, **values: object) -> PersonRow:
    table = tables.person
    if table.has("first_name_key"):
        values["first_name_key"] = name_key(str(values.get("first_name", "")))
        values["last_name_key"] = name_key(str(values.get("last_name", "")))
        values["known_as_key"] = name_key(str(values.get("known_as", "")))
    values.setdefault("updated_at", values["created_at"])
    pk = table.add(**values)
    return PersonRow(
        id=pk,
        first_name=str(values["first_name"]),
        last_name=str(values["last_name"]),
        date_of_birth=values.get("date_of_birth"),  # type: ignore[arg-type]
        is_child=bool(values.get("is_child", True)),
        created_at=values["created_at"],  # type: ignore[arg-type]
        known_as=str(values.get("known_as", "")),
        uasc=bool(values.get("uasc", False)),
    )


def first_name(ctx: Context, sex: str) -> str:
    if sex == "U":
        sex = ctx.rng.choice("MF")
    pool = ctx.pools.first_female if sex == "F" else ctx.pools.first_male
    return ctx.rng.choice(pool)


def nhs_number(ctx: Context) -> str:
    """A number in the 999 range the NHS keeps for test data, with a valid mod-11 check."""
    while True:
        first_nine = f"999{ctx.rng.randrange(10**6):06d}"
        check = identifiers.nhs_number_check_digit(first_nine)
        number = f"{first_nine}{check}"
        if check is not None and number not in ctx.used_nhs_numbers:
            ctx.used_nhs_numbers.add(number)
            return number


def upn(ctx: Context, *, la_code: str, started_school_year: int) -> str:
    """LA code, school number, year of issue and serial, with the DfE check letter."""
    school = ctx.rng.choice(SCHOOL_NUMBERS)
    year = f"{started_school_year % 100:02d}"
    serial = ctx.upn_serials.get((school, year), 0) + 1
    ctx.upn_serials[(school, year)] = serial
    body = f"{la_code}{school}{year}{serial % 1000:03d}"
    return identifiers.upn_check_letter("A" + body) + body


def make_child(
    ctx: Context, tables: Tables, family: FamilyPlan, plan: ChildPlan, *, la_code: str
) -> PersonRow:
    rng = ctx.rng
    number = ctx.next_child_number
    ctx.next_child_number += 1
    opened = family.history[0].start if family.history else family.opened_on
    values: dict[str, object] = {
        "is_child": True,
        "la_child_id": f"HS{number:07d}",
        "last_name": family.surname,
        "sex": plan.sex,
        "ethnicity": family.ethnicity,
        "created_at": ctx.at(opened),
        "restricted": family.restricted,
    }
    if plan.age_days is None:
        values.update(
            first_name="Unborn",
            sex="U",
            expected_date_of_birth=ctx.today + timedelta(days=plan.due_in_days),
            upn_unknown_reason="UN1",
        )
        return add_person(ctx, tables, **values)
    values["first_name"] = first_name(ctx, plan.sex)
    values["date_of_birth"] = born = ctx.days_ago(plan.age_days)
    if ctx.chance(0.12):
        values["middle_names"] = first_name(ctx, plan.sex)
    if ctx.chance(0.05):
        values["known_as"] = first_name(ctx, plan.sex)
    if ctx.chance(0.97):
        values["nhs_number"] = nhs_number(ctx)
    if plan.age_days >= SCHOOL_AGE_DAYS:
        if ctx.chance(0.92):
            values["upn"] = upn(ctx, la_code=la_code, started_school_year=born.year + 5)
        else:
            values["upn_unknown_reason"] = rng.choice(["UN2", "UN3", "UN4", "UN5"])
    else:
        values["upn_unknown_reason"] = "UN1"
    language = LANGUAGES.get(family.ethnicity)
    values["first_language"] = rng.choice(language) if language and ctx.chance(0.35) else "English"
    religions = RELIGIONS.get(family.ethnicity)
    if religions and ctx.chance(0.6):
        values["religion"] = rng.choice(religions)
    if plan.age_days >= 13 * YEAR and ctx.chance(0.01):
        values["gender_identity"] = rng.choice(["Non-binary", "Trans boy", "Trans girl"])
    if _is_uasc(ctx, family, plan):
        values.update(
            uasc=True,
            immigration_status=rng.choice(
                ["Asylum seeker", "Refugee status", "Discretionary leave to remain"]
            ),
            first_language=rng.choice(["Tigrinya", "Pashto", "Arabic", "Kurdish", "Dari"]),
            interpreter_needed=ctx.chance(0.6),
            religion="",
        )
    child = add_person(ctx, tables, **values)
    add_disabilities(ctx, tables, family, child)
    return child


def add_disabilities(ctx: Context, tables: Tables, family: FamilyPlan, child: PersonRow) -> None:
    likely = family.team_key == "disabled"
    if not likely and not ctx.chance(0.05):
        # The census records "no disability" as the code NONE (CIN rule 8540).
        tables.disability.add(person_id=child.id, code="NONE")
        return
    # Some children outside the disabled children's team have two disabilities (CIN 2888Q);
    # chosen by id so the generator's random sequence, and so the rest of the borough, is kept.
    count = ctx.rng.choice([1, 1, 2, 3]) if likely else 1 + (child.id % 3 == 0)
    for code in ctx.rng.sample(DISABILITY_CODES, count):
        tables.disability.add(person_id=child.id, code=code)


def _is_uasc(ctx: Context, family: FamilyPlan, plan: ChildPlan) -> bool:
    """Some lone 15 to 17 year olds in care are unaccompanied asylum-seeking children."""
    if family.size != 1 or family.team_key not in ("cic_1", "cic_2", "leaving_care"):
        return False
    if plan.age_days is None or plan.age_days < 15 * YEAR:
        return False
    return family.ethnicity in ("BAFR", "AOTH", "OOTH", "BOTH") and ctx.chance(0.35)
