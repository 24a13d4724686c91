"""Interface labels in Chinese (default) and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "报纸档案问答", "en": "Newspaper archive Q&A"},
    "placeholder": {"zh": "输入问题，例如：谁主持了二季度产业发展暨经济工作推进会？",
                    "en": "Ask a question, e.g. Who chaired the flood meeting?"},
    "send": {"zh": "提问", "en": "Ask"},
    "clear": {"zh": "清空对话", "en": "Clear"},
    "sources": {"zh": "来源", "en": "Sources"},
    "related": {"zh": "相关段落（未找到答案）", "en": "Related passages (no answer found)"},
    "no_sources": {"zh": "暂无来源。", "en": "No sources yet."},
    "open_article": {"zh": "点击展开全文", "en": "click to open the article"},
    "examples": {"zh": "示例问题", "en": "Example questions"},
    "upload": {"zh": "添加版面（.txt）或语料（.jsonl）", "en": "Add pages (.txt) or a corpus (.jsonl)"},
    "index": {"zh": "建立索引", "en": "Index files"},
    "about": {"zh": "本档案共 {articles} 篇文章，{pages} 个版面，日期 {dates}。",
              "en": "This archive holds {articles} articles from {pages} pages, dated {dates}."},
    "lang": {"zh": "界面语言", "en": "Interface language"},
    "ingest_done": {"zh": "新增 {added} 篇文章（{passages} 个段落），跳过已有 {skipped} 篇。",
                    "en": "Added {added} articles ({passages} passages), {skipped} already indexed."},
    "ingest_none": {"zh": "没有可导入的文章。", "en": "Nothing could be ingested."},
    "error": {"zh": "出错：", "en": "Error: "},
}


def t(key: str, lang: str) -> str:
    """Label ``key`` in ``lang`` ('zh' or 'en'; anything else falls back to Chinese)."""
    entry = LABELS[key]
    return entry.get(lang, entry["zh"])
