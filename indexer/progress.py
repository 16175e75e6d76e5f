"""Build progress: files, passages encoded per second and an ETA, for the command line and the app.

The ETA is estimated from bytes: the sizes of the files still to index are known before the first one is
read, while their passage counts are not (they exist only once a file is chunked). The builder reads
several files ahead and embeds their passages together (a pool); within a pool, the share of its passages
already embedded stands for the share of its files' bytes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BuildProgress:
    files_done: int
    files_total: int  # files that need indexing (unchanged ones are not counted)
    source: str  # the file being indexed, "" when done
    passages_encoded: int  # vectors the model computed in this build
    passages_reused: int  # duplicates and vectors from an interrupted build's checkpoint
    fraction: float  # of the bytes to index, 0..1
    seconds: float

    @property
    def passages_per_second(self) -> float:
        return self.passages_encoded / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        if self.fraction <= 0:
            return None
        return self.seconds * (1 - self.fraction) / self.fraction


ProgressListener = Callable[[BuildProgress], None]


class ProgressTracker:
    """Counts what the builder has done and tells the listener after every file and every batch."""

    def __init__(self, file_sizes: list[int], listener: ProgressListener | None) -> None:
        self.total_bytes = max(1, sum(file_sizes))
        self.files_total = len(file_sizes)
        self.listener = listener
        self.started = time.perf_counter()
        self.files_done = 0
        self.bytes_done = 0
        self.encoded = 0
        self.reused = 0
        self._source = ""
        self._pool_files = 0
        self._pool_bytes = 0
        self._pool_share = 0.0

    def start_file(self, source: str, size: int) -> None:
        """A file joins the pool being read (its passages are embedded when the pool is full)."""
        self._source = source
        self._pool_files += 1
        self._pool_bytes += size
        self._tell()

    def passages(self, encoded: int, reused: int, share_of_pool: float) -> None:
        self.encoded += encoded
        self.reused += reused
        self._pool_share = share_of_pool
        self._tell()

    def end_files(self) -> None:
        """The pool's files are done (stored or failed)."""
        self.files_done += self._pool_files
        self.bytes_done += self._pool_bytes
        self._source, self._pool_files, self._pool_bytes, self._pool_share = "", 0, 0, 0.0
        self._tell()

    def snapshot(self) -> BuildProgress:
        fraction = min(1.0, (self.bytes_done + self._pool_bytes * self._pool_share) / self.total_bytes)
        return BuildProgress(
            self.files_done,
            self.files_total,
            self._source,
            self.encoded,
            self.reused,
            fraction,
            time.perf_counter() - self.started,
        )

    def _tell(self) -> None:
        if self.listener is not None:
            self.listener(self.snapshot())


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe(progress: BuildProgress) -> str:
    """One line: '12/50 files, 1034 passages, 41.3 passages/s, ETA 2:10'."""
    reused = f" (+{progress.passages_reused} reused)" if progress.passages_reused else ""
    return (
        f"{progress.files_done}/{progress.files_total} files, {progress.passages_encoded} passages{reused}, "
        f"{progress.passages_per_second:.1f} passages/s, ETA {_clock(progress.eta_seconds)}"
    )


def tqdm_listener() -> ProgressListener:
    """A progress bar on stderr (percent of the bytes to index), with passages/s and the ETA."""
    from tqdm import tqdm

    bar = tqdm(total=1000, file=sys.stderr, desc="indexing", bar_format="{desc} {percentage:3.0f}%|{bar}|")

    def update(progress: BuildProgress) -> None:
        if bar.disable:  # closed
            return
        bar.n = round(progress.fraction * 1000)
        bar.set_description_str(f"indexing: {describe(progress)}", refresh=True)
        if progress.files_done == progress.files_total:
            bar.close()

    return update
