"""Family networks and address history: parents with parental responsibility, siblings in
the data set sharing parents, grandparents and others, and where everyone lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from hearth.demo.generator.bulk import Tables
from hearth.demo.generator.children import PersonRow, add_person
from hearth.demo.generator.context import Context
from hearth.demo.generator.names import ESTATE_BLOCKS, INWARD_LETTERS, OUTWARD_CODES, TOWN
from hearth.demo.generator.plan import YEAR, FamilyPlan
from hearth.people.models import RelationshipKind, Sex

STAFF_PARENT_NOTE = "Parent works for Hearthside children's services"


@dataclass
class Household:
    """One family as written: the children and the adults around them."""

    plan: FamilyPlan
    children: list[PersonRow] = field(default_factory=list)
    adults: list[PersonRow] = field(default_factory=list)
    relationships: int = 0
    segments: list = field(default_factory=list)  # allocations, oldest first (casework)


def postcode(ctx: Context) -> str:
    rng = ctx.rng
    inward = f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    return f"{rng.choice(OUTWARD_CODES)} {inward}"


def address_fields(ctx: Context) -> dict[str, str]:
    rng = ctx.rng
    street = rng.choice(ctx.pools.streets)
    if ctx.chance(0.45):
        block = f"{street.split()[0]} {rng.choice(ESTATE_BLOCKS)}"
        line_1, line_2 = f"Flat {rng.randint(1, 96)}, {block}", street
    else:
        line_1, line_2 = f"{rng.randint(1, 240)} {street}", ""
    return {"line_1": line_1, "line_2": line_2, "town": TOWN, "postcode": postcode(ctx)}


class _Network:
    def __init__(self, ctx: Context, tables: Tables, household: Household) -> None:
        self.ctx = ctx
        self.tables = tables
        self.household = household
        self.created_at = household.children[0].created_at

    def adult(self, *, sex: str, surname: str, age_years: int, first: str = "") -> PersonRow:
        rng = self.ctx.rng
        pool = self.ctx.pools.first_female if sex == Sex.FEMALE else self.ctx.pools.first_male
        born = self.ctx.days_ago(age_years * YEAR + rng.randint(0, YEAR - 1))
        adult = add_person(
            self.ctx,
            self.tables,
            is_child=False,
            first_name=first or rng.choice(pool),
            last_name=surname,
            date_of_birth=born,
            sex=sex,
            ethnicity=self.household.plan.ethnicity,
            created_at=self.created_at,
        )
        self.household.adults.append(adult)
        return adult

    def relate(self, child: PersonRow, relative: PersonRow, kind: str, **flags: object) -> None:
        self.tables.relationship.add(
            child_id=child.id,
            relative_id=relative.id,
            kind=kind,
            created_at=self.created_at,
            updated_at=self.created_at,
            **flags,
        )
        self.household.relationships += 1

    def relate_all(self, relative: PersonRow, kind: str, **flags: object) -> None:
        for child in self.household.children:
            self.relate(child, relative, kind, **flags)

    def live_at(self, people: list[PersonRow], since: date, moves: int) -> None:
        """A shared current address for `people` and `moves` earlier ones."""
        end: date | None = None
        start = since
        for _ in range(moves + 1):
            fields = address_fields(self.ctx)
            for person in people:
                born = person.date_of_birth or start
                if end is not None and end < born:
                    continue  # before they were born
                self.tables.address.add(
                    person_id=person.id,
                    start_date=max(start, born),
                    end_date=end,
                    created_at=self.created_at,
                    updated_at=self.created_at,
                    **fields,
                )
            end = start - timedelta(days=1)
            start = end - timedelta(days=self.ctx.rng.randint(180, 1500))


def build_network(
    ctx: Context, tables: Tables, household: Household, *, staff_parent: tuple[str, str] | None
) -> None:
    """Adults around the children, the relationships between them and their addresses.
    `staff_parent` names the mother after a member of staff (a restricted record)."""
    rng = ctx.rng
    plan = household.plan
    children = household.children
    net = _Network(ctx, tables, household)
    births = [c.date_of_birth for c in children if c.date_of_birth is not None]
    eldest_age = max(((ctx.today - born).days // YEAR for born in births), default=0)
    in_care = plan.team_key.startswith("cic") or plan.team_key == "leaving_care"
    since = plan.opened_on

    if any(c.uasc for c in children):
        carer = net.adult(
            sex=rng.choice("MF"), surname=rng.choice(ctx.pools.last), age_years=rng.randint(35, 60)
        )
        net.relate_all(carer, RelationshipKind.CARER, lives_with=True, start_date=since)
        net.live_at([*children, carer], since, 0)
        return

    mother_age = eldest_age + rng.randint(17, 38)
    first, surname = staff_parent or ("", plan.surname)
    mother = net.adult(sex=Sex.FEMALE, surname=surname, age_years=mother_age, first=first)
    fathers: list[PersonRow] = []
    if plan.showcase or ctx.chance(0.8):
        father_surname = plan.surname if ctx.chance(0.6) else rng.choice(ctx.pools.last)
        fathers.append(
            net.adult(
                sex=Sex.MALE, surname=father_surname, age_years=mother_age + rng.randint(-3, 8)
            )
        )
    second_father_from = len(children)
    if len(children) >= 3 and fathers and ctx.chance(0.3):
        fathers.append(
            net.adult(
                sex=Sex.MALE,
                surname=rng.choice(ctx.pools.last),
                age_years=mother_age + rng.randint(-5, 6),
            )
        )
        second_father_from = rng.randint(1, len(children) - 1)
    father_lives = [not in_care and not plan.showcase and ctx.chance(0.45) for _ in fathers]

    father_of: dict[int, PersonRow] = {}
    for position, child in enumerate(children):
        start = child.date_of_birth
        notes = STAFF_PARENT_NOTE if staff_parent else ""
        net.relate(
            child,
            mother,
            RelationshipKind.PARENT,
            parental_responsibility=True,
            lives_with=not in_care,
            start_date=start,
            notes=notes,
        )
        if fathers:
            which = 1 if position >= second_father_from else 0
            father_of[position] = fathers[which]
            net.relate(
                child,
                fathers[which],
                RelationshipKind.PARENT,
                parental_responsibility=plan.showcase or ctx.chance(0.75),
                lives_with=father_lives[which],
                start_date=start,
            )
    for a, one in enumerate(children):
        for b, other in enumerate(children):
            if a != b:
                half = father_of.get(a) is not father_of.get(b)
                kind = RelationshipKind.HALF_SIBLING if half else RelationshipKind.SIBLING
                net.relate(one, other, kind, lives_with=not in_care)

    fathers_home = [f for f, lives in zip(fathers, father_lives, strict=True) if lives]
    if not fathers_home and not in_care and ctx.chance(0.12):
        step = net.adult(
            sex=Sex.MALE,
            surname=rng.choice(ctx.pools.last),
            age_years=mother_age + rng.randint(-4, 10),
        )
        moved_in = ctx.days_ago(rng.randint(200, 2000))
        net.relate_all(step, RelationshipKind.STEP_PARENT, lives_with=True, start_date=moved_in)
        fathers_home = [step]

    grandparents: list[tuple[PersonRow, bool]] = []
    if plan.showcase or ctx.chance(0.6):
        nan = net.adult(sex=Sex.FEMALE, surname=surname, age_years=mother_age + rng.randint(19, 30))
        grandparents.append((nan, ctx.chance(0.05) and not in_care))
    if ctx.chance(0.25):
        grandad = net.adult(
            sex=Sex.MALE, surname=surname, age_years=mother_age + rng.randint(21, 34)
        )
        grandparents.append((grandad, False))
    if fathers and ctx.chance(0.25):
        paternal = net.adult(
            sex=Sex.FEMALE,
            surname=fathers[0].last_name,
            age_years=mother_age + rng.randint(20, 32),
        )
        grandparents.append((paternal, False))
    for grandparent, lives in grandparents:
        net.relate_all(grandparent, RelationshipKind.GRANDPARENT, lives_with=lives)
    if ctx.chance(0.2):
        aunt = net.adult(
            sex=rng.choice("MF"), surname=plan.surname, age_years=mother_age + rng.randint(-8, 8)
        )
        net.relate_all(aunt, RelationshipKind.AUNT_UNCLE)

    carers: list[PersonRow] = []
    if in_care:
        if grandparents and ctx.chance(0.2):  # kinship care with a grandparent
            carers = [grandparents[0][0]]
        else:
            carer_surname = rng.choice(ctx.pools.last)
            carers = [
                net.adult(sex=Sex.FEMALE, surname=carer_surname, age_years=rng.randint(35, 62))
            ]
            if ctx.chance(0.55):
                carers.append(
                    net.adult(sex=Sex.MALE, surname=carer_surname, age_years=rng.randint(35, 64))
                )
        for carer in carers:
            net.relate_all(carer, RelationshipKind.CARER, lives_with=True, start_date=since)
    elif ctx.chance(0.08):
        friend = net.adult(
            sex=rng.choice("MF"), surname=rng.choice(ctx.pools.last), age_years=mother_age
        )
        net.relate_all(friend, RelationshipKind.CONNECTED_PERSON)

    # Where they live: the children with their mother (or their carers); others elsewhere.
    moved_in = ctx.days_ago(rng.randint(30, 2500))
    moves = int(ctx.weighted([("0", 55), ("1", 30), ("2", 15)]))
    if in_care:
        net.live_at([*children, *carers], max(since, moved_in), 0)
        net.live_at([mother], moved_in, moves)
    else:
        home = [*children, mother, *fathers_home]
        home += [g for g, lives in grandparents if lives]
        net.live_at(home, moved_in, moves)
    elsewhere = [f for f in fathers if f not in fathers_home]
    elsewhere += [g for g, lives in grandparents if not lives and g not in carers]
    for adult in elsewhere:
        net.live_at([adult], ctx.days_ago(rng.randint(100, 4000)), 0)
