"""The app's shared state: many readers or one writer on the index, readers never waiting on readers."""

from __future__ import annotations

import threading

from ui.state import ReadWriteLock

WAIT = 10.0  # seconds a thread may take to reach a point; only a hang would use it up


def test_readers_do_not_wait_for_each_other() -> None:
    lock = ReadWriteLock()
    inside = threading.Barrier(2, timeout=WAIT)

    def reader() -> None:
        with lock.read():
            inside.wait()  # both are inside at once, or the barrier breaks

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not inside.broken


def test_a_writer_waits_for_the_readers_in_flight_and_excludes_new_ones() -> None:
    lock = ReadWriteLock()
    events: list[str] = []
    reading, release_reader = threading.Event(), threading.Event()
    writing, release_writer = threading.Event(), threading.Event()

    def reader() -> None:
        with lock.read():
            events.append("read")
            reading.set()
            release_reader.wait(WAIT)
        events.append("read done")

    def writer() -> None:
        with lock.write():
            events.append("write")
            writing.set()
            release_writer.wait(WAIT)
            events.append("write done")

    def late_reader() -> None:
        with lock.read():
            events.append("late read")

    first = threading.Thread(target=reader)
    first.start()
    assert reading.wait(WAIT)
    second = threading.Thread(target=writer)
    second.start()
    assert not writing.wait(0.2)  # the reader is still inside: the writer waits
    release_reader.set()
    assert writing.wait(WAIT)
    third = threading.Thread(target=late_reader)
    third.start()
    third.join(0.2)
    assert "late read" not in events  # a writer holds it: no reader gets in
    release_writer.set()
    for thread in (first, second, third):
        thread.join(WAIT)
    assert events.index("read done") < events.index("write") < events.index("write done") < events.index("late read")
