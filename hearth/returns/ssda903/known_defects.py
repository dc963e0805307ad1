"""The one list of known defects of the SSDA903 reference validator (csc-validator-be-903),
rule code -> why its result for that rule is not to be trusted. Both conformance runs read it:
the demo borough's return (demo_conformance) and the differential corpus (conformance). The
evidence for each is in docs/domain/ssda903-rules.md ("Known defects of the reference
validator") and docs/domain/ssda903.md.
"""

from __future__ import annotations

KNOWN_DEFECTS: dict[str, str] = {
    "231": "raises on every return: it reads a UASC_STATUS column that no table has, so it "
    "never runs",
    "233": "raises on every return: it reads a DATE_EPISODE_CEASED column that no table has, so "
    "it never runs",
    "347": "compares the whole ACCOM code with 'T', but the codes are T1 and T2, so it never fires",
    "SW12STG2": "requires every social worker episode to start on or after the start of care and "
    "flags every open episode whose RNE is not S, the opposite of the rule text, which asks for "
    "the social worker episodes of the whole year (even before care); it also flags the "
    "episodes of children who left care in the year, who are not in SWEpisodes (only children "
    "looked after at 31 March are: rule SW17 wants each child's last social worker episode "
    "open at 31 March)",
    "165": "tests SEX against the codes 1 and 2, which 2024-25 replaced with M and F, so only "
    "an invalid MOTHER value is ever reported",
    "1001": "flags every care leaver aged 20 or 21, whom two years' returns cannot test; and "
    "after joining the two years' episodes it drops short-break episodes by row number, so a "
    "care leaver whose episode last year has the row number of a V3/V4 episode this year loses "
    "it and is reported",
    "359": "runs after rule 365, which writes 31 March into every blank DEC of the Episodes "
    "table all rules share, so it no longer sees a young person over 18 still looked after",
    "376": "runs after rule 365 (see 359), so an open T3 placement is measured to 31 March",
    "577": "runs after rule 365 (see 359), so a child still looked after seems to have left care "
    "and an open missing period is reported",
    "581": "runs after rule 365 (see 359), so a missing period after 31 March seems to fall "
    "outside every episode",
    "584": "compares the decision dates as dd/mm/YYYY text and mixes two row numberings, so it "
    "reports the wrong rows",
    "SW09STG2": "a query that flags social worker episodes shorter than 3 days although its "
    "message says 24 hours (Hearth leaves out only allocations that ended the day they began)",
}
