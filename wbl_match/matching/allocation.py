"""Pausing Python's cycle collector while the engine builds millions of small, acyclic objects.

Reading a statewide round makes a few million objects (records, tuples, strings) and solving it a few
million more (explanations, placements); none of them form reference cycles, so the cycle collector only
re-scans them, again and again, as they pile up: on the L benchmark it was half the time of reading and a
quarter of explaining (bench/RESULTS.md). Reference counting still frees everything at once; the collector
is switched back on afterwards, and left alone if something else had already switched it off.
"""

import gc
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused():
    """Run the block with the cycle collector off, then restore it as it was."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
