"""Python's cycle collector around the long-lived data a build holds (records, pages).

Records are trees of immutable values: nothing in them refers back to itself, so reference
counting frees them and the cycle collector finds nothing there. Yet the collector walks
every live object in its oldest generation, and while ten thousand records are loaded it
does so again and again: half of ``check``'s time at that size before loading paused it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """No cycle collection inside the block; the collector is then as it was before.

    Garbage in cycles made inside the block waits for the next pass after it; loading makes
    little of it (a parse error's traceback, at most).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def set_aside() -> None:
    """Keep every object alive now out of later passes, including those at the process' end.

    For data kept until the process ends, such as a build's records: later passes walk only
    what was made after this call, and so do the passes Python makes while it shuts down
    (a third of ``check``'s time at ten thousand records before this). The objects stay
    reference counted and are freed as usual; only garbage in cycles among them would wait
    for :func:`collect_then_set_aside` with ``full``.
    """
    gc.freeze()


def young_collections_spaced(allocations: int) -> None:
    """Collect the youngest generation only after ``allocations`` new objects instead of 700.

    For a process that makes hundreds of thousands of short-lived objects per task, most
    freed by reference counting (a PDF worker laying out a document): at Python's default,
    the collector runs every few hundred of them. The older generations keep their ratios.
    """
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(allocations, middle, oldest)


def collect_then_set_aside(*, full: bool) -> None:
    """Collect in one pass, then set the survivors aside.

    A ``full`` pass first returns what was set aside before, so that none of it that has
    since become garbage is kept for ever.
    """
    if full:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
