"""A small screening index built from real SDN rows (tests/screen/fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bicentennial.screen.ftm import load_ftm
from bicentennial.screen.index import ScreeningIndex
from bicentennial.screen.ofac import load_sdn

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def sdn_entities():  # type: ignore[no-untyped-def]
    return load_sdn(FIXTURES / "sdn")


@pytest.fixture(scope="session")
def sdn_index(sdn_entities) -> ScreeningIndex:  # type: ignore[no-untyped-def]
    return ScreeningIndex.build([*sdn_entities, *load_ftm(FIXTURES / "entities.ftm.json")])


@pytest.fixture
def index_file(sdn_index: ScreeningIndex, tmp_path: Path) -> Path:
    return sdn_index.save(tmp_path / "index.pkl")
