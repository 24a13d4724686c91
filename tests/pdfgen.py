"""Render invented newspaper pages as PDFs (and noisy scans) for the PDF and OCR tests.

Three layouts: (1) a headline spanning three of four columns over a story continued on page 2
(下转第2版), a boxed brief column, a two-column story with a photo and caption, a story with
its headline set below its body; (2) five columns: the continuation (上接第1版), a kicker
over a spanning headline, a story with its headline below; (3) three columns with a
full-width headline and two short stories. All names and places are fictional.

Each rendered :class:`Story` records exactly the text placed on the page (paragraphs joined
by ``\\n``), which is what extraction must give back.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
BODY, LEAD = 9.0, 13.0
GUTTER, MARGIN = 12.0, 30.0


def find_cjk_font() -> tuple[str, int] | None:
    """(path, index in the collection) of a CJK font (Noto Sans CJK SC preferred), or None."""
    for p in FONT_CANDIDATES:
        if Path(p).exists():
            return p, 2 if "Noto" in p else 0
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True)
        for line in out.stdout.splitlines():
            path = line.split(":")[0].strip()
            if path.endswith((".ttf", ".otf", ".ttc")):
                return path, 0
    return None


# ---- invented text -----------------------------------------------------------------------
PLACES = ("青禾区", "云湾镇", "松石街道", "柳塘村", "白鹭湖新区", "栖霞坪", "北溪乡", "枫岭县")
PEOPLE = ("柏文远", "祁晓岚", "闻松涛", "卓一凡", "郎素琴", "温景行", "聂书然", "蓝启明")
TITLES = ("区委书记", "副区长", "镇长", "局长", "主任", "校长")
TOPICS = (
    "春季植树", "老旧小区改造", "防汛备汛", "文旅融合", "数字乡村", "垃圾分类",
    "校园安全", "冷链物流", "社区养老", "河湖清淤", "非遗传承", "夜市经济",
)  # fmt: skip
SENTENCES = (
    "{place}召开{topic}工作推进会，{title}{name}出席会议并讲话。",
    "会议指出，要坚持问题导向，聚焦{topic}中的难点堵点，细化任务清单，压实各方责任。",
    "据了解，今年以来{place}累计投入资金{n}万元，完成{topic}项目{k}个，惠及群众{m}余户。",
    "{name}强调，各部门要加强协作、形成合力，确保各项工作按时保质完成。",
    "活动现场，工作人员向居民发放宣传资料{m}份，耐心解答群众关心的问题。",
    "“以前一到雨天就发愁，现在出门方便多了。”家住{place}的居民{name2}说。",
    "下一步，{place}将继续完善长效机制，推动{topic}工作常态化、制度化。",
    "截至目前，已有{k}家单位参与其中，累计开展志愿服务{m}场次。",
    "与会人员还实地查看了{place}的{topic}示范点，听取了相关情况汇报。",
    "据介绍，该项目占地约{k}亩，总投资{n}万元，预计{mo}月底前建成投用。",
    "{place}相关负责人表示，将把群众满意度作为检验工作成效的重要标准。",
    "此次活动共吸引{m}余名市民参与，进一步营造了全社会共同关注的良好氛围。",
)


def _fill(rng: random.Random, template: str, place: str, topic: str) -> str:
    return template.format(
        place=place, topic=topic, title=rng.choice(TITLES), name=rng.choice(PEOPLE),
        name2=rng.choice(PEOPLE), n=rng.randint(120, 9800), k=rng.randint(3, 48),
        m=rng.randint(50, 900), mo=rng.randint(5, 11),
    )  # fmt: skip


def invent(rng: random.Random, place: str, topic: str, paras: int) -> list[str]:
    """Paragraphs of invented news prose; the first opens with 本报讯 and a date."""
    out = []
    for p in range(paras):
        picks = rng.sample(SENTENCES, 3)
        text = "".join(_fill(rng, t, place, topic) for t in picks)
        if p == 0:
            text = f"本报讯{rng.randint(1, 12)}月{rng.randint(1, 28)}日，" + text
        out.append(text)
    return out


@dataclass
class Story:
    """One story as rendered: title, subtitle (kicker or deck), the placed paragraphs, byline
    and the page it starts on; ``rest`` holds what did not fit (continued elsewhere)."""

    title: str
    paragraphs: list[str]
    subtitle: str = ""
    kicker: str = ""
    byline: str = ""
    page: int = 1
    continued: bool = False
    joins: bool = False  # the first paragraph continues one from another page: no indent
    placed: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.placed)


# ---- rendering ---------------------------------------------------------------------------
class Sheet:
    """An fpdf2 document with the CJK font and helpers to place headlines and columns."""

    def __init__(self, font: tuple[str, int]) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("cjk", fname=font[0], collection_font_number=font[1])
        self.w = self.h = 0.0

    def page(self, w: float, h: float, edition: str, number: int) -> None:
        self.pdf.add_page(format=(w, h))
        self.w, self.h = w, h
        self.put(MARGIN, MARGIN - 6, edition, 8)
        self.put(w / 2 - 8, h - MARGIN + 12, f"— {number} —", 8)
        self.put(MARGIN, h - MARGIN + 12, "责任编辑：卓一凡  校对：郎素琴", 7)
        self.pdf.line(MARGIN, MARGIN, w - MARGIN, MARGIN)

    def put(self, x: float, y: float, text: str, size: float) -> None:
        """Text with its top at ``y``."""
        self.pdf.set_font("cjk", size=size)
        self.pdf.text(x, y + size * 0.88, text)

    def width(self, text: str, size: float) -> float:
        self.pdf.set_font("cjk", size=size)
        return self.pdf.get_string_width(text)

    def wrap(self, para: str, width: float, size: float = BODY, indent: bool = True) -> list[str]:
        """Lines of one paragraph (first line indented two characters)."""
        lines, cur, avail = [], "", width - (2 * size if indent else 0)
        for ch in para:
            if cur and self.width(cur + ch, size) > avail:
                lines.append(cur)
                cur, avail = "", width
            cur += ch
        return [*lines, cur] if cur else lines

    def headline(self, x: float, y: float, w: float, text: str, size: float) -> float:
        """A centred headline; returns the y below it."""
        self.put(x + max(0.0, (w - self.width(text, size)) / 2), y, text, size)
        return y + size * 1.45

    def columns(self, story: Story, x: float, y: float, w: float, n: int, h: float) -> None:
        """Flow ``story`` into ``n`` columns of the box (x, y, w, h): whole paragraphs only,
        unless ``story.rest`` is wanted (a continued story); then the byline or the 下转
        line ends it."""
        cw = (w - (n - 1) * GUTTER) / n
        per_col = int(h // LEAD)
        slots = [(x + c * (cw + GUTTER), y + r * LEAD) for c in range(n) for r in range(per_col)]
        tail = story.byline or ""
        lines: list[tuple[str, bool]] = []
        for k, para in enumerate(story.paragraphs):
            indent = not (story.joins and k == 0)
            wrapped = self.wrap(para, cw, indent=indent)
            room = len(slots) - len(lines) - 1
            if len(wrapped) > room:
                if story.continued and room > 0:
                    cut = room
                    story.placed.append("".join(wrapped[:cut]))
                    story.rest = ["".join(wrapped[cut:]), *story.paragraphs[k + 1 :]]
                    lines += [(t, i == 0 and indent) for i, t in enumerate(wrapped[:cut])]
                    tail = "（下转第2版）"
                break
            story.placed.append(para)
            lines += [(t, i == 0 and indent) for i, t in enumerate(wrapped)]
        for (text, first), (sx, sy) in zip(lines, slots, strict=False):
            self.put(sx + (2 * BODY if first else 0), sy, text, BODY)
        if tail:
            sx, sy = slots[len(lines)]
            self.put(sx + cw - self.width(tail, BODY), sy, tail, BODY)

    def box(self, x: float, y: float, w: float, h: float) -> None:
        self.pdf.rect(x, y, w, h)

    def photo(self, x: float, y: float, w: float, h: float, caption: str) -> None:
        self.pdf.set_fill_color(150, 150, 150)
        self.pdf.rect(x, y, w, h, style="F")
        self.put(x, y + h + 3, caption, 7.5)


def _story(rng: random.Random, i: int, paras: int, **kw: str) -> Story:
    place, topic = PLACES[i % len(PLACES)], TOPICS[i % len(TOPICS)]
    title = kw.pop("title", f"{place}{topic}工作稳步推进")
    byline = f"记者 {rng.choice(PEOPLE)} 通讯员 {rng.choice(PEOPLE)}"
    return Story(title=title, paragraphs=invent(rng, place, topic, paras), byline=byline, **kw)


def page_one(s: Sheet, rng: random.Random) -> list[Story]:
    """Four columns: spanning headline over a continued lead story, a boxed brief column,
    a two-column story with a photo, a story with its headline below its body."""
    w, h = 595.0, 842.0
    s.page(w, h, "2024年3月8日 星期五  第1版  要闻", 1)
    cw = (w - 2 * MARGIN - 3 * GUTTER) / 4
    span3 = 3 * cw + 2 * GUTTER
    lead = _story(rng, 0, 12, title="青禾区春季植树行动全面启动", subtitle="全年计划新增绿地三百亩")
    lead.continued = True
    y = s.headline(MARGIN, MARGIN + 14, span3, lead.title, 20)
    y = s.headline(MARGIN, y, span3, lead.subtitle, 13)
    s.columns(lead, MARGIN, y + 4, span3, 3, 300)
    briefs = [
        _story(rng, 1 + k, 1, title=t) for k, t in enumerate(("云湾镇夜市开张", "北溪乡修桥"))
    ]
    bx = MARGIN + span3 + GUTTER
    s.box(bx - 4, MARGIN + 10, cw + 8, 360)
    y = s.headline(bx, MARGIN + 16, cw, "简讯", 13)
    for b in briefs:
        b.byline = ""
        y = s.headline(bx, y + 4, cw, b.title, 11)
        s.columns(b, bx, y, cw, 1, 150)
        y += LEAD * len([x for p in b.placed for x in s.wrap(p, cw)]) + 6
    top = MARGIN + 390
    two = 2 * cw + GUTTER
    c = _story(rng, 3, 4, title="白鹭湖新区社区养老服务中心投用")
    y = s.headline(MARGIN, top, two, c.title, 16)
    s.photo(MARGIN, y + 2, two, 70, "图为白鹭湖新区社区养老服务中心内景。记者 温景行 摄")
    s.columns(c, MARGIN, y + 90, two, 2, h - MARGIN - y - 100)
    d = _story(rng, 4, 4, title="柳塘村河湖清淤工程完工")
    dx = MARGIN + two + GUTTER
    s.columns(d, dx, top, two, 2, h - MARGIN - top - 50)
    s.headline(dx, h - MARGIN - 40, two, d.title, 16)
    return [lead, *briefs, c, d]


def page_two(s: Sheet, rng: random.Random, cont: Story) -> list[Story]:
    """Five columns on a wider page: the continuation of page 1's lead story, a kicker over a
    spanning headline, a story with its headline below its body."""
    w, h = 700.0, 990.0
    s.page(w, h, "2024年3月8日 星期五  第2版  综合", 2)
    cw = (w - 2 * MARGIN - 4 * GUTTER) / 5
    two, three = 2 * cw + GUTTER, 3 * cw + 2 * GUTTER
    y = s.headline(MARGIN, MARGIN + 14, two, "青禾区春季植树行动全面启动", 14)
    s.put(MARGIN, y, "（上接第1版）", BODY)
    tail = Story(title=cont.title, paragraphs=cont.rest, byline=cont.byline, joins=True)
    s.columns(tail, MARGIN, y + LEAD, two, 2, 420)
    cont.placed[-1:] = [cont.placed[-1] + tail.placed[0], *tail.placed[1:]]
    x3 = MARGIN + two + GUTTER
    e = _story(rng, 5, 6, title="枫岭县冷链物流园签约落地", kicker="总投资约四十五亿元", page=2)
    y = s.headline(x3, MARGIN + 14, three, e.kicker, 12)
    y = s.headline(x3, y, three, e.title, 20)
    s.columns(e, x3, y + 4, three, 3, 380)
    top = MARGIN + 500
    f = _story(rng, 6, 3, title="栖霞坪非遗传承工作室揭牌", page=2)
    y = s.headline(MARGIN, top, two, f.title, 15)
    s.columns(f, MARGIN, y + 2, two, 2, h - MARGIN - y - 20)
    g = _story(
        rng, 7, 5, title="北溪乡数字乡村建设提速", subtitle="五个村实现千兆光网全覆盖", page=2
    )
    s.columns(g, x3, top, three, 3, h - MARGIN - top - 70)
    y = s.headline(x3, h - MARGIN - 62, three, g.title, 16)
    s.headline(x3, y, three, g.subtitle, 12)
    return [e, f, g]


def page_three(s: Sheet, rng: random.Random) -> list[Story]:
    """Three columns: a full-width headline with a deck, then two stories side by side."""
    w, h = 595.0, 842.0
    s.page(w, h, "2024年3月9日 星期六  第3版  民生", 3)
    full = w - 2 * MARGIN
    cw = (full - 2 * GUTTER) / 3
    a = _story(rng, 8, 6, title="枫岭县老旧小区改造惠及千余户", subtitle="加装电梯四十二部", page=3)
    y = s.headline(MARGIN, MARGIN + 14, full, a.title, 22)
    y = s.headline(MARGIN, y, full, a.subtitle, 13)
    s.columns(a, MARGIN, y + 4, full, 3, 330)
    top = MARGIN + 440
    b = _story(rng, 9, 3, title="青禾区校园安全大检查", page=3)
    y = s.headline(MARGIN, top, cw, b.title, 14)
    s.columns(b, MARGIN, y + 2, cw, 1, h - MARGIN - y - 20)
    c = _story(rng, 10, 5, title="云湾镇垃圾分类示范小区达二十个", page=3)
    x = MARGIN + cw + GUTTER
    y = s.headline(x, top, 2 * cw + GUTTER, c.title, 16)
    s.columns(c, x, y + 2, 2 * cw + GUTTER, 2, h - MARGIN - y - 20)
    return [a, b, c]


def render(path: Path, font: tuple[str, int], seed: int = 7) -> list[Story]:
    """Write the three-page newspaper PDF to ``path``; returns the stories as rendered."""
    rng = random.Random(seed)
    s = Sheet(font)
    first = page_one(s, rng)
    second = page_two(s, rng, first[0])
    third = page_three(s, rng)
    s.pdf.output(str(path))
    return [*first, *second, *third]


def rasterise(pdf: Path, out_dir: Path, dpi: int = 200, angle: float = 0.4) -> list[Path]:
    """Each page as a PNG scan: ``dpi``, rotated by ``angle`` degrees, with mild noise."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(3)
    doc = pdfium.PdfDocument(str(pdf))
    paths = []
    for i in range(len(doc)):
        img = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        arr = np.asarray(img, dtype=np.int16) + rng.normal(0, 12, (img.height, img.width))
        out = out_dir / f"{pdf.stem}_p{i + 1}.png"
        Image.fromarray(arr.clip(0, 255).astype(np.uint8)).save(out)
        paths.append(out)
    doc.close()
    return paths


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (common prefix and suffix skipped first)."""
    while a and b and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_accuracy(expected: str, got: str) -> float:
    """1 − edit distance / length of the expected text."""
    return 1 - edit_distance(expected, got) / max(1, len(expected))


# ---- given stories (real article text) ----------------------------------------------------
def story_of(article: object) -> Story:
    """A :class:`Story` of an ingested article (duck-typed ``qa.records.Article``): its title,
    subtitle, paragraphs (``text`` split at newlines) and a byline rebuilt from its reporters
    and correspondents."""
    reporters = getattr(article, "reporters", ())
    helpers = getattr(article, "correspondents", ())
    byline = " ".join(
        [*(["记者", *reporters] if reporters else []), *(["通讯员", *helpers] if helpers else [])]
    )
    paras = [p for p in article.text.split("\n") if p.strip()]  # type: ignore[attr-defined]
    return Story(
        title=article.title,  # type: ignore[attr-defined]
        paragraphs=paras,
        subtitle=getattr(article, "subtitle", ""),
        byline=byline,
    )


NO_START = "，。、；：？！”’）》…"  # a line never starts with these (禁则)
NO_END = "“‘（《"  # nor ends with these


class SetSheet(Sheet):
    """A :class:`Sheet` whose body lines follow Chinese line breaking (禁则), as a paper's
    typesetting does: when a closing mark would start a line (or an opening one end it),
    the line's last character moves down with it."""

    def wrap(self, para: str, width: float, size: float = BODY, indent: bool = True) -> list[str]:
        lines, cur, avail = [], "", width - (2 * size if indent else 0)
        for ch in para:
            if cur and self.width(cur + ch, size) > avail:
                carry = ""
                if len(cur) > 1 and (ch in NO_START or cur[-1] in NO_END):
                    cur, carry = cur[:-1], cur[-1]
                lines.append(cur)
                cur, avail = carry, width
            cur += ch
        return [*lines, cur] if cur else lines


