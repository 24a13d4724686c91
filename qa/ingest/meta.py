"""Compatibility: article metadata now lives in one module per job — :mod:`qa.ingest.bylines`,
:mod:`qa.ingest.dates`, :mod:`qa.ingest.people`, :mod:`qa.ingest.titles`. Import
``extract_people`` from :mod:`qa.ingest` (``from qa.ingest import extract_people``); this
module stays only while ``qa.answering.spans`` imports it from here.
"""

from __future__ import annotations

from qa.ingest.people import extract_people

__all__ = ["extract_people"]
