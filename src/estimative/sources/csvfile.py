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
MAX_RECORD_LINES = 100_000  # a quoted field running longer is a stray quote, not a field
_CP1252_PUNCTUATION = frozenset("‘’‚“”„–—…•°«»·´¨¡¿§©®±×€£¥¢ \u00a0")
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
        self.mixed = False
        self.cp1252_lines = 0
        self.spoiled: list[tuple[int, int]] = []  # (line, lines spanned) of each record a stray quote spoiled
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
        """The file's sha256, and how many of its non-ASCII lines are UTF-8.

        All UTF-8 (or no line that is): UTF-8 (cp1252). Both kinds: a mixed file, decoded line by
        line (see `_decode`); `encoding_read` then says how many lines were read as cp1252.
        One pass in chunks for a file that is UTF-8 throughout (a line end never falls inside a
        UTF-8 sequence, so then every line is): 0.38 CPU s for a 430 MB file, against 0.51 line by
        line (docs/scale.md). Any other file is read again by lines."""
        digest = hashlib.sha256()
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            with self.path.open("rb") as f:
                for chunk in iter(lambda: f.read(_CHUNK), b""):
                    digest.update(chunk)
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return self._hash_and_encoding_by_line(head)
        return digest.hexdigest(), "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"

    def _hash_and_encoding_by_line(self, head: bytes) -> tuple[str, str]:
        """`_hash_and_encoding` for a file that is not UTF-8 throughout: its non-ASCII lines counted."""
        digest = hashlib.sha256()
        good = bad = 0
        with self.path.open("rb") as f:
            for line in _split_lines(f, self._cr_only):
                digest.update(line)
                if line.isascii():
                    continue
                try:
                    line.decode("utf-8")
                    good += 1
                except UnicodeDecodeError:
                    bad += 1
        self.mixed = good > 0 and bad > 0
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif bad and not good:
            encoding = "cp1252"
        else:
            encoding = "utf-8"
        return digest.hexdigest(), encoding

    @property
    def cr_only(self) -> bool:
        """Whether the file ends its lines with a bare \\r (old Mac)."""
        return self._cr_only

    def notes(self) -> list[str]:
        """What the summary of an ingest should say about the reading: each stray quote."""
        return [f"line {line}: a quote that does not close ran over {span:,} lines; line {line} is quarantined "
                f"and the {_n_lines(span - 1)} after it read again as rows" for line, span in self.spoiled[:20]] \
            + ([f"... and {len(self.spoiled) - 20:,} more such lines"] if len(self.spoiled) > 20 else [])

    @property
    def encoding_read(self) -> str:
        """The encoding as read, naming the lines of a mixed file that were read as cp1252."""
        if self.cp1252_lines and self.encoding != "cp1252":
            return f"{self.encoding} with {self.cp1252_lines:,} line(s) in cp1252"
        return self.encoding

    # ------------------------------------------------------------------ reading
    def _decode(self, b: bytes) -> tuple[str, str | None]:
        """One physical line as text, and the problem with it (None when it reads cleanly).

        Lines are decoded one by one: UTF-8 where the line is valid UTF-8; in a cp1252 file, or
        in a mixed file where the line reads as plausible cp1252 text, cp1252; else the line is
        quarantined. So a file of UTF-8 and Windows lines mixed stores neither as mojibake."""
        try:
            return b.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
        try:
            s = b.decode("cp1252")
        except UnicodeDecodeError:
            return b.decode("utf-8", "replace"), "bytes that are not valid UTF-8 nor cp1252"
        if self.encoding == "cp1252" or (self.mixed and plausible_cp1252(s)):
            self.cp1252_lines += 1
            return s, None
        return b.decode("utf-8", "replace"), "bytes that are not valid UTF-8"

    def _lines(self, f: io.BufferedReader) -> Iterator[tuple[str, str | None]]:
        """(decoded line, problem or None) for each physical line."""
        if self.encoding == "utf-16":
            for line in io.TextIOWrapper(f, encoding="utf-16", newline="", errors="replace"):
                yield line, ("bytes that are not valid UTF-16" if "\ufffd" in line else None)
            return
        first = True
        for b in _split_lines(f, self._cr_only):
            s, problem = self._decode(b)
            if first:
                s = s.lstrip("\ufeff")
                first = False
            if "\x00" in s:
                problem = "NUL byte in the line"
            yield s, problem

    def rows(self, progress: Callable[[int], None] | None = None) -> Iterator[CsvRow | Rejected]:
        """Every data row in file order, or a Rejected with the reason; the header is read first
        (`self.header`). Blank lines are not rows.

        A record that runs over several physical lines is kept only when it is sound: strict CSV,
        the header's width, and lines after the first that do not each read as a row of their own.
        Otherwise a quote went wrong: its first line is quarantined alone (the reason says how
        many lines the record spanned) and the lines after it are read again, so one stray quote
        never swallows the rows that follow it."""
        with self.path.open("rb") as f:
            lines = _Lines(self._lines(f), f, progress)
            reader = csv.reader(lines, delimiter=self.delimiter)
            keys: list[str] | None = None
            while True:
                lines.begin_record()
                try:
                    record: list[str] | None = next(reader)
                    error = None
                except StopIteration:
                    break
                except csv.Error as exc:
                    record, error = None, f"malformed CSV: {exc}"
                taken = lines.taken
                if not taken:
                    break
                if len(taken) > 1:
                    spoiled = self._spoiled(taken, record, error, keys)
                    if spoiled and keys is None:
                        raise CsvError(f"{self.path}: the header row cannot be read ({spoiled})")
                    if spoiled:
                        self.spoiled.append((taken[0][0], len(taken)))
                        lines.push_back(taken[1:])
                        yield Rejected(taken[0][0], spoiled, taken[0][1].rstrip("\r\n"))
                        continue
                raw = "".join(t[1] for t in taken).rstrip("\r\n")
                problems = [p for p in (*(t[2] for t in taken), error) if p]
                line = taken[0][0]
                if record == [] or (record is not None and not problems and not raw.strip()):
                    continue  # a blank line
                if keys is None:
                    keys = self._set_header(record, problems)
                    continue
                if problems:
                    yield Rejected(line, "; ".join(dict.fromkeys(problems)), raw)
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

    def _spoiled(self, taken: list[_Line], record: list[str] | None, error: str | None,
                 keys: list[str] | None) -> str | None:
        """Why a record over several lines is a quoting mistake rather than a field with line
        breaks in it, or None when it is sound."""
        why = None
        if error:
            why = error.removeprefix("malformed CSV: ")
        elif lines_cut(taken):
            why = f"no closing quote within {MAX_RECORD_LINES:,} lines"
        elif keys is not None and record is not None and len(record) != len(keys):
            why = f"it reads as {len(record)} fields, not {len(keys)}"
        else:
            try:
                next(csv.reader([t[1] for t in taken], delimiter=self.delimiter, strict=True))
            except csv.Error as exc:
                why = str(exc)
            if why is None and keys is not None and all(self._width(t[1]) == len(keys) for t in taken[1:]):
                why = "each line after the first reads as a row of its own"
        if why is None:
            return None
        return (f"malformed CSV: a quoted field opened on line {taken[0][0]} ran over {len(taken):,} lines "
                f"(to line {taken[-1][0]}) and {why}; this line is quarantined alone and the "
                f"{_n_lines(len(taken) - 1)} after it are read again as rows")

    def _width(self, line: str) -> int:
        """How many fields one line holds on its own (-1 when it is not CSV alone)."""
        try:
            return len(next(csv.reader([line], delimiter=self.delimiter), []))
        except csv.Error:
            return -1

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


