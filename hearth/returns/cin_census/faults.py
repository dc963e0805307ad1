"""Deliberate faults: for each CIN census rule, a change to the clean sample return
(`samples.clean_census`) that breaks it. The rule tests use them one by one; the conformance
corpus puts them all through both validators."""

from __future__ import annotations

from collections.abc import Callable

from hearth.returns.cin_census.records import (
    Assessment,
    CensusReturn,
    CINPlan,
    CPPlan,
    Episode,
    Section47,
)
from hearth.returns.cin_census.samples import d, upn

Mutation = Callable[[CensusReturn], None]


def _child(r: CensusReturn):  # type: ignore[no-untyped-def]
    return r.children[0]


def _ep(r: CensusReturn) -> Episode:
    return r.children[0].episodes[0]


def _a(r: CensusReturn) -> Assessment:
    return _ep(r).assessments[0]


def _s(r: CensusReturn) -> Section47:
    return _ep(r).section47s[0]


def _cp(r: CensusReturn) -> CPPlan:
    return _ep(r).cp_plans[0]


def _cin(r: CensusReturn) -> CINPlan:
    return _ep(r).cin_plans[0]


def _set(get: Callable[[CensusReturn], object], **values: object) -> Mutation:
    def mutate(r: CensusReturn) -> None:
        target = get(r)
        for name, value in values.items():
            setattr(target, name, value)

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(r: CensusReturn) -> None:
        for m in mutations:
            m(r)

    return mutate


def _append(get: Callable[[CensusReturn], list], item_factory: Callable[[], object]) -> Mutation:  # type: ignore[type-arg]
    return lambda r: get(r).append(item_factory())


def _second_child_copies(field: str) -> Mutation:
    def mutate(r: CensusReturn) -> None:
        setattr(r.children[1], field, getattr(r.children[0], field))

    return mutate


def _episode(**kwargs: object) -> Callable[[], Episode]:
    base: dict[str, object] = {
        "referral_source": "1A",
        "primary_need": "N1",
        "referral_nfa": "false",
    }
    return lambda: Episode(**{**base, **kwargs})  # type: ignore[arg-type]


def _plan(**kwargs: object) -> Callable[[], CPPlan]:
    base = {"initial_category": "NEG", "latest_category": "NEG", "previous_plans": "1"}
    return lambda: CPPlan(**{**base, **kwargs})  # type: ignore[arg-type]


def _all_sex_unknown(r: CensusReturn) -> None:
    for c in r.children:
        c.sex = "U"


def _no_closure(r: CensusReturn) -> None:
    _ep(r).closure_date = None
    _ep(r).closure_reason = None


CHILD = _child
EPISODES = lambda r: _child(r).episodes  # noqa: E731

