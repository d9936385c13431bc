"""`estimative extract`: one report (file or stdin) or a JSONL batch, to JSON or JSONL.

JSONL in: one `{"id", "text", "published"}` per line. JSONL out: `{"id", "incidents": [...]}`
per line, in input order. A bad line gives a clear error naming the line, never a traceback.
Offsets in `evidence` and `span` refer to the report text; for HTML input that is the text
read from the page, which the output then includes as `text`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

from estimative.extract.document import Document, read_document
from estimative.extract.pipeline import extract


def _result(doc: Document, rid: str | None) -> dict[str, Any]:
    incidents = extract(doc.text, published=doc.published)
    out: dict[str, Any] = {"id": rid, "title": doc.title,
                           "published": doc.published.isoformat() if doc.published else None,
                           "incidents": [i.to_dict() for i in incidents]}
    if doc.is_html:
        out["text"] = doc.text
    return out


def run_extract_cli(file: Path | None, input_jsonl: Path | None, fmt: str, published: str | None, out: IO[str]) -> None:
    """What the CLI runs; raises ValueError or OSError with a message for the user."""
    if file is not None and input_jsonl is not None:
        raise ValueError("give either a report FILE or --input JSONL, not both")
    if input_jsonl is not None:
        _batch(input_jsonl, fmt, published, out)
        return
    if file is None or str(file) == "-":
        raw: bytes | str = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        doc = read_document(raw if isinstance(raw, bytes) else raw.encode("utf-8"), published=published)
        rid = "stdin"
    else:
        path = Path(file)
        if not path.is_file():
            raise ValueError(f"no such file: {path}")
        doc = read_document(path, published=published)
        rid = path.name
    result = _result(doc, rid)
    if fmt == "jsonl":
        out.write(json.dumps({"id": rid, "incidents": result["incidents"]}, ensure_ascii=False) + "\n")
    else:
        out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


def batch_line(line: str, n: int, where: object) -> dict[str, Any] | None:
    """One line of a JSONL batch as its object, None for a blank line; ValueError naming the line."""
    if not line.strip():
        return None
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}:{n}: not JSON ({exc.msg})") from exc


def batch_record(row: Any, n: int, where: object, published: str | None) -> dict[str, Any]:
    """The `{"id", "incidents"}` record `--format jsonl` prints for the report of row `n` (its id,
    else `n`). The Spark engine makes its rows with this too (estimative.spark.extract)."""
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise ValueError(f'{where}:{n}: each line needs {{"id", "text", "published"}} with "text" a string')
    doc = read_document(row["text"], published=row.get("published") or published)
    return {"id": row.get("id", n), "incidents": [i.to_dict() for i in extract(doc.text, published=doc.published)]}


def _batch(path: Path, fmt: str, published: str | None, out: IO[str]) -> None:
    if not Path(path).is_file():
        raise ValueError(f"no such file: {path}")
    results = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            row = batch_line(line, n, path)
            if row is None:
                continue
            rec = batch_record(row, n, path, published)
            if fmt == "jsonl":
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                results.append(rec)
    if fmt != "jsonl":
        out.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
