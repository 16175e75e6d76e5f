"""The ask page's wording of answers that did not come the ordinary way."""

from __future__ import annotations

from retrieval.answer import Fallback
from ui.ask import FALLBACK_NOTICES


def test_every_fallback_has_its_own_notice() -> None:
    assert set(FALLBACK_NOTICES) == set(Fallback)
    assert len(set(FALLBACK_NOTICES.values())) == len(Fallback)  # the model running is not "unavailable"
