"""nashpy as a test-only oracle for two-player expected payoffs."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamegroup.testing import strategies as ggst

nashpy = pytest.importorskip("nashpy")

pytestmark = pytest.mark.oracle


@given(ggst.bimatrix_games(), st.data())
def test_expected_payoffs_agree_with_nashpy(game, data):
    row, column = data.draw(ggst.mixed_profiles(game))
    ours = game.expected_payoffs([row, column])
    theirs = game.to_nashpy()[row, column]
    np.testing.assert_allclose(ours, theirs, atol=1e-10)
