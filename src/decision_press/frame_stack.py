"""A deep, busy call chain → the same call, without CPython remapping its frame stack all the way.

CPython keeps the variables of Python frames on a stack of its own, one per thread, made of
chunks of memory: 16 KiB at first. A call that does not fit in the current chunk maps a new
one, and when that call returns the chunk is unmapped again (CPython issue gh-142183, "Calls
across stack chunks perform badly"; 3.13 and 3.14 keep one chunk back since 2026). A code path
that calls to and fro across a chunk's edge pays a ``mmap``, a ``munmap`` and page faults for
each crossing. WeasyPrint's layout is such a path: for each box of each line it calls a few
levels deeper and back, about 600 crossings in a decision form on Python 3.11, which took 6 to
8 % of the form's render (BENCHMARKS.md, "PDF pages", fifth round).

:func:`call_with_room` calls through a frame so large that CPython gives it a chunk of its own
of 1 MiB (a chunk's size is a power of two that fits the frame), of which the frame itself
takes just over half. The call chain beneath it runs in the other half, 512 KiB, several
thousand frames deep, so it stays in one chunk: one mapping a call instead of hundreds. The
large frame's slots are never written, so its memory is mapped but hardly touched.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")

ROOM = 512 * 1024
"""Bytes the chunk keeps free for the call chain beneath the large frame."""
_SLOT = 8
"""Bytes of one frame slot (a pointer) on the 64-bit platforms Decision Press builds on."""


def _call(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    return function(*args, **kwargs)


# The same function with a larger evaluation stack than its code needs (an unused stack is
# harmless): CPython sizes a frame by its code's stack, so this frame takes just over ROOM
# bytes and its chunk is the next power of two, twice ROOM.
_roomy_call = types.FunctionType(
    _call.__code__.replace(co_stacksize=_call.__code__.co_stacksize + ROOM // _SLOT + 64),
    _call.__globals__,
    _call.__name__,
)


def call_with_room(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``function(*args, **kwargs)``, with half a mebibyte of frame stack that is never unmapped under it."""
    return cast(R, _roomy_call(function, *args, **kwargs))
