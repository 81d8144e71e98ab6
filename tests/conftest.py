from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from docgen.pipeline import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """One warm engine for the whole run, as a batch would use it."""
    return Engine()