FAULTS: dict[str, Mutation] = {
    "100": lambda r: setattr(r.header, "reference_date", d("2026-03-30")),
    "1103": _set(_a, start=d("2025-04-20")),
    "1104": _set(_s, icpc=d("2025-04-28")),
    "1105": _set(_cp, start=d("2025-04-28")),
    "1510": _set(CHILD, upn="Z" + upn()[1:] if upn()[0] != "Z" else "A" + upn()[1:]),
    "1520": _second_child_copies("upn"),
    "1530": _set(CHILD, upn=upn(la="999")),
    "1540": _set(CHILD, upn="A201ABCD12345"),
    "1550": _set(CHILD, upn="A20112345678I"),
    "1560Q": _set(CHILD, former_upn="123"),
    "1570": _set(CHILD, la_child_id="A" * 21),
    "1580": _set(CHILD, la_child_id="AB-1"),
    "2883": _append(lambda r: _ep(r).cp_plans, _plan(start=d("2026-01-05"))),
    "2884": lambda r: setattr(_ep(r), "initial_cpc", _s(r).icpc),
    "2885": _set(_cp, start=d("2025-05-28")),
    "2886Q": _all_sex_unknown,
    "2887Q": _set(CHILD, disabilities=["MOB", "HAND"]),
    "2888Q": _set(CHILD, disabilities=["MOB"]),
    "2889": _set(_s, start=d("2025-04-28")),
    "2990": _set(_ep, closure_reason="RC8"),
    "2991Q": _set(_ep, assessments=[]),
    "4000": _set(_ep, referral_nfa="true"),
    "4001": _both(_set(_cp, end=None), _set(_cin, end=None)),
    "4003": lambda r: _cp(r).reviews.append(d("2025-12-15")),
    "4004": _set(_ep, cin_plans=[CINPlan(start=d("2025-12-01")), CINPlan(start=d("2026-01-05"))]),
    "4008": _set(CHILD, death_date=d("2025-11-01")),
    "4009Q": _set(CHILD, death_date=d("2026-02-01")),
    "4010": _set(_cin, start=None),
    "4011": _set(_cin, end=d("2025-11-01")),
    "4012Q": _set(_cin, end=d("2025-12-01")),
    "4013": _set(_cin, end=d("2026-04-05")),
    "4014": _append(
        lambda r: _ep(r).cin_plans, lambda: CINPlan(start=d("2026-01-05"), end=d("2026-02-01"))
    ),
    "4015": _set(_cin, start=d("2025-04-20")),
    "4016": _set(_cin, start=d("2025-06-02")),
    "4017": _set(_cin, start=d("2025-05-02")),
    "4180": _set(CHILD, sex="X"),
    "4220": _set(CHILD, ethnicity="XXXX"),
    "8500": _set(CHILD, la_child_id=None),
    "8510": _second_child_copies("la_child_id"),
    "8520": _set(CHILD, birth_date=d("2026-04-02")),
    "8525Q": _set(CHILD, expected_birth_date=d("2026-05-01")),
    "8530Q": _set(CHILD, birth_date=None, expected_birth_date=d("2027-06-01")),
    "8535Q": _set(CHILD, death_date=d("2015-01-01")),
    "8540": _set(CHILD, disabilities=[]),
    "8545Q": _set(CHILD, death_date=d("2026-04-10")),
    "8555Q": _set(CHILD, death_date=d("2025-04-15")),
    "8565": _set(_ep, closure_date=d("2026-01-10")),
    "8568": _set(_ep, referral_nfa="maybe"),
    "8569Q": _set(_ep, referral_date=d("2025-03-01"), referral_nfa="true"),
    "8585Q": _set(_ep, closure_reason="RC2"),
    "8590": _set(CHILD, episodes=[]),
    "8600": _set(_ep, referral_date=None),
    "8606": _set(CHILD, birth_date=d("2026-03-01")),
    "8608": _set(_a, authorised=d("2025-05-01")),
    "8610": _set(_ep, primary_need=None),
    "8614": _set(_a, authorised=None),
    "8615": _set(_s, icpc=d("2025-05-05")),
    "8620": _set(_ep, closure_date=d("2026-04-10")),
    "8630": _set(_ep, closure_date=d("2025-04-20")),
    "8640": _set(_ep, closure_reason="RC0"),
    "8650": _set(_ep, primary_need="N10"),
    "8670Q": _set(_a, authorised=None, factors=[]),
    "8675Q": _set(_s, icpc=None),
    "8696": _set(_a, authorised=d("2026-04-02")),
    "8715": _set(_s, icpc=d("2026-04-02")),
    "8720": _set(_cp, start=None),
    "8730": _set(_cp, previous_plans=None),
    "8736": _set(_a, authorised=None, start=d("2025-03-03")),
    "8740": _set(_s, icpc=None, start=d("2025-03-03")),
    "8750": _set(CHILD, birth_date=None, expected_birth_date=d("2026-05-01")),
    "8770Q": _set(CHILD, upn=None),
    "8772": _set(CHILD, upn_unknown="UN7"),
    "8775Q": _set(CHILD, birth_date=d("1990-01-01")),
    "8790": _set(CHILD, disabilities=["NONE", "MOB"]),
    "8794": _set(CHILD, disabilities=["MOB", "MOB"]),
    "8805": _set(_ep, closure_reason=None),
    "8810": _set(_ep, closure_date=None),
    "8815": _both(_no_closure, _append(EPISODES, _episode(referral_date=d("2026-03-02")))),
    "8816": _both(
        _no_closure,
        _append(
            EPISODES,
            _episode(
                referral_date=d("2026-03-02"), closure_date=d("2026-03-10"), closure_reason="RC7"
            ),
        ),
    ),
    "8820": _append(
        EPISODES,
        _episode(referral_date=d("2025-06-02"), closure_date=d("2025-07-01"), closure_reason="RC7"),
    ),
    "8825Q": _set(_ep, closure_reason="RC8", assessments=[]),
    "8831": _set(_ep, referral_nfa="true"),
    "8832": _set(_ep, referral_nfa="1"),
    "8839": _set(
        _ep,
        section47s=[
            Section47(start=d("2025-05-06"), icpc_not_required="false"),
            Section47(start=d("2025-06-02"), icpc_not_required="false"),
        ],
    ),
    "8840": _set(_cp, end=d("2025-05-27")),
    "8841": _set(_cp, reviews=[d("2025-05-27")]),
    "8842Q": _set(_cp, reviews=[None]),
    "8863Q": _append(
        lambda r: _ep(r).assessments,
        lambda: Assessment(start=d("2025-05-10"), authorised=d("2025-05-30"), factors=["3B"]),
    ),
    "8866": _set(_ep, referral_source="ZZ"),
    "8867": _set(_a, authorised=None, factors=[]),
    "8868": _set(_s, icpc=None),
    "8869": _set(_a, factors=["21", "3B"]),
    "8870Q": _set(_s, icpc_target=d("2025-05-24")),
    "8873Q": _set(_a, factors=["21"]),
    "8875": _set(_s, icpc=d("2025-05-24")),
    "8890": _append(
        lambda r: _ep(r).section47s,
        lambda: Section47(start=d("2025-05-10"), icpc=d("2025-05-27"), icpc_not_required="0"),
    ),
    "8896": _set(
        _ep,
        assessments=[Assessment(start=d("2025-05-02")), Assessment(start=d("2025-06-02"))],
    ),
    "8897Q": _set(_a, factors=[]),
    "8898": _set(_a, factors=["3B", "3B"]),
    "8905": _set(_cp, initial_category="XXX"),
    "8910": _set(_cp, latest_category=None),
    "8915": _set(CHILD, death_date=d("2025-05-20")),
    "8920": _set(CHILD, death_date=d("2025-11-01")),
    "8925": _set(_cp, end=d("2025-05-20")),
    "8930": _set(_cp, end=d("2026-04-02")),
    "8935": _both(
        _set(_cp, end=None), _append(lambda r: _ep(r).cp_plans, _plan(start=d("2026-01-05")))
    ),
    "8940": _append(lambda r: _ep(r).cp_plans, _plan(start=d("2025-06-02"), end=d("2025-07-01"))),
    "8945Q": _set(_a, factors=["18A"]),
    "8950Q": _set(_a, factors=["19A"]),
}
