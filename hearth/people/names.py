"""Name normalisation and the phonetic key stored on each person so that duplicate checks can
narrow candidates in the database (an indexed equality) instead of loading everyone."""

import re
import unicodedata

_SOUNDEX_CODES = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}


def normalise_name(value: str) -> str:
    """Lower case, accents removed, only letters and single spaces (hyphens and apostrophes
    become nothing, so O'Neil and ONeil compare equal)."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    letters = re.sub(r"[^a-z ]", "", ascii_only.lower().replace("-", " "))
    return " ".join(letters.split())


def name_key(value: str) -> str:
    """A Soundex-like key of a name: its first letter and up to three consonant-sound digits.
    Spelling variants that sound alike share a key (Jon/John, Amara/Amarah, Smith/Smyth)."""
    letters = normalise_name(value).replace(" ", "").upper()
    if not letters:
        return ""
    first = letters[0]
    digits = []
    previous = _SOUNDEX_CODES.get(first, "")
    for ch in letters[1:]:
        code = _SOUNDEX_CODES.get(ch, "")
        if code and code != previous:
            digits.append(code)
            if len(digits) == 3:
                break
        if ch not in "HW":  # H and W do not separate letters with the same code
            previous = code
    return first + "".join(digits).ljust(3, "0")
