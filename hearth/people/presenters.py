"""Display formatting for people: summary rows, identifiers, the family network diagram."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from hearth.core.presenters import format_age, format_date
from hearth.people import codes
from hearth.people.models import Address, Person, Relationship, Sex

if TYPE_CHECKING:
    from hearth.people.matching import Match
    from hearth.people.selectors import FamilyNetwork, NetworkMember


def format_nhs_number(value: str) -> str:
    return f"{value[:3]} {value[3:6]} {value[6:]}" if len(value) == 10 else value


def format_address(address: Address | None) -> list[str]:
    if address is None:
        return []
    return [p for p in (address.line_1, address.line_2, address.town, address.postcode) if p]


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def relationship_flags(relationship: Relationship) -> str:
    flags = []
    if relationship.parental_responsibility:
        flags.append("Parental responsibility")
    if relationship.lives_with:
        flags.append("Lives with the child")
    return ", ".join(flags) or "None recorded"


def _row(key: str, value: str | list[str], href: str = "", hidden: str = "") -> dict[str, Any]:
    if isinstance(value, list):
        from markupsafe import escape

        value_part: dict[str, Any] = {"html": "<br>".join(str(escape(v)) for v in value)}
    else:
        value_part = {"text": value}
    row: dict[str, Any] = {"key": {"text": key}, "value": value_part}
    if href:
        row["actions"] = {
            "items": [{"href": href, "text": "Change", "visuallyHiddenText": hidden or key.lower()}]
        }
    return row


class PersonPresenter:
    """What a person's summary shows. Two queries (addresses and disabilities) the first
    time the rows are read."""

    def __init__(self, person: Person) -> None:
        self.person = person

    @cached_property
    def current_address(self) -> Address | None:
        return self.person.addresses.current().first()

    @cached_property
    def disability_codes(self) -> list[str]:
        return sorted(d.code for d in self.person.disabilities.all())

    def _edit(self, field_name: str) -> str:
        return f"{reverse('people:edit', args=[self.person.pk])}#id_{field_name}"

    @property
    def sex(self) -> str:
        return Sex(self.person.sex).label if self.person.sex in Sex.values else self.person.sex

    @property
    def birth(self) -> str:
        p = self.person
        if p.date_of_birth:
            return f"{format_date(p.date_of_birth)} ({format_age(p.date_of_birth)})"
        if p.expected_date_of_birth:
            return f"Unborn: expected {format_date(p.expected_date_of_birth)}"
        return "Not recorded"

    @property
    def full_name(self) -> str:
        p = self.person
        return " ".join(n for n in (p.first_name, p.middle_names, p.last_name) if n)

    @property
    def ethnicity(self) -> str:
        return codes.label("ethnicity", self.person.ethnicity) or "Not recorded"

    @property
    def disabilities(self) -> str:
        labels = dict(codes.choices("disability"))
        return ", ".join(labels.get(c, c) for c in self.disability_codes) or "Not recorded"

    @property
    def language(self) -> str:
        p = self.person
        if not p.first_language:
            return "Not recorded"
        return p.first_language + (" (interpreter needed)" if p.interpreter_needed else "")

    def identity_rows(self) -> list[dict[str, Any]]:
        p = self.person
        rows = [
            _row("Name", self.full_name, self._edit("first_name"), "name"),
            _row("Known as", p.known_as or "Not recorded", self._edit("known_as")),
            _row(
                "Date of birth" if not p.is_unborn else "Expected date of birth",
                self.birth,
                self._edit("date_of_birth"),
                "date of birth",
            ),
            _row("Sex", self.sex, self._edit("sex")),
            _row(
                "Gender identity",
                p.gender_identity or "Not recorded",
                self._edit("gender_identity"),
            ),
        ]
        if p.date_of_death:
            rows.append(
                _row("Date of death", format_date(p.date_of_death), self._edit("date_of_death"))
            )
        return rows

    def identifier_rows(self) -> list[dict[str, Any]]:
        p = self.person
        rows = [
            _row(
                "NHS number",
                format_nhs_number(p.nhs_number) or "Not recorded",
                self._edit("nhs_number"),
            )
        ]
        if p.is_child:
            rows[:0] = [_row("LA child ID", p.la_child_id or "Not recorded")]
            rows += [
                _row("UPN", p.upn or "Not recorded", self._edit("upn"), "UPN"),
                _row("Former UPN", p.former_upn or "None", self._edit("former_upn"), "former UPN"),
            ]
            if p.upn_unknown_reason:
                rows.append(
                    _row(
                        "Reason the UPN is not known",
                        codes.label("upn_unknown", p.upn_unknown_reason),
                        self._edit("upn_unknown_reason"),
                    )
                )
        return rows

    def characteristic_rows(self) -> list[dict[str, Any]]:
        p = self.person
        rows = [
            _row("Ethnicity", self.ethnicity, self._edit("ethnicity")),
            _row("Disabilities", self.disabilities, self._edit("disabilities")),
            _row("First language", self.language, self._edit("first_language")),
            _row("Religion", p.religion or "Not recorded", self._edit("religion")),
            _row(
                "Immigration status",
                p.immigration_status or "Not recorded",
                self._edit("immigration_status"),
            ),
        ]
        if p.is_child:
            rows.append(
                _row(
                    "Unaccompanied asylum-seeking child", yes_no(p.uasc), self._edit("uasc"), "UASC"
                )
            )
        return rows

    def address_rows(self) -> list[dict[str, Any]]:
        address = self.current_address
        add_href = reverse("people:address_add", args=[self.person.pk])
        if address is None:
            return [_row("Current address", "Not recorded", add_href, "current address")]
        return [
            _row("Current address", format_address(address), add_href, "current address"),
            _row("Lived there since", format_date(address.start_date)),
        ]


# The family network diagram ------------------------------------------------------------------

NODE_WIDTH = 210
NODE_HEIGHT = 70
GAP_X = 24
GAP_Y = 72
PAD = 16
ROW_NAMES = {
    0: "Grandparents",
    1: "Parents and carers",
    2: "The child and siblings",
    3: "Other relatives and connected people",
}


@dataclass
class DiagramNode:
    key: str
    name: str
    label: str
    flags: str
    is_child: bool = False
    x: int = 0
    y: int = 0

    @property
    def cx(self) -> int:
        return self.x + NODE_WIDTH // 2


@dataclass
class DiagramLine:
    path: str
    dashed: bool


@dataclass
class NetworkDiagram:
    width: int
    height: int
    nodes: list[DiagramNode] = field(default_factory=list)
    lines: list[DiagramLine] = field(default_factory=list)
    description: str = ""
    node_width: int = NODE_WIDTH
    node_height: int = NODE_HEIGHT


def _shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def member_flags(member: NetworkMember) -> str:
    flags = []
    if member.parental_responsibility:
        flags.append("PR")
    if member.lives_with:
        flags.append("Lives with")
    if member.person.date_of_death:
        flags.append("Died")
    return ", ".join(flags)


def _spread(start: int, width: int, count: int, index: int) -> int:
    """The x of the index-th of `count` attachment points spread along an edge."""
    return start + (index + 1) * width // (count + 1)


def network_diagram(network: FamilyNetwork) -> NetworkDiagram:
    """Lay the network out in rows (grandparents, parents and carers, the child and siblings,
    other people) and route each line in the gaps between rows so that no line runs through a
    box or along another line: each line has its own height in each gap it crosses, its own
    point on the edge of each box, and lines that skip a row run down a spine on the left."""
    child = network.child
    child_node = DiagramNode(
        key=f"p{child.pk}",
        name=_shorten(child.full_name),
        label="This child",
        flags="Died" if child.date_of_death else "",
        is_child=True,
    )
    rows: dict[int, list[DiagramNode]] = {0: [], 1: [], 2: [], 3: []}
    node_of: dict[int, DiagramNode] = {child.pk: child_node}
    for member in network.members:
        node = DiagramNode(
            key=f"p{member.person.pk}",
            name=_shorten(member.person.full_name),
            label=_shorten(member.kind_label, 26),
            flags=member_flags(member),
        )
        rows[member.generation].append(node)
        node_of[member.person.pk] = node
    half = len(rows[2]) // 2
    rows[2] = [*rows[2][:half], child_node, *rows[2][half:]]

    # Which lines to draw: (from, to, dashed).
    wanted: list[tuple[DiagramNode, DiagramNode, bool]] = []
    for member in network.members:
        anchor = node_of[member.via.pk] if member.via is not None else child_node
        dashed = not member.relationship.lives_with
        wanted.append((node_of[member.person.pk], anchor, dashed))
        for sibling in member.also_linked_to:
            if sibling.pk in node_of:
                wanted.append((node_of[member.person.pk], node_of[sibling.pk], True))

    used = [r for r in (0, 1, 2, 3) if rows[r]]
    row_of = {id(n): i for i, r in enumerate(used) for n in rows[r]}
    long_lines = sum(1 for a, b, _ in wanted if abs(row_of[id(a)] - row_of[id(b)]) >= 2)
    left_margin = PAD + 8 * long_lines
    widest = max(len(rows[r]) for r in used)
    width = max(left_margin + PAD + widest * (NODE_WIDTH + GAP_X) - GAP_X, 420)
    for index, r in enumerate(used):
        row = rows[r]
        row_width = len(row) * (NODE_WIDTH + GAP_X) - GAP_X
        left = left_margin + (width - left_margin - PAD - row_width) // 2
        for i, node in enumerate(row):
            node.x = left + i * (NODE_WIDTH + GAP_X)
            node.y = PAD + index * (NODE_HEIGHT + GAP_Y)
    last_row_links = any(row_of[id(a)] == row_of[id(b)] == len(used) - 1 for a, b, _ in wanted)
    height = PAD * 2 + len(used) * (NODE_HEIGHT + GAP_Y) - GAP_Y + (GAP_Y if last_row_links else 0)

    # Plan: for each line, which gaps it crosses and which box edges it touches.
    plans = []
    gap_users: dict[int, list[int]] = {}
    edge_users: dict[tuple[int, str], list[int]] = {}
    for n, (a, b, _dashed) in enumerate(wanted):
        ra, rb = row_of[id(a)], row_of[id(b)]
        if ra == rb:
            upper, lower, gaps = a, b, [ra]
            edges = [(id(a), "bottom"), (id(b), "bottom")]
        else:
            upper, lower = (a, b) if ra < rb else (b, a)
            top, bottom = min(ra, rb), max(ra, rb)
            gaps = [top] if bottom - top == 1 else [top, bottom - 1]
            edges = [(id(upper), "bottom"), (id(lower), "top")]
        plans.append((upper, lower, gaps, edges))
        for g in gaps:
            gap_users.setdefault(g, []).append(n)
        for edge in edges:
            edge_users.setdefault(edge, []).append(n)

    def gap_y(gap: int, n: int) -> int:
        users = gap_users[gap]
        top = PAD + gap * (NODE_HEIGHT + GAP_Y) + NODE_HEIGHT
        return top + (users.index(n) + 1) * GAP_Y // (len(users) + 1)

    def edge_x(node: DiagramNode, side: str, n: int) -> int:
        users = edge_users[(id(node), side)]
        return _spread(node.x, NODE_WIDTH, len(users), users.index(n))

    lines = []
    spine = 0
    for n, (upper, lower, gaps, edges) in enumerate(plans):
        dashed = wanted[n][2]
        ux = edge_x(upper, edges[0][1], n)
        lx = edge_x(lower, edges[1][1], n)
        start_y = upper.y + NODE_HEIGHT
        if edges[1][1] == "bottom":  # two boxes in the same row, joined below it
            path = f"M{ux},{start_y} V{gap_y(gaps[0], n)} H{lx} V{lower.y + NODE_HEIGHT}"
        elif len(gaps) == 1:
            path = f"M{ux},{start_y} V{gap_y(gaps[0], n)} H{lx} V{lower.y}"
        else:
            spine += 1
            spine_x = left_margin - 8 * spine
            path = (
                f"M{ux},{start_y} V{gap_y(gaps[0], n)} H{spine_x} "
                f"V{gap_y(gaps[1], n)} H{lx} V{lower.y}"
            )
        lines.append(DiagramLine(path=path, dashed=dashed))

    nodes = [n for r in used for n in rows[r]]
    return NetworkDiagram(
        width=width,
        height=height,
        nodes=nodes,
        lines=lines,
        description=network_description(network),
    )


def network_description(network: FamilyNetwork) -> str:
    child = network.child
    if not network.members:
        return f"No family members are recorded for {child.full_name}."
    parts = []
    for generation, title in ROW_NAMES.items():
        people = [m for m in network.members if m.generation == generation]
        if not people:
            continue
        described = []
        for m in people:
            flags = member_flags(m)
            detail = m.kind_label.lower() + (f", {flags.lower()}" if flags else "")
            described.append(f"{m.person.full_name} ({detail})")
        parts.append(f"{title}: {'; '.join(described)}.")
    return f"Family network of {child.full_name}. " + " ".join(parts)


def member_rows(network: FamilyNetwork) -> list[dict[str, Any]]:
    """Rows of the text alternative table, in diagram order."""
    today = timezone.localdate()
    rows = []
    for member in sorted(network.members, key=lambda m: (m.generation, m.via is not None)):
        rel = member.relationship
        rows.append(
            {
                "member": member,
                "person": member.person,
                "relationship": member.kind_label,
                "pr": "Yes" if member.parental_responsibility else "No",
                "lives_with": "Yes" if member.lives_with else "No",
                "since": format_date(rel.start_date, empty="") if member.via is None else "",
                "age": format_age(member.person.date_of_birth, today)
                if member.person.date_of_birth
                else "",
                "deceased": member.person.date_of_death is not None,
                "can_end": member.via is None,
            }
        )
    return rows


def match_radio_items(matches: list[Match], selected: str | None) -> list[dict[str, Any]]:
    """GOV.UK radio items for the duplicate check: each likely match with why it matched,
    then a divider and the explicit choice to create a new record."""
    items: list[dict[str, Any]] = []
    for match in matches:
        person = match.person
        hint = []
        if person.date_of_birth:
            hint.append(f"Born {format_date(person.date_of_birth)}")
        elif person.expected_date_of_birth:
            hint.append(f"Expected {format_date(person.expected_date_of_birth)}")
        if person.la_child_id:
            hint.append(f"LA child ID {person.la_child_id}")
        hint.append("Why: " + ", ".join(match.reasons))
        hint.append(f"Match score {match.score} out of 100")
        items.append(
            {
                "value": str(person.pk),
                "text": person.display_name,
                "hint": {"text": ". ".join(hint)},
                "checked": selected == str(person.pk),
            }
        )
    if items:
        items.append({"divider": "or"})
    items.append(
        {"value": "new", "text": "None of these: create a new record", "checked": selected == "new"}
    )
    return items
