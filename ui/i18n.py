"""Interface labels in Chinese (default) and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "报纸档案问答", "en": "Newspaper archive Q&A"},
    "placeholder": {
        "zh": "输入问题，例如：谁主持了会议？",
        "en": "Ask a question, e.g. Who chaired the meeting?",
    },
    "send": {"zh": "提问", "en": "Ask"},
    "clear": {"zh": "清空对话", "en": "Clear"},
    "sources": {"zh": "来源", "en": "Sources"},
    "related": {"zh": "相关段落（未找到答案）", "en": "Related passages (no answer found)"},
    "no_sources": {"zh": "暂无来源。", "en": "No sources yet."},
    "open_article": {"zh": "点击展开全文", "en": "click to open the article"},
    "examples": {"zh": "示例问题", "en": "Example questions"},
    "upload": {
        "zh": "添加版面（.txt、PDF、扫描图片 .png/.jpg/.tif）或语料（.jsonl）",
        "en": "Add pages (.txt, PDF, scans .png/.jpg/.tif) or a corpus (.jsonl)",
    },
    "index": {"zh": "建立索引", "en": "Index files"},
    "about": {
        "zh": "本档案共 {articles} 篇文章，{pages} 个版面，日期 {dates}。",
        "en": "This archive holds {articles} articles from {pages} pages, dated {dates}.",
    },
    "lang": {"zh": "界面语言", "en": "Interface language"},
    "ingest_done": {
        "zh": "新增 {added} 篇文章（{passages} 个段落），跳过已有 {skipped} 篇。",
        "en": "Added {added} articles ({passages} passages), {skipped} already indexed.",
    },
    "ingest_progress": {
        "zh": "正在导入：已处理 {done}/{total} 页 · 每分钟 {rate} 页 · 预计还需 {eta} · {file}",
        "en": "Ingesting: {done}/{total} pages · {rate} pages/min · ETA {eta} · {file}",
    },
    "ingest_none": {"zh": "没有可导入的文章。", "en": "Nothing could be ingested."},
    "error": {"zh": "出错：", "en": "Error: "},
    "internal_error": {
        "zh": "服务器内部错误，已记录；请换个问法或稍后再试。",
        "en": "internal server error (logged); rephrase or try again later.",
    },
    "question_cut": {
        "zh": "（问题太长，只用了前 {n} 个字。）",
        "en": "(Long question: only its first {n} characters were used.) ",
    },
    "file_too_big": {
        "zh": "{name}：文件有 {size}，超过单个文件上限 {limit}，未导入。",
        "en": "{name}: {size} is over the per-file limit of {limit}; not ingested.",
    },
    "batch_too_big": {
        "zh": "这批文件共 {size}，超过每次上传上限 {limit}；请分批上传。",
        "en": "These files add up to {size}, over the per-upload limit of {limit}; "
        "upload them in smaller batches.",
    },
    "ingest_timeout": {
        "zh": "导入超过 {s} 秒仍未完成，已中止；索引未改变。",
        "en": "Ingest took longer than {s} s and was stopped; the index is unchanged.",
    },
    "no_files": {"zh": "请先选择文件。", "en": "Choose files first."},
    "tab_chat": {"zh": "问答", "en": "Ask"},
    "tab_archive": {"zh": "资料库", "en": "Archive"},
    "month": {"zh": "月份", "en": "Month"},
    "page": {"zh": "版面", "en": "Page"},
    "person": {"zh": "人物", "en": "Person"},
    "people": {"zh": "人物列表", "en": "People"},
    "page_of": {"zh": "{file} 第 {page} 版", "en": "page {page} of {file}"},
    "page_crop": {"zh": "查看原版面", "en": "show the page"},
    "low_ocr": {
        "zh": "扫描件文字识别置信度较低（{conf}），可能有错字，请对照原版面。",
        "en": "Scanned text read with low OCR confidence ({conf}): it may contain misread "
        "characters; check the page.",
    },
}


def t(key: str, lang: str) -> str:
    """Label ``key`` in ``lang`` ('zh' or 'en'; anything else falls back to Chinese)."""
    entry = LABELS[key]
    return entry.get(lang, entry["zh"])
