"""Deliberate faults: for each SSDA903 rule, a change to the clean sample (samples.py) that
breaks it. The rule tests use them one by one; the conformance corpus puts each through both
validators. A fault may break other rules too (a date of birth changed in the Header alone also
breaks the cross-table checks); the corpus compares every code for every child.

`NO_FAULT` names the rules no CSV return can break, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable

from hearth.returns.ssda903.parse import TABLES
from hearth.returns.ssda903.samples import ALICE, BEN, CARA, DAN, DOB, EVE, FAY, Sample

Mutation = Callable[[Sample], None]

NO_FAULT: dict[str, str] = {
    "105": "the UASC flag is only in an XML return; from CSV files it is derived from the UASC "
    "table, so it is always 0 or 1",
    "164": "Hearth and the DfE derive the distance from two real postcodes, so it is always "
    "between 0 and 999.9 miles",
    "411": "the placement location is derived from the placement LA, so they always agree",
    "303": "from CSV files the UASC flag is 1 for every child in the UASC table, so a DUC always "
    "has the flag",
    "205A": "from CSV files a child in this year's UASC table is always flagged UASC this year",
    "205C": "from CSV files a child in this year's UASC table is always flagged UASC this year",
    "219": "needs the Ofsted provider lists",
    "221": "needs the Ofsted provider lists",
    "224": "needs the Ofsted provider lists",
    "227": "needs the Ofsted provider lists",
    "228": "needs the Ofsted provider lists",
    "229": "needs the Ofsted provider lists",
    "1008": "needs the Ofsted provider lists",
}


def _set(table: str, child: str, n: int = 0, **values: str) -> Mutation:
    def mutate(s: Sample) -> None:
        s.row(table, child, n).update(values)

    return mutate


def _last(table: str, child: str, n: int = 0, **values: str) -> Mutation:
    def mutate(s: Sample) -> None:
        [r for r in s.last[table] if r["CHILD"] == child][n].update(values)

    return mutate


def _add(table: str, **values: str) -> Mutation:
    def mutate(s: Sample) -> None:
        s.add(table, **values)

    return mutate


def _drop(table: str, child: str, *, last: bool = False) -> Mutation:
    def mutate(s: Sample) -> None:
        tables = s.last if last else s.this
        tables[table] = [r for r in tables[table] if r["CHILD"] != child]

    return mutate


def _copy(table: str, child: str) -> Mutation:
    """A second, identical row for the child."""

    def mutate(s: Sample) -> None:
        s.this[table].append(dict(s.row(table, child)))

    return mutate


def _dob(child: str, dob: str, *, last: bool = True) -> Mutation:
    """The child's date of birth changed in every table (this year's and last year's)."""

    def mutate(s: Sample) -> None:
        for tables in (s.this, s.last) if last else (s.this,):
            for rows in tables.values():
                for r in rows:
                    if r["CHILD"] == child and "DOB" in r:
                        r["DOB"] = dob

    return mutate


def _all(*mutations: Mutation) -> Mutation:
    def mutate(s: Sample) -> None:
        for m in mutations:
            m(s)

    return mutate


def _new_child(child: str, **header: str) -> Mutation:
    values = {"SEX": "M", "DOB": "01/01/2014", "ETHNIC": "WBRI", "UPN": "G123456789017"}
    values.update(header)
    return _add("Header", CHILD=child, **values)


def _row_for(table: str, child: str, **values: str) -> Mutation:
    base = {c: "" for c in TABLES[table]}
    base.update(CHILD=child)
    if "DOB" in base:
        base["DOB"] = DOB.get(child, "01/01/2014")
    base.update(values)
    return _add(table, **base)


H, E, R, U, O2, O3, A, P, PP, M, SW = (
    "Header", "Episodes", "Reviews", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm",
    "Missing", "SWEpisodes",
)  # fmt: skip
ADOPTERS = dict(DATE_INT="01/01/2025", DATE_MATCH="01/02/2025", FOSTER_CARE="0", NB_ADOPTR="1",
                SEX_ADOPTR="F1", LS_ADOPTR="L0")  # fmt: skip
