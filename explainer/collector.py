"""Python's cycle collector, kept from rescanning the many objects a build makes and keeps.

Reading, validating and rendering make hundreds of thousands of small objects that all live until the
build ends. The collector's full passes would scan them again each time a quarter more piled up, which
made those phases grow faster than the file (measured with bench/run.py: reading 10,000 events took 3x
longer, rendering 1.7x). They form no reference cycles worth collecting, so the build pauses the
collector while it makes them, and hides them from it (gc.freeze) while MkDocs runs.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the collector for the block (nothing changes when it is already paused)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextlib.contextmanager
def running_on_new_objects() -> Iterator[None]:
    """Run the collector over objects made inside the block only; everything older is frozen out of its sight."""
    was_on = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not was_on:
            gc.disable()
        gc.unfreeze()
