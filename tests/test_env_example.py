"""The README promises that .env.example lists every setting read from the environment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_setting_is_in_env_example():
    read = set()
    for settings_file in (ROOT / "config" / "settings").glob("*.py"):
        read |= set(
            re.findall(r'env_(?:str|int|bool|list)\("([A-Z_]+)"', settings_file.read_text())
        )
    listed = set(re.findall(r"^#?\s?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no settings found: the pattern no longer matches config/settings"
    assert sorted(read - listed) == []
