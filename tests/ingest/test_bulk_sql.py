"""The column path's SQL spells Python's string rules exactly, and the reader's one-pass hashing and
encoding detection agree with the bytes of real files."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import duckdb

from estimative.sources.bulk_sql import SPACE_PLANE, py_strip, py_text
from estimative.sources.csvfile import _CHUNK, CsvFile


def test_py_strip_removes_exactly_what_str_strip_removes() -> None:
    assert not any(chr(c).isspace() for c in range(SPACE_PLANE, sys.maxunicode + 1))
    spaces = [chr(c) for c in range(SPACE_PLANE) if chr(c).isspace()]
    others = ["\x00", "\x01", "\x1b", "\u200b", "\ufeff", "\u180e", "é", "#", "𝔸"]
    values = ["", "Kabul", *(f"{s}Kabul{s}" for s in spaces), *(f"{o}x{o}" for o in others),
              "".join(spaces), " Mosul\u3000\u00a0", "\u2028\t Ar Ramadi \x1c"]
    con = duckdb.connect()
    got = con.execute(f"SELECT {py_strip('v')}, {py_text('v')} FROM unnest(?) t(v)", [values]).fetchall()
    assert got == [(v.strip(), v.strip() or None) for v in values]


def test_a_utf8_file_is_hashed_and_detected_in_one_pass_across_chunk_edges(data_dir: Path, tmp_path: Path) -> None:
    """A real ACLED file (Kenya: typographic quotes in its notes) written over and over past the reader's chunk,
    a character of several bytes cut by the chunk's edge: UTF-8, not mixed, and the sha256 of its bytes."""
    src = (data_dir / "acled_kenya_1997_2020/acled_kenya_1997-01-15_2020-01-17.csv").read_bytes()
    header, _, body = src.partition(b"\n")
    assert not body.isascii()
    lines = body.splitlines(keepends=True)
    pad = next(line for line in lines if line.isascii())
    accented = next(line for line in lines if not line.isascii())
    cut = next(i for i, byte in enumerate(accented) if byte >= 0xc2)
    out = bytearray(header + b"\n")
    while len(out) + len(pad) < _CHUNK - 1 - cut:
        out += pad
    need = _CHUNK - 1 - cut - len(out)  # a line of blanks, so the character starts at the chunk's last byte
    out += (b" " * (need - 1) + b"\n" if need else b"") + accented
    assert out[_CHUNK - 1] >= 0xc2 and out[_CHUNK] < 0xc0
    out += body * 2
    path = tmp_path / "acled_kenya_repeated.csv"
    path.write_bytes(bytes(out))
    csv_file = CsvFile(path)
    assert (csv_file.encoding, csv_file.mixed) == ("utf-8", False)
    assert csv_file.sha256 == hashlib.sha256(bytes(out)).hexdigest()
    latin = tmp_path / "acled_kenya_cp1252.csv"
    latin.write_bytes(src.decode("utf-8").encode("cp1252", "replace"))
    assert CsvFile(latin).encoding == "cp1252"
