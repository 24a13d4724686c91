"""Run one function in a separate process with a time limit, so it cannot freeze the server.

A fresh ``spawn`` process per call (no fork of a threaded server holding FAISS and model
threads); the result comes back over a pipe. On timeout the process is terminated, then killed,
and :class:`WorkerTimeout` is raised; its memory goes back to the system when it exits.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections.abc import Callable
from typing import Any

from qa.errors import QAError

log = logging.getLogger(__name__)


class WorkerTimeout(QAError):
    """The worker did not finish within its time limit (it was stopped)."""


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send((True, fn(*args)))
    except QAError as e:
        conn.send((False, str(e)))
    except Exception as e:  # the parent shows one line; the traceback stays in the log
        logging.getLogger(__name__).exception("worker failed")
        conn.send((False, f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def _stop(proc: Any) -> None:
    if proc.is_alive():
        proc.terminate()
        proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join(5)


def run_in_worker(fn: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
    """``fn(*args)`` in a new process; its return value (must pickle) or a QAError.

    ``fn`` must be importable by its module and name (a top-level function).

    Raises:
        WorkerTimeout: not done within ``timeout`` seconds (the process is stopped).
        QAError: ``fn`` raised (its message), or the process died (its exit code).
    """
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args), name="qa-worker", daemon=True)
    proc.start()
    send.close()
    try:
        if not recv.poll(timeout):
            raise WorkerTimeout(f"worker took longer than {timeout:g} s and was stopped")
        ok, value = recv.recv()
    except EOFError:
        proc.join(5)
        raise QAError(f"worker stopped unexpectedly (exit code {proc.exitcode})") from None
    finally:
        recv.close()
        _stop(proc)
    if not ok:
        raise QAError(value)
    return value
