from __future__ import annotations

import pytest
from packkit import Kit


@pytest.fixture
def kit(tmp_path):
    return Kit(tmp_path)
