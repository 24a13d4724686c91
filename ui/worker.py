"""Run one function in a separate process with a time limit, so it cannot freeze the server.

A fresh ``spawn`` process per call (no fork of a threaded server holding FAISS and model
threads); the result comes back over a pipe. On timeout the process is terminated, then killed,
and :class:`WorkerTimeout` is raised; its memory goes back to the system when it exits.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import time
from collections.abc import Callable
from typing import Any

from qa.errors import QAError

log = logging.getLogger(__name__)


class WorkerTimeout(QAError):
    """The worker did not finish within its time limit (it was stopped)."""


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], report: bool) -> None:
    try:
        extra = (lambda payload: conn.send(("progress", payload)),) if report else ()
        conn.send(("result", True, fn(*args, *extra)))
    except QAError as e:
        conn.send(("result", False, str(e)))
    except Exception as e:  # the parent shows one line; the traceback stays in the log
        logging.getLogger(__name__).exception("worker failed")
        conn.send(("result", False, f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def _stop(proc: Any) -> None:
    if proc.is_alive():
        proc.terminate()
        proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join(5)


def _receive(
    recv: Any, timeout: float, on_progress: Callable[[Any], None] | None
) -> tuple[bool, Any]:
    """The worker's (ok, value), passing its progress reports on until then."""
    deadline = time.monotonic() + timeout
    while True:
        if not recv.poll(max(0.0, deadline - time.monotonic())):
            raise WorkerTimeout(f"worker took longer than {timeout:g} s and was stopped")
        msg = recv.recv()
        if msg[0] == "result":
            return msg[1], msg[2]
        if on_progress is not None:
            on_progress(msg[1])


def run_in_worker(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    timeout: float,
    on_progress: Callable[[Any], None] | None = None,
) -> Any:
    """``fn(*args)`` in a new process; its return value (must pickle) or a QAError.

    ``fn`` must be importable by its module and name (a top-level function). With
    ``on_progress``, ``fn`` gets one more argument, a function whose argument (it must
    pickle) is passed to ``on_progress`` in this process.

    Raises:
        WorkerTimeout: not done within ``timeout`` seconds (the process is stopped).
        QAError: ``fn`` raised (its message), or the process died (its exit code).
    """
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child,
        args=(send, fn, args, on_progress is not None),
        name="qa-worker",
        daemon=True,
    )
    proc.start()
    send.close()
    try:
        ok, value = _receive(recv, timeout, on_progress)
    except EOFError:
        proc.join(5)
        raise QAError(f"worker stopped unexpectedly (exit code {proc.exitcode})") from None
    finally:
        recv.close()
        _stop(proc)
    if not ok:
        raise QAError(value)
    return value
