"""Annex A fixtures: the children in care fixtures (a frozen 'today' of 10 June 2026 and a
child who became looked after through the services on 1 May 2026), and a media folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hearth.children_in_care.tests.conftest import (  # noqa: F401
    START,
    TODAY,
    carers,
    foster,
    period,
    start,
    today,
)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path