_Line = tuple[int, str, "str | None", bool]  # (line number, text, problem, cut: the record limit stopped here)


def _n_lines(n: int) -> str:
    return f"{n:,} line" + ("" if n == 1 else "s")


def lines_cut(taken: list[_Line]) -> bool:
    return any(t[3] for t in taken)


class _Lines:
    """The physical lines fed to the csv reader, numbered, with the lines of the current record
    kept (`taken`) so a spoiled record can be given back (`push_back`) and read again. A record
    stops at MAX_RECORD_LINES lines: the reader then sees the end of the input for that record,
    which bounds the memory one stray quote can take."""

    def __init__(self, source: Iterator[tuple[str, str | None]], f: io.BufferedReader,
                 progress: Callable[[int], None] | None) -> None:
        self._source = source
        self._f = f
        self._progress = progress
        self._pending: list[_Line] = []  # pushed back, in reverse order
        self._next_no = 1
        self._read = 0
        self.taken: list[_Line] = []

    def begin_record(self) -> None:
        self.taken = []

    def push_back(self, lines: list[_Line]) -> None:
        self._pending.extend((no, s, p, False) for no, s, p, _ in reversed(lines))

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= MAX_RECORD_LINES:
            no, s, p, _ = self.taken[-1]
            self.taken[-1] = (no, s, p, True)
            raise StopIteration
        if self._pending:
            item = self._pending.pop()
        else:
            s, problem = next(self._source)
            item = (self._next_no, s, problem, False)
            self._next_no += 1
            self._read += 1
            if self._progress is not None and self._read % _PROGRESS_EVERY == 0:
                self._progress(self._f.tell())
        self.taken.append(item)
        return item[1]


def plausible_cp1252(s: str) -> bool:
    """Whether a line that is not UTF-8 reads as Windows text: every non-ASCII character is
    typographic punctuation or a letter inside a word (`Bogotá`), not a stray byte (`bad ÿ byte`)."""
    for i, ch in enumerate(s):
        if ch.isascii() or ch in _CP1252_PUNCTUATION:
            continue
        if not ch.isalpha():
            return False
        before = s[i - 1] if i else ""
        after = s[i + 1] if i + 1 < len(s) else ""
        if not (before.isalpha() or after.isalpha()):
            return False
    return True


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
