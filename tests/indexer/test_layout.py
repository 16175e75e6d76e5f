"""Index folder layout: versions are published atomically and superseded ones swept."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import ErrorCode, IndexNotFoundError
from indexer.layout import STORE_FILE, IndexLayout
from indexer.manifest import FILE_NAME as MANIFEST


def _publish(layout: IndexLayout, marker: str) -> Path:
    folder = layout.new_version()
    (folder / STORE_FILE).write_text(marker)
    (folder / MANIFEST).write_text("{}")
    return layout.publish(folder)


def test_no_index_is_reported_with_the_build_command(tmp_path: Path) -> None:
    layout = IndexLayout(tmp_path / "index")
    assert not layout.exists()
    with pytest.raises(IndexNotFoundError, match="python -m indexer build") as raised:
        layout.current()
    assert raised.value.code is ErrorCode.INDEX_NOT_FOUND


def test_publish_repoints_current_and_sweeps_the_old_version(tmp_path: Path) -> None:
    layout = IndexLayout(tmp_path / "index")
    first = _publish(layout, "one")
    assert layout.current() == first.resolve() and not first.name.endswith(".partial")
    second_partial = layout.new_version()
    assert (second_partial / STORE_FILE).read_text() == "one"  # seeded from the current store
    (second_partial / STORE_FILE).write_text("two")
    (second_partial / MANIFEST).write_text("{}")
    second = layout.publish(second_partial)
    assert layout.current() == second.resolve() and not first.exists()
    assert [p.name for p in layout.versions.iterdir()] == [second.name]


def test_an_unfinished_build_leaves_current_alone_until_swept(tmp_path: Path) -> None:
    layout = IndexLayout(tmp_path / "index")
    published = _publish(layout, "one")
    abandoned = layout.new_version()  # a build killed before publishing
    assert layout.current() == published.resolve()
    layout.sweep()
    assert not abandoned.exists() and published.exists()
