"""Progress: passages/s and an ETA from the share of bytes done."""

from __future__ import annotations

from indexer.progress import BuildProgress, ProgressTracker, describe


def test_eta_comes_from_the_share_of_bytes_done() -> None:
    heard: list[BuildProgress] = []
    tracker = ProgressTracker([300, 100], heard.append)
    tracker.start_file("a.txt", 300)
    tracker.passages(encoded=16, reused=0, share_of_pool=0.5)
    middle = heard[-1]
    assert middle.fraction == 150 / 400 and middle.files_done == 0 and middle.source == "a.txt"
    tracker.end_files()
    assert heard[-1].fraction == 300 / 400 and heard[-1].files_done == 1
    assert heard[-1].eta_seconds is not None
    assert abs(heard[-1].eta_seconds - heard[-1].seconds / 3) < 1e-6  # three quarters done: a third to go


def test_description_line() -> None:
    progress = BuildProgress(12, 50, "x.txt", 1034, 20, 0.25, 25.0)
    assert describe(progress) == "12/50 files, 1034 passages (+20 reused), 41.4 passages/s, ETA 1:15"
    assert BuildProgress(0, 3, "", 0, 0, 0.0, 1.0).eta_seconds is None


def test_a_pool_of_files_counts_as_done_together() -> None:
    heard: list[BuildProgress] = []
    tracker = ProgressTracker([100, 300, 600], heard.append)
    tracker.start_file("a.txt", 100)
    tracker.start_file("b.txt", 300)  # read ahead: a.txt's and b.txt's passages are embedded together
    assert heard[-1].source == "b.txt" and heard[-1].fraction == 0
    tracker.passages(encoded=8, reused=8, share_of_pool=0.25)
    assert heard[-1].fraction == 100 / 1000 and (heard[-1].passages_encoded, heard[-1].passages_reused) == (8, 8)
    tracker.end_files()
    assert heard[-1].files_done == 2 and heard[-1].fraction == 400 / 1000 and heard[-1].source == ""
