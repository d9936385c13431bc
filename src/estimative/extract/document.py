"""Reading a report: plain text or an HTML page, into text, title and publication date.

HTML is read with the standard library's tolerant parser: scripts, styles, navigation and
other non-article parts are dropped, entities decoded, and the article's date taken from the
usual meta tags, JSON-LD or a `<time>` element. Nothing is fetched and nothing is executed.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

from estimative.extract.text import MAX_REPORT_CHARS, check_report_size, normalise

MAX_CHARS = MAX_REPORT_CHARS  # one limit for every report input (see extract/text.py)

_HTML_SNIFF = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)", re.I | re.S)
_TAG_SNIFF = re.compile(r"<(?:p|div|body|article|span|br|a|h[1-6]|script|style|meta|title|table|li|section)\b[^>]*>",
                        re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
                   "nav", "aside", "footer", "form", "button", "select", "textarea", "head"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5",
                    "h6", "article", "section", "header", "main", "blockquote", "pre", "figure", "figcaption",
                    "dd", "dt", "hr", "address", "time"})
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
              "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued", "sailthru.date",
              "parsely-pub-date", "article.published", "publication_date", "original-publish-date",
              "article:published", "citation_publication_date", "citation_date")


@dataclass(slots=True)
class Document:
    text: str
    title: str | None = None
    published: date | None = None
    is_html: bool = False


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:2000])) or len(_TAG_SNIFF.findall(text[:20000])) >= 2


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM), else Windows-1252, else Latin-1 (never fails)."""
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_document(source: str | bytes | Path, published: str | date | None = None) -> Document:
    """A report from a file path, bytes or a string of text or HTML.

    A `str` is taken as a path only when it is one line naming an existing file. `published`
    overrides the date found in the page. Raises ValueError for a report over MAX_CHARS.
    """
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and 0 < len(source) < 1024
                                    and _is_file(source)):
        check_report_size(Path(source).stat().st_size, str(source))
        raw: str | bytes = Path(source).read_bytes()
    else:
        raw = source
    if isinstance(raw, bytes):
        check_report_size(len(raw))
    text = decode(raw) if isinstance(raw, bytes) else raw
    check_report_size(len(text), unit="characters")
    text = normalise(text)
    if looks_like_html(text):
        doc = html_document(text)
    else:
        doc = Document(text=_CONTROL.sub(" ", text))
        doc.title, doc.published = plain_header(doc.text)
    if published is not None:
        doc.published = parse_published(published)
    return doc


_DATELINE = re.compile(r"^\s*(?:published|posted|updated|date|dated)\s*(?:on|:)?\s*(.{6,40}?)\s*$", re.I)


def plain_header(text: str) -> tuple[str | None, date | None]:
    """A plain-text report's title (a short first line that is not a sentence) and its dateline
    ("Published 12 March 2020") among the first lines."""
    lines = [ln.strip() for ln in text.strip().splitlines()[:5]]
    title = lines[0] if lines and 0 < len(lines[0]) <= 140 and not lines[0].endswith(".") else None
    for ln in lines:
        m = _DATELINE.match(ln)
        if m and (d := parse_published(m.group(1))):
            return title, d
    return title, None


def _is_file(s: str) -> bool:
    try:
        return Path(s).is_file()
    except (OSError, ValueError):
        return False


def parse_published(value: str | date | datetime | None) -> date | None:
    """A publication date from ISO text (date or date-time), or None when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    from estimative.extract.dates import parse_absolute_date

    return parse_absolute_date(s)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.article = 0
        self.main = 0
        self.in_title = False
        self.in_h1 = False
        self.in_ldjson = False
        self.parts: list[tuple[str, bool, bool]] = []  # text, in <article>, in <main>
        self.title = ""
        self.h1 = ""
        self.og_title = ""
        self.meta_dates: list[str] = []
        self.time_dates: list[str] = []
        self.ldjson: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs if k}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _DATE_META and a.get("content"):
                self.meta_dates.append(a["content"])
            if key in ("og:title", "twitter:title") and a.get("content") and not self.og_title:
                self.og_title = a["content"]
            return
        if tag == "title":
            self.in_title = True
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self.in_ldjson = True
        if tag == "time" and a.get("datetime"):
            self.time_dates.append(a["datetime"])
        if a.get("itemprop", "").lower() == "datepublished" and (a.get("content") or a.get("datetime")):
            self.meta_dates.append(a.get("content") or a.get("datetime") or "")
        if tag in _SKIP:
            self.skip += 1
        elif tag == "article":
            self.article += 1
        elif tag == "main":
            self.main += 1
        elif tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK:
            self.parts.append(("\n", self.article > 0, self.main > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "script":
            self.in_ldjson = False
        elif tag == "h1":
            self.in_h1 = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "article":
            self.article = max(0, self.article - 1)
        elif tag == "main":
            self.main = max(0, self.main - 1)
        if tag in _BLOCK:
            self.parts.append(("\n", self.article > 0, self.main > 0))

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.in_ldjson:
            self.ldjson.append(data)
        if self.skip:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append((data, self.article > 0, self.main > 0))


def html_document(html: str) -> Document:
    """Text, title and date of an HTML page (the <article> when there is one)."""
    p = _PageParser()
    try:
        p.feed(html)
        p.close()
    except (AssertionError, ValueError, IndexError):  # the stdlib parser gives up on some broken markup
        pass
    article = "".join(t for t, in_a, _ in p.parts if in_a)
    main = "".join(t for t, _, in_m in p.parts if in_m)
    body = "".join(t for t, _, _ in p.parts)
    chosen = article if len(article.strip()) >= 200 else main if len(main.strip()) >= 200 else body
    title = _clean_line(p.og_title or p.h1 or p.title) or None
    published = None
    for cand in p.meta_dates + _ldjson_dates(p.ldjson) + p.time_dates:
        published = parse_published(cand)
        if published:
            break
    return Document(text=_clean_text(chosen), title=title, published=published, is_html=True)


def _ldjson_dates(blocks: list[str]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        try:
            data = json.loads("".join(block))
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(out) < 5:
            item = stack.pop()
            if isinstance(item, dict):
                v = item.get("datePublished")
                if isinstance(v, str):
                    out.append(v)
                stack.extend(x for x in item.values() if isinstance(x, dict | list))
            elif isinstance(item, list):
                stack.extend(item[:50])
    return out


def _clean_line(s: str) -> str:
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", s)).strip()


def _clean_text(s: str) -> str:
    s = _CONTROL.sub(" ", s).replace("\r", "\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in s.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
