"""One evaluation harness: each kind (extract, attribution, forecast) is a module with
`DATASETS`, `evaluate(dataset, data_dir, predictions=None) -> dict` and `markdown(results) -> str`.

`run_all` runs every kind on every dataset and (with write_docs) regenerates docs/evaluation.md,
so the figures in the docs always come from this command, never from typing.
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

KINDS: dict[str, str] = {
    "extract": "estimative.eval.extraction",
    "attribution": "estimative.eval.attribution",
    "forecast": "estimative.eval.forecast",
    "response": "estimative.eval.response",
}


class EvalError(Exception):
    """A problem the user can fix (missing data, unknown dataset): said in one sentence."""


def resolve_data_dir(data_dir: Path | None) -> Path:
    """--data-dir, else $ESTIMATIVE_DATA_DIR, else ../shared/data beside the working directory."""
    candidates = [data_dir] if data_dir else []
    if os.environ.get("ESTIMATIVE_DATA_DIR"):
        candidates.append(Path(os.environ["ESTIMATIVE_DATA_DIR"]))
    candidates += [Path.cwd().parent / "shared" / "data", Path(__file__).resolve().parents[4] / "shared" / "data"]
    for c in candidates:
        if c and c.is_dir():
            return c.resolve()
    raise EvalError("no data folder found: pass --data-dir DIR (the folder holding rand_rdwti/, sigacts_iraq/, ...)")


def _module(kind: str) -> Any:
    if kind not in KINDS:
        raise EvalError(f"unknown evaluation {kind!r}: use one of {', '.join(KINDS)}")
    return importlib.import_module(KINDS[kind])


def run_eval(kind: str, dataset: str, data_dir: Path, predictions: Path | None = None) -> dict[str, Any]:
    mod = _module(kind)
    if dataset not in mod.DATASETS:
        raise EvalError(f"eval {kind} knows the datasets {', '.join(mod.DATASETS)}, not {dataset!r}")
    result = mod.evaluate(dataset, data_dir, predictions=predictions)
    result.setdefault("kind", kind)
    result.setdefault("dataset", dataset)
    return result


def run_all(data_dir: Path, write_docs: bool = False, docs_dir: Path | None = None) -> dict[str, Any]:
    results: dict[str, dict[str, Any]] = {}
    sections: list[str] = []
    docs = docs_dir or Path.cwd() / "docs"
    for kind in KINDS:
        try:
            mod = _module(kind)
        except ModuleNotFoundError:
            continue
        results[kind] = {ds: run_eval(kind, ds, data_dir) for ds in mod.DATASETS}
        sections.append(mod.markdown(results[kind], docs_dir=docs) if write_docs else "")
    if write_docs:
        from estimative.eval.report import write_evaluation_doc, write_skill

        write_evaluation_doc(docs / "evaluation.md", sections)
        write_skill(Path(__file__).with_name("skill.json"), results)
    return results
