"""Name and place pools drawn from Faker's en_GB provider (synthetic, never real records)
and the borough's code proportions."""

from __future__ import annotations

from dataclasses import dataclass

from faker import Faker

# DfE ethnicity codes in proportions like those of children in need in inner London.
ETHNICITY_MIX: list[tuple[str, float]] = [
    ("WBRI", 22),
    ("WOTH", 10),
    ("WIRI", 1),
    ("WIRT", 0.5),
    ("WROM", 1),
    ("MWBC", 5),
    ("MWBA", 2),
    ("MWAS", 2),
    ("MOTH", 6),
    ("AIND", 3),
    ("APKN", 3),
    ("ABAN", 5),
    ("AOTH", 4),
    ("BCRB", 6),
    ("BAFR", 13),
    ("BOTH", 5),
    ("CHNE", 0.5),
    ("OOTH", 7),
    ("REFU", 1),
    ("NOBT", 3),
]

# First languages other than English that a family with this ethnicity might speak.
LANGUAGES: dict[str, list[str]] = {
    "WOTH": ["Polish", "Romanian", "Portuguese", "Lithuanian", "Bulgarian"],
    "WROM": ["Romani", "Romanian"],
    "ABAN": ["Bengali", "Sylheti"],
    "APKN": ["Urdu", "Punjabi"],
    "AIND": ["Gujarati", "Punjabi", "Tamil"],
    "AOTH": ["Tamil", "Dari", "Pashto"],
    "BAFR": ["Somali", "Yoruba", "Tigrinya", "Twi", "French"],
    "CHNE": ["Cantonese", "Mandarin"],
    "OOTH": ["Turkish", "Kurdish", "Arabic", "Spanish"],
}

RELIGIONS: dict[str, list[str]] = {
    "ABAN": ["Muslim"],
    "APKN": ["Muslim"],
    "AIND": ["Hindu", "Sikh", "Muslim"],
    "BAFR": ["Christian", "Muslim"],
    "BCRB": ["Christian", "No religion"],
}

DISABILITY_CODES = [
    "MOB",
    "HAND",
    "PC",
    "INC",
    "COMM",
    "LD",
    "HEAR",
    "VIS",
    "BEH",
    "CON",
    "AUT",
    "DDA",
]

# London postcode districts for the fictional borough; inward codes are random but well formed.
OUTWARD_CODES = ["E5", "E8", "E9", "E10", "E17", "N4", "N15", "N16", "N17", "N22"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

STREET_KINDS = ["Road", "Street", "Avenue", "Close", "Gardens", "Way", "Lane", "Grove", "Terrace"]
ESTATE_BLOCKS = ["House", "Court", "Tower", "Lodge", "Point"]
TOWN = "London"

SCHOOL_NUMBERS = [f"{2000 + n * 37:04d}" for n in range(60)]

PARTNER_AGENCIES = [
    ("Hearthside Primary School", "Designated safeguarding lead"),
    ("Hearthside Health Centre", "Named GP for safeguarding"),
    ("Metropolitan Police, Hearthside", "Public protection officer"),
    ("Hearthside Health Visiting Service", "Health visitor"),
]


@dataclass(frozen=True)
class NamePools:
    first_female: tuple[str, ...]
    first_male: tuple[str, ...]
    last: tuple[str, ...]
    streets: tuple[str, ...]

    @classmethod
    def from_faker(cls, faker: Faker) -> NamePools:
        person = faker.provider("faker.providers.person")
        female = tuple(dict.fromkeys(person.first_names_female))  # type: ignore[union-attr]
        male = tuple(dict.fromkeys(person.first_names_male))  # type: ignore[union-attr]
        last = tuple(dict.fromkeys(person.last_names))  # type: ignore[union-attr]
        # Street names: a seeded Faker draw of place-like words, fixed for the seed.
        bases = sorted(
            {faker.last_name() for _ in range(160)} | {faker.first_name() for _ in range(40)}
        )
        streets = tuple(f"{base} {faker.random_element(STREET_KINDS)}" for base in bases)
        return cls(first_female=female, first_male=male, last=last, streets=streets)
