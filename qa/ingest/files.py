"""Public entry of ingestion: files and directories → Article records, with problems listed.

``.txt`` files (any case: ``.TXT`` too) are newspaper page text (split into articles by
:mod:`qa.ingest.pages`); ``.pdf`` files and page images (``.png``, ``.jpg``, ``.jpeg``,
``.tif``, ``.tiff``) go through :mod:`qa.ingest.pdf` (text layer, else OCR); ``.jsonl``
files are corpora of ready articles ``{"id","title","text",["date"],["source"]}``. A bad file
or line becomes an :class:`IngestProblem` naming it; the rest is still ingested.

>>> result = ingest_paths(["seeds/"])                         # doctest: +SKIP
>>> len(result.articles), [str(p) for p in result.problems]   # doctest: +SKIP
(12, [])
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from qa.errors import InputError
from qa.ingest.bylines import parse_byline
from qa.ingest.corpus import corpus_article, read_corpus  # noqa: F401 - public names here too
from qa.ingest.dates import extract_date, infer_year, issue_year_month
from qa.ingest.files_walk import (  # noqa: F401 - public names here too (qa.ingest.distributed)
    SCAN_SUFFIXES,
    SUFFIXES,
    _walk,
    _walk_rooted,
    is_questions_file,
    relative_file,
    scan_folders,
)
from qa.ingest.pages import furniture_lines, parse_blocks
from qa.ingest.pdf_progress import PageCounter, Progress
from qa.ingest.people import extract_people
from qa.ingest.results import IngestProblem, IngestResult
from qa.ingest.textio import read_text
from qa.records import Article, content_id
from qa.settings import DEFAULT
from qa.text.t2s import printed_articles, to_simplified

log = logging.getLogger(__name__)


def check_page_size(chars: int, source: str, limit: int | None = None) -> None:
    """Refuse a page of more than ``limit`` (default ``Settings.max_page_chars``) characters.

    Raises:
        InputError: ``"<source>: page has N characters, more than the M allowed …"``.
    """
    limit = DEFAULT.max_page_chars if limit is None else limit
    if chars > limit:
        raise InputError(
            f"{source}: page has {chars:,} characters, more than the {limit:,} allowed "
            "(Settings.max_page_chars); split it into pages"
        )


def parse_page(
    text: str, source: str, *, year: int | None = None, max_chars: int | None = None
) -> list[Article]:
    """Articles of one page of text, in page order.

    ``source`` names the page (the file name). An article's id is a hash of its title and
    text, not of ``source``: the same page read again under another name gives the same ids,
    so an index does not take it twice. ``year`` dates articles whose date is written
    without a year; without it the year of the page's edition line (``2024年3月8日 星期五``)
    is used, else the most frequent ``YYYY年`` of its articles. A year written with the date
    itself always wins. Time is linear in the page's length.

    Raises:
        InputError: the page has more than ``max_chars`` characters (default
            ``Settings.max_page_chars``).
    """
    check_page_size(len(text), source, max_chars)
    simple = to_simplified(text)  # traditional characters: parse as Simplified, store as printed
    if simple != text:
        return printed_articles(
            parse_page(simple, source, year=year, max_chars=max_chars), text, simple
        )
    blocks = [b for b in parse_blocks(text) if b.text.strip()]
    issue = None if year else issue_year_month(*furniture_lines(text))
    page_year = year or (issue[0] if issue else infer_year(*(b.text for b in blocks)))
    articles = []
    for pos, b in enumerate(blocks):
        month = issue[1] if issue else None
        date, iso = extract_date(b.signed or b.text, page_year, issue_month=month)
        reporters, correspondents = parse_byline(b.byline)
        articles.append(
            Article(
                id=content_id(b.title, b.text),
                title=b.title,
                subtitle=b.subtitle,
                text=b.text,
                source=source,
                date=date,
                date_iso=iso,
                position=pos,
                line=b.line,
                reporters=reporters,
                correspondents=correspondents,
                people=extract_people(b.text),
                kicker=b.kicker,
                continued=b.continued,
                brief=b.brief,
            )
        )
    return articles


def _read_page(f: Path, year: int | None) -> list[Article]:
    """A page file's articles; a file too big to be a page is refused before it is read
    (no encoding takes more than 4 bytes a character)."""
    size, limit = f.stat().st_size, DEFAULT.max_page_chars
    if size > 4 * limit:
        raise InputError(
            f"{f.name}: file has {size:,} bytes, more than a page of at most {limit:,} "
            "characters can have (Settings.max_page_chars); split it into pages"
        )
    return parse_page(read_text(f), f.name, year=year)


def _read_scan(
    f: Path, year: int | None, file: str, page_done: Callable[[int], None] | None
) -> tuple[list[Article], list[IngestProblem]]:
    """A PDF or page image through :mod:`qa.ingest.pdf`; its problems name file and page."""
    from qa.ingest.pdf import read_image, read_pdf

    reader = read_pdf if f.suffix.lower() == ".pdf" else read_image
    try:
        arts, probs = reader(f, year=year, file=file, page_done=page_done)
    except ImportError as e:
        raise InputError(f"reading {f.suffix} files needs the pdf extra ({e.name} missing): "
                         "pip install 'newsqa[pdf]'") from None  # fmt: skip
    return arts, [IngestProblem(p.path, None, str(p).removeprefix(f"{p.path}: ")) for p in probs]


def _read_file(
    f: Path, year: int | None, file: str = "", page_done: Callable[[int], None] | None = None
) -> tuple[list[Article], list[IngestProblem]]:
    try:
        if f.suffix.lower() in SCAN_SUFFIXES:
            return _read_scan(f, year, file or f.name, page_done)
        if f.suffix.lower() == ".jsonl":
            return read_corpus(f)
        arts = _read_page(f, year)
    except InputError as e:
        msg = str(e).removeprefix(f"{f}: ").removeprefix(f"{f.name}: ")
        return [], [IngestProblem(str(f), None, msg)]
    except OSError as e:
        return [], [IngestProblem(str(f), None, f"cannot read ({e.strerror or e})")]
    if not arts:
        msg = "no article found (a body starts with 本报讯 or a dateline and ends with a byline)"
        return [], [IngestProblem(str(f), None, msg)]
    return arts, []


def _files(paths: Sequence[str | Path]) -> tuple[list[tuple[Path, Path]], list[IngestProblem]]:
    """The files to read with their roots (each file once) and the problems of the walk."""
    files, problems, seen = [], [], set()
    for item in _walk_rooted(paths):
        if isinstance(item, IngestProblem):
            problems.append(item)
        elif item[0].resolve() not in seen:
            seen.add(item[0].resolve())
            files.append(item)
    return files, problems


def _pages(f: Path) -> int:
    """Pages a file counts for in a progress report: a PDF its pages, any other file (and a
    PDF that cannot be opened) one."""
    if f.suffix.lower() != ".pdf":
        return 1
    try:
        from qa.ingest.pdf import count_pages
    except ImportError:  # no pdf extra: the file is reported when it is read
        return 1
    return max(1, count_pages(f))


def _read_counted(
    f: Path, root: Path, year: int | None, counter: PageCounter | None, pages: int
) -> tuple[list[Article], list[IngestProblem]]:
    """:func:`_read_file` with its pages counted (those not read count as done at the end)."""
    read = 0

    def done(_n: int) -> None:
        nonlocal read
        read += 1
        if counter:
            counter.page_done(f.name)

    scan = f.suffix.lower() in SCAN_SUFFIXES
    out = _read_file(f, year, relative_file(f, root), done if scan else None)
    for _ in range(pages - read if counter else 0):
        counter.page_done(f.name)  # type: ignore[union-attr]
    return out


def ingest_paths(
    paths: Sequence[str | Path],
    *,
    year: int | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> IngestResult:
    """Read pages (``.txt``, ``.pdf``, page images) and corpora (``.jsonl``) under ``paths``.

    Directories are walked recursively (other extensions and questions files there are
    skipped); a file named explicitly with another extension is a problem. The same file
    named twice is read once; an article id seen twice is kept once (the first), and a
    different text under a repeated id is reported. A PDF or image article records its
    ``file`` relative to the folder named (the file name when the file itself was named);
    those folders are the result's ``roots``.

    Args:
        paths: files and directories.
        year: the year of page dates written without one (``--year``).
        progress: called with a :class:`Progress` after every page (a PDF page, a scan, a
            text page or a corpus file).
    """
    files, problems = _files(paths)
    pages = [_pages(f) if progress else 1 for f, _ in files]
    counter = PageCounter(sum(pages), progress) if progress else None
    articles: dict[str, Article] = {}
    roots: dict[str, None] = {}
    for (item, root), n in zip(files, pages, strict=True):
        arts, probs = _read_counted(item, root, year, counter, n)
        problems.extend(probs)
        if item.suffix.lower() in SCAN_SUFFIXES and arts:
            roots[str(root.absolute())] = None
        for a in arts:
            first = articles.setdefault(a.id, a)
            if first is not a and first.text != a.text:
                problems.append(IngestProblem(
                    str(item), None, f"duplicate article id {a.id!r} with another text; "
                    f"the first (from {first.source}) is kept",
                ))  # fmt: skip
    log.info("ingested %d articles from %d files", len(articles), len(files))
    return IngestResult(tuple(articles.values()), tuple(problems), len(files), tuple(roots))
