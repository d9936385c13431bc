"""The one streaming CSV reader every adapter uses.

It refuses what is not CSV text (missing, empty, binary, too large) with a message that says
what to do, and otherwise never gives up on a file: a row it cannot read (wrong number of
fields, NUL bytes, bytes that do not decode) comes out as a `Rejected` with its line number,
the reason and its raw text, and reading goes on.

Encoding: a byte-order mark decides (UTF-8, UTF-16); otherwise a file that is valid UTF-8 is
UTF-8; otherwise, if most of its non-ASCII lines are valid UTF-8 it is UTF-8 with a few broken
lines (those are quarantined), else it is Windows-1252 (cp1252), the usual encoding of CSV saved
by Excel on Windows. Column names are matched stripped and lower-cased.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from estimative.store import Rejected

MAX_BYTES = 2 * 1024**3  # one file is one transaction; beyond this, split the file
_CHUNK = 1 << 20
_PROGRESS_EVERY = 2048  # lines
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls / Office document"),
    (b"SQLite format 3", "a SQLite database"),
    (b"PAR1", "a Parquet file"),
)
csv.field_size_limit(64 * 1024 * 1024)


class CsvError(Exception):
    """The file as a whole cannot be read as CSV text (the message says why and what to do)."""


@dataclass(slots=True)
class CsvRow:
    """One data row: where it starts in the file, its fields by column name, and its raw text."""

    line: int
    data: dict[str, str]
    raw: str


class CsvFile:
    """A CSV file opened for streaming: checked, hashed and its encoding detected up front."""

    def __init__(self, path: str | Path, max_bytes: int = MAX_BYTES) -> None:
        self.path = Path(path)
        p = self.path
        if not p.exists():
            raise CsvError(f"no such file: {p}")
        if p.is_dir():
            raise CsvError(f"{p} is a folder, not a CSV file")
        self.size = p.stat().st_size
        if self.size == 0:
            raise CsvError(f"{p} is empty: there is nothing to ingest")
        if self.size > max_bytes:
            raise CsvError(f"{p} is {self.size / 1024**3:.1f} GB; one ingest is one transaction and takes files up to "
                           f"{max_bytes / 1024**3:.0f} GB. Split it (for example by year) and ingest the parts.")
        with p.open("rb") as f:
            head = f.read(65536)
        self._check_text(head)
        self._cr_only = b"\n" not in head and b"\r" in head
        self.sha256, self.encoding = self._hash_and_encoding(head)
        self.delimiter = _delimiter(head, self.encoding)
        self.header: list[str] = []

    # ------------------------------------------------------------------ inspection
    def _check_text(self, head: bytes) -> None:
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return
        for sig, what in _SIGNATURES:
            if head.startswith(sig):
                raise CsvError(f"{self.path} is {what}, not a CSV file: export or unpack it as CSV text first")
        controls = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
        if head.count(0) > len(head) // 100 or controls > len(head) // 10:
            raise CsvError(f"{self.path} looks like a binary file, not CSV text (it is full of NUL or control "
                           "bytes). If it is a spreadsheet, save it as CSV (UTF-8) first.")

    def _hash_and_encoding(self, head: bytes) -> tuple[str, str]:
        """One pass over the file: its sha256, and whether it is valid UTF-8."""
        digest = hashlib.sha256()
        decoder = codecs.getincrementaldecoder("utf-8")()
        valid = True
        with self.path.open("rb") as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                digest.update(chunk)
                if valid:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        valid = False
        if valid:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                valid = False
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif valid or self._mostly_utf8():
            encoding = "utf-8"
        else:
            encoding = "cp1252"
        return digest.hexdigest(), encoding

    def _mostly_utf8(self) -> bool:
        """For a file that is not all valid UTF-8: are most of its non-ASCII lines UTF-8 anyway?
        (Valid multi-byte UTF-8 almost never occurs by chance in cp1252 text, so ties go to UTF-8.)"""
        good = bad = 0
        with self.path.open("rb") as f:
            for line in f:
                if line.isascii():
                    continue
                try:
                    line.decode("utf-8")
                    good += 1
                except UnicodeDecodeError:
                    bad += 1
                if good + bad >= 20000:
                    break
        return good >= bad

    # ------------------------------------------------------------------ reading
    def _lines(self, f: io.BufferedReader) -> Iterator[tuple[str, str | None]]:
        """(decoded line, problem or None) for each physical line."""
        if self.encoding == "utf-16":
            for line in io.TextIOWrapper(f, encoding="utf-16", newline="", errors="replace"):
                yield line, ("bytes that are not valid UTF-16" if "\ufffd" in line else None)
            return
        codec = "utf-8" if self.encoding.startswith("utf-8") else self.encoding
        what = f"bytes that are not valid {'UTF-8' if codec == 'utf-8' else codec}"
        first = True
        for b in _split_lines(f, self._cr_only):
            try:
                s = b.decode(codec)
                problem = None
            except UnicodeDecodeError:
                s = b.decode(codec, "replace")
                problem = what
            if first:
                s = s.lstrip("\ufeff")
                first = False
            if "\x00" in s:
                problem = "NUL byte in the line"
            yield s, problem

    def rows(self, progress: Callable[[int], None] | None = None) -> Iterator[CsvRow | Rejected]:
        """Every data row in file order, or a Rejected with the reason; the header is read first
        (`self.header`). Blank lines are not rows."""
        with self.path.open("rb") as f:
            raw_lines: list[str] = []
            problems: list[str] = []
            lines = self._lines(f)

            def feed() -> Iterator[str]:
                n = 0
                for s, problem in lines:
                    raw_lines.append(s)
                    if problem:
                        problems.append(problem)
                    n += 1
                    if progress is not None and n % _PROGRESS_EVERY == 0:
                        progress(f.tell())
                    yield s

            reader = csv.reader(feed(), delimiter=self.delimiter)
            keys: list[str] | None = None
            start = 1
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    record, problems[:] = None, [*problems, f"malformed CSV: {exc}"]
                raw = "".join(raw_lines).rstrip("\r\n")
                raw_lines.clear()
                line, start = start, reader.line_num + 1
                if record == [] or (record is not None and not problems and not raw.strip()):
                    continue  # a blank line
                if keys is None:
                    keys = self._set_header(record, problems)
                    problems.clear()
                    continue
                if problems:
                    reason = "; ".join(dict.fromkeys(problems))
                    problems.clear()
                    yield Rejected(line, reason, raw)
                    continue
                assert record is not None
                if len(record) != len(keys):
                    if len(record) > len(keys) and not any(v.strip() for v in record[len(keys):]):
                        record = record[:len(keys)]  # trailing empty fields (a trailing comma)
                    else:
                        yield Rejected(line, f"expected {len(keys)} fields, found {len(record)}", raw)
                        continue
                yield CsvRow(line, dict(zip(keys, record, strict=True)), raw)
            if keys is None:
                raise CsvError(f"{self.path} has no header row: nothing but blank lines")
            if progress is not None:
                progress(self.size)

    def _set_header(self, record: list[str] | None, problems: list[str]) -> list[str]:
        if record is None or problems:
            raise CsvError(f"{self.path}: the header row cannot be read ({'; '.join(problems)}); is this a CSV file?")
        keys = [c.strip().lstrip("\ufeff").strip().lower() for c in record]
        keys = [k or f"column_{i + 1}" for i, k in enumerate(keys)]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise CsvError(f"{self.path}: the header names a column twice ({', '.join(dupes)}); "
                           "column names must be unique")
        self.header = keys
        return keys


def _split_lines(f: io.BufferedReader, cr_only: bool) -> Iterator[bytes]:
    """Physical lines with their endings: \\n and \\r\\n files line by line; a file that ends its
    lines with a bare \\r (old Mac) is split on \\r in chunks."""
    if not cr_only:
        yield from f
        return
    rest = b""
    for chunk in iter(lambda: f.read(_CHUNK), b""):
        parts = (rest + chunk).split(b"\r")
        rest = parts.pop()
        for p in parts:
            yield p + b"\r"
    if rest:
        yield rest


def _delimiter(head: bytes, encoding: str) -> str:
    """The delimiter of the header line: the most frequent of , ; tab | (comma on a tie)."""
    try:
        text = head.decode("utf-16" if encoding == "utf-16" else "utf-8", "replace")
    except LookupError:  # pragma: no cover
        text = head.decode("latin-1")
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","
