"""A question → one :class:`~qa.records.Query`, built once per question in ``ask()``.

Retrieval contributes what depends on the index (language, BM25 terms, names of the archive
matched by pinyin, translations and their presence in the archive, idf of the question's
words, the person of the people index it names, its dates read against the archive's latest
date); answering contributes what the question asks for (type, role, unit). Both stages then
read the same record: no stage re-analyses the question.
"""

from __future__ import annotations

import weakref
from dataclasses import replace

from qa.answering import analyze
from qa.answering.dates import date_range, latest_date
from qa.answering.timeline import find_person
from qa.records import Query
from qa.retrieval import Retriever

_LATEST: weakref.WeakKeyDictionary[Retriever, str] = weakref.WeakKeyDictionary()


def make_query(question: str, retriever: Retriever) -> Query:
    """Analyse ``question`` against the index ``retriever`` searches.

    >>> make_query("谁主持了会议？", r).qtype  # doctest: +SKIP
    'who'
    """
    q = retriever.query(question)
    info = analyze(question)
    words: tuple[tuple[str, float], ...] = ()
    if q.lang == "zh":
        words = tuple((w, retriever.idf(w)) for w in dict.fromkeys(retriever.words(info.core)))
    if retriever not in _LATEST:
        _LATEST[retriever] = latest_date(retriever.articles.values())
    rng = date_range(question, _LATEST[retriever])
    person = find_person(question, retriever.data.people, q.names)
    return replace(
        q,
        qtype=info.qtype,
        role=info.role,
        role_en=info.role_en,
        unit=info.unit_hint,
        core=info.core,
        words=words,
        dates=rng or (),
        person=person,
    )
