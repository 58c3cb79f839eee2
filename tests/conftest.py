from pathlib import Path

import pytest

from corpus import SHARED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (set WIKILINT_SHARED)")
    return SHARED