OC2_FULL = dict(CONVICTED="0", IMMUNISATIONS="1", TEETH_CHECK="1", HEALTH_ASSESSMENT="1",
                SUBSTANCE_MISUSE="0")  # fmt: skip
LEAVER = dict(IN_TOUCH="YES", ACTIV="F2", ACCOM="D1")
DAN_LEAVES = _set(E, DAN, 1, DEC="01/03/2026", REC="E13")

FAULTS: dict[str, Mutation] = {
    # Header, UASC and motherhood
    "101": _set(H, ALICE, SEX="X"),
    "102": _set(H, ALICE, DOB="31/02/2012"),
    "103": _set(H, ALICE, ETHNIC="ZZZZ"),
    "104": _set(U, EVE, DUC="32/13/2020"),
    "168": _set(H, ALICE, UPN="I123456789012"),
    "171": _set(H, ALICE, MC_DOB="99/99/2020"),
    "174": _set(H, BEN, MC_DOB="01/01/2020"),
    "231": _dob(EVE, "01/01/2017"),
    "232": _set(H, DAN, SEX="U"),
    "301": _set(H, DAN, DOB="01/01/2027"),
    "351": _set(H, CARA, DOB="01/01/1999"),
    "444": _set(H, DAN, UPN="A123456789012"),
    "611": _set(H, ALICE, MOTHER="1"),
    "612": _set(H, ALICE, MC_DOB="01/01/2025"),
    "620": _set(H, BEN, SEX="F", MOTHER="1", MC_DOB="01/01/2025"),
    "621": _set(H, ALICE, MOTHER="1", MC_DOB="01/01/2010"),
    "209": _set(H, ALICE, UPN="UN1"),
    "210": _all(_set(H, DAN, UPN="UN4"), _set(E, DAN, 0, DEC="25/03/2026"),
                _set(E, DAN, 1, DECOM="25/03/2026")),
    "442": _set(H, ALICE, UPN=""),
    "393": _set(H, ALICE, MOTHER=""),
    "607": _all(_set(H, EVE, MOTHER=""), _set(E, EVE, DEC="01/02/2026", REC="E13")),
    "625": _all(_set(H, EVE, MOTHER="1", MC_DOB="15/02/2026"),
                _set(E, EVE, DEC="01/02/2026", REC="E13")),
    "165": _set(H, ALICE, MOTHER="X"),
    "628": _set(H, CARA, MOTHER="0"),
    "302": _set(H, DAN, DOB="01/01/2026"),
    "304": _set(U, EVE, DUC="03/09/2026"),
    # Episodes: codes and formats
    "141": _set(E, ALICE, DECOM="31/02/2023"),
    "143": _set(E, ALICE, RNE="Q"),
    "144": _set(E, ALICE, LS="Z9"),
    "145": _set(E, ALICE, CIN="N9"),
    "146": _set(E, ALICE, PLACE="Z1"),
    "147": _set(E, DAN, 0, DEC="32/11/2025"),
    "148": _set(E, DAN, 0, REC=""),
    "149": _set(E, DAN, 0, REC="E99"),
    "1009": _set(E, DAN, 0, REASON_PLACE_CHANGE="BOGUS"),
    "142": _set(E, DAN, 0, DEC="", REC=""),
    # Providers
    "178": _set(E, ALICE, PLACE_PROVIDER="PR9"),
    "213": _set(E, DAN, 1, PLACE="T1"),
    "526": _set(E, ALICE, PLACE_PROVIDER=""),
    "527": _set(E, DAN, 1, PLACE="R2", PLACE_PROVIDER="PR1", URN=""),
    "528": _set(E, DAN, 1, PLACE="R2", PLACE_PROVIDER="PR2", URN=""),
    "529": _set(E, ALICE, PLACE_PROVIDER="PR3"),
    "530": _set(E, DAN, 1, PLACE="P1", PLACE_PROVIDER="PR4", URN=""),
    "531": _set(E, DAN, 1, PLACE="P1", PLACE_PROVIDER="PR5", URN=""),
    "550": _set(E, ALICE, PLACE_PROVIDER="PR0"),
    "1015": _set(E, DAN, 1, PLACE="K2", PLACE_PROVIDER="PR1", PL_POST="SE1 7PB"),
    # Postcodes, placement LA and distance
    "169": _set(E, ALICE, PL_POST=""),
    "179": _set(E, ALICE, PL_POST=""),
    "214": _set(E, FAY, URN="1234567"),
    "392a": _set(E, ALICE, HOME_POST=""),
    "392b": _set(E, ALICE, HOME_POST=""),
    "392c": _set(E, ALICE, PL_POST="ZZ9 9ZZ"),
    "392d": _set(E, ALICE, PL_POST="E15 4HT"),
    "398": _set(E, FAY, HOME_POST="E15 4HT"),
    "406": _set(E, EVE, HOME_POST="E15 4HT"),
    "420": _set(E, FAY, PL_POST="E13 9PJ"),
    "454": _set(E, DAN, 0, PL_POST="IV1 1AA", URN=""),
    # URNs
    "218": _set(E, ALICE, URN=""),
    "222": _set(E, DAN, 1, PLACE="R1"),
    "242": _set(E, DAN, 0, URN="XXXXXXX"),
    "243": _set(E, DAN, 1, PL_POST="EH1 1YZ"),
    "241": _set(E, DAN, 0, PLACE="K3"),
    # Reasons for placement change
    "225": _set(E, DAN, 0, REASON_PLACE_CHANGE=""),
    "226": _set(E, DAN, 1, PLACE="T1", PLACE_PROVIDER="", URN=""),
    "233": _set(E, DAN, 1, REASON_PLACE_CHANGE="CARPL"),
    "234": _set(E, BEN, 0, REASON_PLACE_CHANGE="CUSTOD"),
    # Dates
    "353": _set(E, ALICE, DECOM="01/01/1990"),
    "355": _set(E, DAN, 0, DEC="05/05/2025"),
    "356": _set(E, DAN, 0, DEC="01/05/2025"),
    "446": _set(E, ALICE, DECOM="01/01/2005", LS="E1"),
    "354": _set(E, DAN, 1, DECOM="01/04/2026"),
    "385": _set(E, DAN, 1, DEC="01/04/2026", REC="E13"),
    "357": _set(E, DAN, 0, RNE="P"),
    # Sequences
    "388": _set(E, DAN, 0, REC="E13"),
    "431": _set(E, DAN, 1, RNE="S"),
    "432": _set(E, DAN, 0, REC="E13"),
    "433": _set(E, DAN, 1, DECOM="12/11/2025"),
    "434": _set(E, DAN, 1, RNE="L"),
    "435": _set(E, DAN, 1, LS="C2"),
    "436": _set(E, DAN, 1, RNE="B"),
    "437": _set(E, DAN, 0, REC="E2"),
    "501": _set(E, DAN, 1, DECOM="01/11/2025"),
    "504": _set(E, DAN, 1, CIN="N5"),
    "383": _all(
        _set(E, DAN, 1, DEC="20/11/2025", REC="X1", PLACE="T1", PLACE_PROVIDER="", URN=""),
        _add(E, CHILD=DAN, DECOM="20/11/2025", RNE="P", LS="V2", CIN="N4", PLACE="U4",
             PLACE_PROVIDER="PR4", HOME_POST="E7 9AB", PL_POST="E16 2QU", URN="2345678"),
    ),
    # Legal status and placement limits
    "361": _set(E, DAN, 0, LS="L1"),
    "362": _set(E, DAN, 0, LS="L2"),
    "363": _set(E, DAN, 0, LS="L3"),
    "364": _set(E, DAN, 0, LS="J2"),
    "365": _set(E, FAY, DEC="30/07/2025"),
    "366": _set(E, FAY, RNE="P"),
    "367": _set(E, FAY, DEC="30/12/2025"),
    "371": _set(E, DAN, 0, PLACE="K3"),
    "372": _set(E, BEN, 0, PLACE="R5"),
    "373": _set(E, BEN, 0, PLACE="S1"),
    "374": _set(E, BEN, 0, PLACE="P3"),
    "375": _set(E, DAN, 0, PLACE="T1", PLACE_PROVIDER="", URN=""),
    "376": _set(E, DAN, 0, PLACE="T3", PLACE_PROVIDER="", URN=""),
    "379": _set(E, DAN, 0, PLACE="T4", PLACE_PROVIDER="", URN=""),
    "377": _all(
        _set(E, DAN, 1, DEC="12/11/2025", REC="X1", PLACE="T3", PLACE_PROVIDER="", URN=""),
        _add(E, CHILD=DAN, DECOM="12/11/2025", RNE="P", LS="V2", CIN="N4", PLACE="T3",
             DEC="14/11/2025", REC="X1", HOME_POST="E7 9AB", PL_POST="E16 2QU"),
        _add(E, CHILD=DAN, DECOM="14/11/2025", RNE="P", LS="V2", CIN="N4", PLACE="T3",
             HOME_POST="E7 9AB", PL_POST="E16 2QU"),
    ),
    "378": _set(E, DAN, 1, PLACE="P1", PLACE_PROVIDER="PR0", URN=""),
    "380": _set(E, DAN, 0, PLACE="T0", PLACE_PROVIDER="", URN=""),
    "381": _set(E, DAN, 1, PLACE="T2", PLACE_PROVIDER="", URN="", DEC="01/03/2026", REC="E13"),
    "382": _set(E, FAY, PLACE="T2"),
    "384": _set(E, FAY, PLACE="U4"),
    "386": _set(H, BEN, DOB="01/01/2008"),
    "387": _set(E, BEN, 1, REC="E5"),
    "389": _set(E, BEN, 1, REC="E7"),
    "390": _set(E, BEN, 1, PLACE="U6"),
    "408": _set(E, ALICE, PLACE="A6"),
    "516": _set(E, DAN, 0, REC="E45"),
    "217": _set(E, BEN, 1, RNE="P"),
    "426": _add(E, CHILD=FAY, DECOM="01/09/2025", RNE="S", LS="V4", CIN="N1", PLACE="Z11",
                DEC="03/09/2025", REC="E4A"),
    # Ages
    "352": _set(H, DAN, DOB="01/01/2007"),
    "358": _set(E, BEN, 0, LS="J1"),
    "359": _set(H, ALICE, DOB="01/01/2007"),
    "407": _all(_set(H, DAN, DOB="01/01/2007"), _set(E, DAN, 1, DEC="01/03/2026", REC="E45")),
    "460": _set(E, DAN, 1, DEC="01/03/2026", REC="E17"),
    "199": _set(E, DAN, 0, REC="E11"),
    # Adoption
    "112": _set(A, BEN, DATE_INT="40/01/2024"),
    "113": _set(A, BEN, DATE_MATCH="40/01/2025"),
    "114": _set(A, BEN, FOSTER_CARE="2"),
    "115": _set(P, BEN, DATE_PLACED="99/99/9999"),
    "116": _set(P, BEN, DATE_PLACED_CEASED="99/99/9999", REASON_PLACED_CEASED="RD1"),
    "119": _set(P, BEN, DATE_PLACED_CEASED="01/09/2025"),
    "120": _set(P, BEN, DATE_PLACED_CEASED="01/09/2025", REASON_PLACED_CEASED="RD9"),
    "151": _set(A, BEN, SEX_ADOPTR=""),
    "175": _set(A, BEN, NB_ADOPTR="3"),
    "176": _set(A, BEN, SEX_ADOPTR="XX"),
    "177": _set(A, BEN, LS_ADOPTR="L9"),
    "333": _set(A, BEN, DATE_INT="20/05/2025"),
    "511": _set(A, BEN, SEX_ADOPTR="M1"),
    "514": _set(A, BEN, LS_ADOPTR="L0"),
    "517": _set(A, BEN, LS_ADOPTR="L3", SEX_ADOPTR="MM"),
    "518": _set(A, BEN, LS_ADOPTR="L4"),
    "519": _set(A, BEN, LS_ADOPTR="L2", SEX_ADOPTR="F1", NB_ADOPTR="1"),
    "520": _set(A, BEN, SEX_ADOPTR="FF"),
    "524": _set(A, BEN, LS_ADOPTR="L12"),
    "522": _set(P, BEN, DATE_PLACED_CEASED="01/07/2024", REASON_PLACED_CEASED="RD1"),
    "563": _set(P, BEN, DATE_PLACED="", DATE_PLACED_CEASED="01/09/2025",
                REASON_PLACED_CEASED="RD1"),
    "117": _set(P, BEN, DATE_PLACED="01/02/2026"),
    "118": _set(P, BEN, DATE_PLACED_CEASED="01/03/2025", REASON_PLACED_CEASED="RD1"),
    "184": _set(P, BEN, DATE_PLACED="01/01/2021"),
    "331": _set(A, BEN, DATE_MATCH="10/06/2025"),
    "334": _row_for(A, DAN, **ADOPTERS),
    "335": _set(A, BEN, FOSTER_CARE="0"),
    "336": _set(E, DAN, 1, PLACE="A4"),
    "521": _set(A, BEN, DATE_INT="01/07/2025", DATE_MATCH="02/07/2025"),
    "523": _set(P, BEN, DATE_PLACED="02/08/2024"),
    "525": _set(P, BEN, DATE_PLACED_CEASED="01/09/2025", REASON_PLACED_CEASED="RD1"),
    "551": _set(E, ALICE, PLACE="A4"),
    "552": _set(P, BEN, DATE_PLACED="05/06/2025"),
    "553": _drop(P, BEN),
    "554": _set(P, BEN, DATE_PLACED="01/10/2024"),
    "557": _set(E, DAN, 1, LS="E1", DEC="01/03/2026", REC="E13"),
    "558": _all(
        _set(P, BEN, DATE_PLACED_CEASED="01/12/2025", REASON_PLACED_CEASED="RD1"),
        _row_for(P, BEN, DATE_PLACED="02/12/2025", DATE_PLACED_CEASED="03/12/2025",
                 REASON_PLACED_CEASED="RD1"),
    ),
    "579": _row_for(P, BEN, DATE_PLACED="01/09/2024"),
    "583": _row_for(P, BEN, DATE_PLACED="01/09/2024"),
    "601": _set(A, BEN, LS_ADOPTR=""),
    "602": _row_for(A, ALICE, **ADOPTERS),
    "582": _set(A, BEN, DATE_MATCH="15/01/2026"),
    "1003": _row_for(P, DAN, DATE_PLACED="01/01/2025"),
    "134": _row_for(A, CARA, **ADOPTERS),
    # OC2
    "158": _set(O2, ALICE, SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1",
                INTERVENTION_OFFERED="0"),
    "159": _set(O2, ALICE, SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0"),
    "180": _set(O2, ALICE, SDQ_SCORE="45"),
    "181": _set(O2, ALICE, CONVICTED="2"),
    "182": _set(O2, ALICE, IMMUNISATIONS=""),
    "192": _set(O2, ALICE, SUBSTANCE_MISUSE="1"),
    "193": _set(O2, ALICE, INTERVENTION_RECEIVED="1"),
    "196": _set(O2, ALICE, SDQ_SCORE="", SDQ_REASON="SDQ9"),
    "197a": _set(O2, ALICE, SDQ_REASON="SDQ4"),
    "544": _set(O2, ALICE, CONVICTED="1", TEETH_CHECK=""),
    "547": _set(O2, ALICE, HEALTH_CHECK="1", TEETH_CHECK=""),
    "157": _set(O2, ALICE, SDQ_SCORE="", SDQ_REASON="SDQ1"),
    "185": _row_for(O2, DAN, SDQ_SCORE="10"),
    "198": _row_for(O2, DAN, SDQ_REASON="SDQ2"),
    "186": _set(O2, ALICE, SDQ_SCORE=""),
    "187": _row_for(O3, ALICE, **LEAVER),
    "188": _row_for(O2, BEN, DOB="01/01/2023", SDQ_SCORE="5"),
    "189": _row_for(O2, CARA, SDQ_SCORE="10"),
    "190": _row_for(O2, DAN, **OC2_FULL),
    "191": _drop(O2, ALICE),
    "197B": _set(O2, EVE, SDQ_SCORE=""),
    "542": _row_for(O2, BEN, CONVICTED="0"),
    "543": _set(O2, ALICE, CONVICTED=""),
    "545": _dob(ALICE, "01/06/2022"),
    "546": _set(O2, ALICE, HEALTH_CHECK="1"),
    # OC3
    "131": _set(O3, CARA, IN_TOUCH="MAYBE"),
    "132": _set(O3, CARA, ACTIV="X9"),
    "133": _set(O3, CARA, ACCOM="Q1"),
    "153": _set(O3, CARA, ACCOM=""),
    "344": _set(O3, CARA, IN_TOUCH="DIED"),
    "345": _set(O3, CARA, ACTIV="0"),
    "215": _row_for(O2, CARA, **OC2_FULL),
    "347": _all(_dob(CARA, "01/06/2008"), _set(O3, CARA, ACCOM="T1")),
    "391": _row_for(O3, DAN, **LEAVER),
    "1000": _all(DAN_LEAVES, _set(E, DAN, 1, REC="E2"), _row_for(O3, DAN)),
    "1007": _all(_set(E, EVE, DEC="01/03/2026", REC="E13"), _row_for(O3, EVE, **LEAVER)),
    "1011": _all(DAN_LEAVES, _set(E, DAN, 1, REC="E3"), _row_for(O3, DAN, **LEAVER)),
    "1014": _all(
        _add(E, CHILD=CARA, DECOM="01/01/2020", RNE="S", LS="C2", CIN="N1", PLACE="U4",
             PLACE_PROVIDER="PR1", DEC="20/08/2024", REC="E17", HOME_POST="E13 9PJ",
             PL_POST="E16 2QU", URN="XXXXXXX"),
        _row_for(U, CARA, SEX="F"),
    ),
    "1016": _all(_set(E, EVE, DEC="01/03/2026", REC="E13"), _row_for(O3, EVE, **LEAVER)),
    "3001": _dob(CARA, "01/06/2008"),
    "1001": _last(E, CARA, DECOM="01/06/2024"),
    "1002": _all(_new_child("GUS7", DOB="01/01/2007"), _row_for(O3, "GUS7", DOB="01/01/2007",
                                                                 **LEAVER)),
    "1010": _last(E, CARA, DEC="", REC=""),
    # Reviews
    "166": _set(R, ALICE, REVIEW=""),
    "167": _set(R, ALICE, REVIEW_CODE="PN9"),
    "440": _set(R, DAN, REVIEW_CODE="PN0"),
    "441": _set(R, BEN, REVIEW_CODE="PN1"),
    "399": _row_for(R, FAY, REVIEW="03/07/2025", REVIEW_CODE="PN1"),
    # Previous permanence
    "630": _drop(PP, DAN),
    "631": _set(PP, DAN, PREV_PERM="P9"),
    "632": _set(PP, DAN, PREV_PERM="P2", LA_PERM="316", DATE_PERM="01/01/2026"),
    "633": _set(PP, DAN, PREV_PERM="P2", LA_PERM="ABC", DATE_PERM="01/01/2020"),
    "634": _row_for(PP, ALICE, PREV_PERM="Z1"),
    "635": _set(PP, DAN, PREV_PERM="", DATE_PERM="01/01/2020"),
    # Missing
    "564": _set(M, DAN, MIS_START=""),
    "565": _set(M, DAN, MISSING=""),
    "566": _set(M, DAN, MISSING=""),
    "567": _set(M, DAN, MIS_END="30/07/2025"),
    "570": _set(M, DAN, MIS_START="01/04/2026", MIS_END=""),
    "571": _set(M, DAN, MIS_END="01/04/2026"),
    "574": _row_for(M, DAN, MISSING="A", MIS_START="02/08/2025", MIS_END="05/08/2025"),
    "575": _set(M, DAN, MIS_END=""),
    "577": _all(DAN_LEAVES, _set(M, DAN, MIS_END="")),
    "578": _set(M, DAN, MIS_START="01/04/2025", MIS_END="02/04/2025"),
    "580": _all(_dob(DAN, "10/11/2007"), _set(M, DAN, MIS_END="10/11/2025")),
    "581": _set(M, DAN, MIS_START="01/03/2025", MIS_END="02/03/2025"),
    "586": _set(M, DAN, MIS_START="01/01/2009", MIS_END="02/01/2009"),
    "1004": _set(M, DAN, MIS_START="31/02/2025"),
    "1005": _set(M, DAN, MIS_END="31/02/2025"),
    "1006": _set(M, DAN, MISSING="X"),
    "576": _all(
        _row_for(M, ALICE, MISSING="M", MIS_START="05/04/2025", MIS_END="06/04/2025"),
        lambda s: s.last["Missing"].append(
            {"CHILD": ALICE, "DOB": DOB[ALICE], "MISSING": "M", "MIS_START": "01/03/2025",
             "MIS_END": ""}),  # fmt: skip
    ),
    # Social workers
    "SW02STG1": _set(SW, DAN, SW_ID="AB123"),
    "SW04STG1": _set(SW, DAN, SW_DECOM="31/02/2025"),
    "SW05STG1": _set(SW, DAN, SW_DEC="31/02/2025"),
    "SW06STG2": _set(SW, DAN, SW_DECOM="01/04/2026"),
    "SW07STG2": _set(SW, DAN, SW_DEC="01/01/2020"),
    "SW08STG2": _row_for(SW, DAN, SW_ID="SW55555", SW_DECOM="01/06/2025", SW_REASON="MANAGE"),
    "SW09STG2": _all(_set(SW, DAN, SW_DEC="06/05/2025"),
                     _row_for(SW, DAN, SW_ID="SW55555", SW_DECOM="06/05/2025",
                              SW_REASON="MANAGE")),
    "SW10STG2": _all(_set(SW, DAN, SW_DEC="01/06/2025"),
                     _row_for(SW, DAN, SW_ID="SW55555", SW_DECOM="01/08/2025",
                              SW_REASON="MANAGE")),
    "SW10aSTG2": _all(_set(SW, DAN, SW_DEC="01/06/2025"),
                      _row_for(SW, DAN, SW_ID="SW55555", SW_DECOM="01/08/2025",
                               SW_REASON="LEFTRL")),
    "SW10bSTG2": _all(_set(SW, DAN, SW_DEC="01/08/2025"),
                      _row_for(SW, DAN, SW_ID="SW55555", SW_DECOM="01/07/2025",
                               SW_REASON="FCONTA")),
    "SW11bSTG2": _set(SW, DAN, SW_DEC="28/03/2026"),
    "SW12STG2": _set(SW, ALICE, SW_DECOM="01/06/2025", SW_REASON="MANAGE"),
    "SW13STG1": _set(SW, DAN, SW_REASON="BADONE"),
    "SW17STG2": _set(SW, ALICE, SW_DEC="01/03/2026"),
    "SW18STG2": _set(SW, DAN, SW_DEC="01/05/2025"),
    "SW19STG2": _row_for(SW, DAN, SW_ID="SW55555", SW_DECOM="05/05/2025", SW_REASON="MANAGE"),
    # Integrity
    "INT01": _row_for(A, "NOONE", **ADOPTERS),
    "INT02": _row_for(P, "NOONE", DATE_PLACED="01/01/2025"),
    "INT03": _add(E, CHILD="NOONE", DECOM="01/05/2025", RNE="S", LS="C2", CIN="N1", PLACE="U4",
                  PLACE_PROVIDER="PR1", HOME_POST="E15 4HT", PL_POST="E13 9PJ", URN="XXXXXXX"),
    "INT04": _row_for(M, "NOONE", MISSING="M", MIS_START="01/05/2025", MIS_END="02/05/2025"),
    "INT05": _row_for(O2, "NOONE", **OC2_FULL),
    "INT06": _row_for(O3, "NOONE", **LEAVER),
    "INT07": _row_for(PP, "NOONE", PREV_PERM="Z1"),
    "INT08": _row_for(R, "NOONE", REVIEW="01/06/2025", REVIEW_CODE="PN1"),
    "INT09": _row_for(U, "NOONE", SEX="M"),
    "INT11": _set(A, BEN, DOB="01/01/2021"),
    "INT12": _set(P, BEN, DOB="01/01/2021"),
    "INT13": _set(M, DAN, DOB="01/01/2011"),
    "INT14": _set(O2, ALICE, DOB="01/01/2011"),
    "INT15": _set(O3, CARA, DOB="01/01/2007"),
    "INT16": _set(PP, DAN, DOB="01/01/2011"),
    "INT17": _set(R, ALICE, DOB="01/01/2011"),
    "INT18": _set(U, EVE, DOB="01/01/2009"),
    "INT21": _set(U, EVE, SEX="M"),
    "INT31": _copy(A, BEN),
    "INT32": _copy(H, DAN),
    "INT33": _copy(O2, ALICE),
    "INT34": _copy(O3, CARA),
    "INT35": _copy(PP, DAN),
    "INT36": _copy(U, EVE),
    "EPI": _new_child("HAL8"),
    "1012": _row_for(R, CARA, REVIEW="01/06/2025", REVIEW_CODE="PN1"),
    # Year on year
    "NoE": _drop(E, ALICE, last=True),
    "202": _last(H, ALICE, SEX="M"),
    "203": _last(H, ALICE, DOB="11/05/2012"),
    "204": _last(H, ALICE, ETHNIC="WIRI"),
    "207": _last(H, ALICE, MOTHER="1", MC_DOB="01/01/2025"),
    "208": _last(H, ALICE, UPN="A999999999999"),
    "624": _all(_set(H, ALICE, MOTHER="1", MC_DOB="01/02/2025"),
                _last(H, ALICE, MOTHER="1", MC_DOB="01/01/2025")),
    "626": _set(H, ALICE, MOTHER="1", MC_DOB="01/01/2025"),
    "205B": _last(U, EVE, DUC="01/01/2026"),
    "205D": _drop(U, EVE, last=True),
    "348": _last(O3, CARA, IN_TOUCH="DIED", ACTIV="0", ACCOM="0"),
    "452": _last(E, ALICE, PL_POST="SE1 7PB"),
    "453": _last(E, ALICE, PL_POST="E16 2QU"),
    "502": _last(E, ALICE, DECOM="16/06/2023"),
    "503A": _last(E, ALICE, RNE="P"),
    "503B": _last(E, ALICE, LS="C1"),
    "503C": _last(E, ALICE, CIN="N2"),
    "503D": _last(E, ALICE, PLACE="U5"),
    "503E": _last(E, ALICE, PLACE_PROVIDER="PR2"),
    "503F": _last(E, ALICE, URN="1111111"),
    "503G": _last(E, ALICE, PL_POST="E16 2QU"),
    "503H": _last(E, ALICE, PL_POST="SE1 7PB"),
    "503J": _last(E, ALICE, PL_POST="SE1 7PB"),
    "562": _last(E, ALICE, DECOM="01/01/2023"),
    "559": _last(P, BEN, DATE_PLACED=""),
    "560": _last(P, BEN, DATE_PLACED="01/07/2024"),
    "561": _last(P, BEN, DATE_PLACED_CEASED="01/09/2024", REASON_PLACED_CEASED="RD1"),
    "584": _last(P, BEN, DATE_PLACED="01/09/2024", DATE_PLACED_CEASED="02/09/2024",
                 REASON_PLACED_CEASED="RD1"),
}  # fmt: skip


def faulty(code: str, base: Sample) -> Sample:
    """A copy of `base` with the fault for `code`."""
    sample = base.copy()
    FAULTS[code](sample)
    return sample
