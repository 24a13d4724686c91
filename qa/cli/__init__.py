"""The ``qa`` command line: argument parsing (:mod:`qa.cli.main`), sub-commands
(:mod:`qa.cli.commands`) and output (:mod:`qa.cli.output`)."""

from __future__ import annotations

from qa.cli.main import main

__all__ = ["main"]
