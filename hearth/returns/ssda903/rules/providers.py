"""Rules that check URNs against the Ofsted provider lists (children's homes and social care
providers). Hearth does not hold those lists; the rules run when a return is given them as
`Return903.provider_info` (URN -> PLACE_CODES, PROVIDER_CODES, REG_END, POSTCODE,
LA_CODE_INFERRED), as the DfE's tool runs them only when the lists are uploaded."""

from __future__ import annotations

from collections.abc import Iterator

from hearth.returns.ssda903.parse import Return903, Row
from hearth.returns.ssda903.rules.helpers import lt
from hearth.returns.ssda903.validate import rule

E = "Episodes"
PLACEHOLDER = "XXXXXXX"


def _with_provider(ret: Return903) -> Iterator[tuple[Row, Row | None]]:
    providers = ret.provider_info or {}
    for r in ret.rows(E):
        if r["URN"] not in (None, PLACEHOLDER):
            yield r, providers.get(r["URN"])


def _codes(provider: Row | None, key: str) -> list[str]:
    value = (provider or {}).get(key)
    return str(value).split(",") if value else []


@rule(code="219", message="The Ofsted Unique reference number (URN) provided for the child's "
      "placement does not match the placement type recorded.", fields=["URN", "PLACE"],
      tables=[E], needs=["providers"])  # fmt: skip
def urn_place_mismatch(ret: Return903) -> Iterator[Row]:
    for r, p in _with_provider(ret):
        if r["PLACE"] is None or r["PLACE"] not in _codes(p, "PLACE_CODES"):
            yield r


@rule(code="221", message="The Ofsted Unique reference number (URN) provided for the child's "
      "placement does not match the placement postcode provided.", fields=["PL_POST"],
      tables=[E], needs=["providers"])  # fmt: skip
def urn_postcode_mismatch(ret: Return903) -> Iterator[Row]:
    for r, p in _with_provider(ret):
        if (
            r["LS"] not in ("V3", "V4")
            and r["PLACE"] in ("K1", "K2", "K3", "R3", "S1")
            and r["PL_POST"] is not None
            and r["PL_POST"].replace(" ", "") != (p or {}).get("POSTCODE")
        ):
            yield r


@rule(code="224", message="The Ofsted Unique reference number (URN) provided for the child's "
      "placement does not match the placement provider recorded.", fields=["PLACE_PROVIDER"],
      tables=[E], needs=["providers"])  # fmt: skip
def urn_provider_mismatch(ret: Return903) -> Iterator[Row]:
    for r, p in _with_provider(ret):
        if r["PLACE_PROVIDER"] is None or r["PLACE_PROVIDER"] not in _codes(p, "PROVIDER_CODES"):
            yield r


@rule(code="227", message="Ofsted Unique reference number (URN) is not valid for the episode start "
      "date.", fields=["URN", "DECOM"], tables=[E], needs=["providers"])  # fmt: skip
def urn_closed_before_start(ret: Return903) -> Iterator[Row]:
    for r, p in _with_provider(ret):
        closed = (p or {}).get("REG_END")
        if closed is not None and r["DECOM_d"] is not None and r["DECOM_d"] >= closed:
            yield r


@rule(code="228", message="Ofsted Unique reference number (URN) is not valid for the episode end "
      "date [NOTE: may give false positives on open episodes at providers who close during the "
      "year]", fields=["URN", "DEC"], tables=[E], needs=["providers"])  # fmt: skip
def urn_closed_before_end(ret: Return903) -> Iterator[Row]:
    for r, p in _with_provider(ret):
        closed = (p or {}).get("REG_END")
        if closed is None:
            continue
        if lt(closed, r["DEC_d"]) or (r["DEC_d"] is None and closed < ret.end):
            yield r


@rule(code="229", message="Placement provider does not match between the placing authority and the "
      "local authority code of the provider. [NOTE: The provider's LA code is inferred from the "
      "its postcode, and may be inaccurate in some cases.]", fields=["URN", "PLACE_PROVIDER"],
      tables=[E], needs=["providers"])  # fmt: skip
def provider_la_mismatch(ret: Return903) -> Iterator[Row]:
    exempt = {"K3", "P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12",
              "Z13", "Z14"}  # fmt: skip
    for r, p in _with_provider(ret):
        if r["PLACE"] in exempt:
            continue
        la = (p or {}).get("LA_CODE_INFERRED")
        if (r["PLACE_PROVIDER"] == "PR1" and la != ret.la_ons_code) or (
            r["PLACE_PROVIDER"] == "PR2" and la == ret.la_ons_code
        ):
            yield r


@rule(code="1008", message="Ofsted Unique Reference Number (URN) is not valid.", fields=["URN"],
      tables=[E], needs=["providers"])  # fmt: skip
def urn_unknown(ret: Return903) -> Iterator[Row]:
    return (r for r, p in _with_provider(ret) if p is None)
