"""The collector pause around a PDF layout (memo/render/collector.py): it always comes back, and only once."""

from __future__ import annotations

import gc
import threading

import pytest

from memo.render.collector import paused


def test_the_collector_runs_again_after_a_render_even_one_that_fails() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused():
        assert not gc.isenabled()
        raise RuntimeError("a template raised")
    assert gc.isenabled()


def test_it_stays_paused_until_the_last_of_two_threads_is_done() -> None:
    first_in, second_done, seen = threading.Event(), threading.Event(), []

    def first() -> None:
        with paused():
            first_in.set()
            second_done.wait(5)
            seen.append(gc.isenabled())  # the other render finished meanwhile: still paused for this one

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