def _head_lines(s: Sheet, text: str, w: float, size: float) -> list[str]:
    """A headline broken into as few balanced lines as fit ``w`` (long titles take two)."""
    n = max(1, -(-int(s.width(text, size)) // int(w)))
    while n < len(text):
        per = -(-len(text) // n)
        lines = [text[i : i + per] for i in range(0, len(text), per)]
        if all(s.width(x, size) <= w for x in lines):
            return lines
        n += 1
    return [text]


def _block(s: Sheet, story: Story, w: float, n: int) -> tuple[list[str], list[str], int]:
    """(headline lines, subtitle lines, body rows per column) of ``story`` over ``n`` columns."""
    cw = (w - (n - 1) * GUTTER) / n
    heads = _head_lines(s, story.title, w, 16)
    subs = _head_lines(s, story.subtitle, w, 12) if story.subtitle else []
    body = sum(len(s.wrap(p, cw)) for p in story.paragraphs) + 1  # + the byline's row
    return heads, subs, -(-body // n)


def _block_height(heads: list[str], subs: list[str], rows: int) -> float:
    return len(heads) * 16 * 1.45 + len(subs) * 12 * 1.45 + 4 + rows * LEAD


def _set_block(s: Sheet, story: Story, x: float, y: float, w: float, n: int) -> None:
    heads, subs, rows = _block(s, story, w, n)
    for line in heads:
        y = s.headline(x, y, w, line, 16)
    for line in subs:
        y = s.headline(x, y, w, line, 12)
    s.columns(story, x, y + 4, w, n, rows * LEAD + 1)


def lay_out(
    path: Path, font: tuple[str, int], stories: list[Story], *, cols: int = 5, long: int = 700
) -> list[Story]:
    """Set given stories as newspaper pages (700 x 990 pt, ``cols`` columns) and write the PDF.

    Stories fill rows in order: one longer than ``long`` characters spans three columns, else
    two, and the last story of a row takes the columns left; each has its headline centred
    over its columns (long titles on two lines) and its subtitle under it. A row that does
    not fit starts a new page. Returns the stories with ``page`` and ``placed`` set.
    """
    s, w, h = SetSheet(font), 700.0, 990.0
    cw = (w - 2 * MARGIN - (cols - 1) * GUTTER) / cols
    rows: list[list[tuple[Story, int]]] = []
    for st in stories:
        span = min(cols, 3 if sum(map(len, st.paragraphs)) > long else 2)
        if not rows or sum(n for _, n in rows[-1]) + span > cols:
            rows.append([])
        rows[-1].append((st, span))
    page, y = 0, h
    for row in rows:
        row[-1] = (row[-1][0], cols - sum(n for _, n in row[:-1]))
        tall = max(_block_height(*_block(s, st, n * cw + (n - 1) * GUTTER, n)) for st, n in row)
        if y + tall > h - MARGIN - 10:
            page += 1
            s.page(w, h, f"二七新闻  第{page}版", page)
            y = MARGIN + 14
        x = MARGIN
        for st, n in row:
            st.page = page
            _set_block(s, st, x, y, n * cw + (n - 1) * GUTTER, n)
            x += n * (cw + GUTTER)
        y += tall + 2 * LEAD
    s.pdf.output(str(path))
    return stories


def text_in_box(path: Path, page: int, box: tuple[float, ...]) -> str:
    """The text layer inside a box given as fractions of the page (y downwards)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    pg = doc[page - 1]
    w, h = pg.get_size()
    x0, y0, x1, y1 = box
    text = pg.get_textpage().get_text_bounded(x0 * w, (1 - y1) * h, x1 * w, (1 - y0) * h)
    doc.close()
    return re.sub(r"\s+", "", text)
