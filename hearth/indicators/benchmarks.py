"""Published comparators shipped as data: for each indicator the DfE publishes, the latest
figure for England (and London or statistical neighbours where we have one), with the
publication, year and address of each. `confirmed` is False for a figure we could not check
against the publication ([K] in docs/domain/indicators-benchmarks.md): the page says so.

A figure is only comparable where our definition follows the publication's (the notes say
where it does not, e.g. the one-year placement measure against the DfE's two-year one)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    indicator_id: str
    area: str  # "England", "London", "Statistical neighbours"
    value: float
    year: str  # the collection year the figure is for, "2023-24"
    publication: str
    url: str
    confirmed: bool
    note: str = ""


EES = "https://explore-education-statistics.service.gov.uk"

BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "re_referrals_12m",
        "England",
        22.0,
        "2023-24",
        "DfE, Children in need: a focus on re-referrals (reporting year 2024): 139,080 of "
        "621,880 referrals",
        f"{EES}/find-statistics/children-in-need-a-focus-on-re-referrals",
        True,
    ),
    Benchmark(
        "cla_long_term_stability",
        "England",
        68.0,
        "2023-24",
        "DfE, Stability measures for children looked after in England 2024, placement "
        "stability by local authority: 19,750 of 29,000",
        f"{EES}/data-catalogue/data-set/68c7a1f2-7dd9-42d4-9794-e94203e311f0",
        True,
    ),
    Benchmark(
        "cla_3plus_placements",
        "England",
        23.0,
        "2023-24",
        "DfE, Stability measures for children looked after in England 2024: children looked "
        "after for 2 years at 31 March with 3 or more placements in the previous 2 years",
        f"{EES}/data-catalogue/data-set/68c7a1f2-7dd9-42d4-9794-e94203e311f0",
        True,
        "The DfE's two-year measure; Hearth's figure is the one-year measure (former NI 62), "
        "so read it as context, not a like-for-like comparison.",
    ),
    Benchmark(
        "care_leavers_suitable_accommodation",
        "England",
        85.0,
        "2018-19",
        "DfE, Children looked after in England including adoptions, care leavers aged 19 to "
        "21 by whether their accommodation is suitable",
        f"{EES}/data-tables/fast-track/1da0616c-365c-4fea-9b91-f97ab87eee6a",
        True,
        "Aged 19 to 21, measured around the birthday; Hearth's cohort is 17 to 21 on the day.",
    ),
    Benchmark(
        "care_leavers_in_touch",
        "England",
        91.0,
        "2020-21",
        "DfE figures as reported by CYP Now, Leaving care special report: 19 to 21 year olds "
        "in touch with their council",
        "https://www.cypnow.co.uk/content/features/leaving-care-special-report",
        False,
        "Secondary source; check against the DfE table before relying on it.",
    ),
    Benchmark(
        "assessments_within_45wd",
        "England",
        82.0,
        "2023-24",
        "DfE, Children in need 2024, assessment duration",
        f"{EES}/find-statistics/children-in-need/2024",
        False,
    ),
    Benchmark(
        "icpc_within_15wd",
        "England",
        78.0,
        "2023-24",
        "DfE, Children in need 2024, table C4 (ICPC within 15 working days of the s47 start)",
        f"{EES}/find-statistics/children-in-need/2024",
        False,
    ),
    Benchmark(
        "cp_second_subsequent",
        "England",
        24.0,
        "2023-24",
        "DfE, Children in need 2024, plans starting that were a second or subsequent plan",
        f"{EES}/find-statistics/children-in-need/2024",
        False,
    ),
    Benchmark(
        "care_leavers_eet",
        "England",
        56.0,
        "2023-24",
        "DfE, Children looked after in England including adoptions 2024, care leavers aged "
        "19 to 21 in education, employment or training",
        f"{EES}/find-statistics/children-looked-after-in-england-including-adoptions",
        False,
    ),
)


def for_indicator(indicator_id: str) -> list[Benchmark]:
    return [b for b in BENCHMARKS if b.indicator_id == indicator_id]


def england(indicator_id: str) -> Benchmark | None:
    return next((b for b in for_indicator(indicator_id) if b.area == "England"), None)
