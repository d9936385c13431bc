"""Command line: parses arguments, calls the library, renders output. No logic of its own.

Each command imports its stage lazily so `estimative stats` does not pay for spaCy.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="estimative: incident reports in, sourced and calibrated assessments out.")
err = Console(stderr=True)
DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB file (default: $ESTIMATIVE_DB or the user data dir)")]


def fail(message: str, code: int = 1) -> NoReturn:
    """A clear message and a non-zero exit, never a traceback."""
    typer.echo(f"error: {message}", err=True)  # one plain line: scripts and tests read it
    raise typer.Exit(code)


@contextmanager
def _status(what: str) -> Iterator[None]:
    """A spinner on stderr (when it is a terminal) that shows what the library reports doing, so a
    step that takes long (learning attribution weights for a new region) says so."""
    if not err.is_terminal:
        yield
        return

    class ToStatus(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            status.update(f"{what}: {record.getMessage()}")

    handler, logger = ToStatus(logging.INFO), logging.getLogger("estimative.pipeline")
    old_level = logger.level
    with err.status(what) as status:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.setLevel(old_level)


def _store(db: Path | None, seed: bool = True) -> Any:
    from estimative.store.seed import open_store

    try:
        return open_store(db, seed=seed)
    except Exception as exc:  # a locked or corrupt file: say what to do
        fail(f"cannot open the store {db or ''}: {exc}. Close other estimative processes using it, "
             "or pass another file with --db.")


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


class SourceName(StrEnum):
    acled = "acled"
    ucdp = "ucdp"
    gtd = "gtd"
    rand = "rand"
    sigacts = "sigacts"
    csv = "csv"


class Fmt(StrEnum):
    text = "text"
    json = "json"


class Engine(StrEnum):
    local = "local"
    spark = "spark"


@app.command()
def ingest(path: Path, source: Annotated[SourceName, typer.Option("--source", help="dataset format")],
           db: DbOpt = None,
           mapping: Annotated[Path | None, typer.Option(help="YAML column mapping (for --source csv)")] = None,
           fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.text,
           engine: Annotated[Engine | None, typer.Option("--engine", help="spark: map the file to events as "
                                                  "Parquet in --output (then `estimative import` it)")] = None,
           output: Annotated[Path | None, typer.Option("--output", help="with --engine spark: a new folder")] = None,
           master: Annotated[str | None, typer.Option("--master", help="Spark master URL (default local[*])")] = None,
           ) -> None:
    """Ingest a dataset file: every row is stored or quarantined with a reason; all or nothing per file.

    While `estimative serve` runs on the same store, the file is handed to the server to ingest
    (it holds the store's write lock); set ESTIMATIVE_API_TOKEN to the server's token.
    With --engine spark the file is mapped on Spark to a folder of Parquet instead (no store)."""
    if engine != Engine.spark and (output is not None or master is not None):
        fail("--output and --master are for --engine spark")
    if engine == Engine.spark:
        _ingest_spark(path, source.value, mapping, output, master, fmt)
        return
    from estimative.sources import IngestError, ingest_path
    from estimative.store.database import default_db_path
    from estimative.web.handoff import HandoffError, ingest_via_server, running_server

    url = running_server(db or default_db_path())
    if url is not None:
        err.print(f"the workbench at {url} holds the store: ingesting through it")
        try:
            result = ingest_via_server(url, os.environ.get("ESTIMATIVE_API_TOKEN"), path, source.value, mapping)
        except HandoffError as exc:
            fail(str(exc))
    else:
        store = _store(db)
        try:
            result = ingest_path(store, path, source.value, mapping=mapping, progress=fmt == Fmt.text).to_dict()
        except IngestError as exc:
            fail(str(exc))
        finally:
            store.close()
    _print_ingest(path, result, fmt)


def _print_ingest(path: Path, r: dict[str, Any], fmt: Fmt) -> None:
    """What `ingest` and `import` print: the report as JSON, or one line and the reader's notes."""
    if fmt == Fmt.json:
        _print_json(r)
        return
    err.print(f"{path}: read {r['rows_read']:,} rows; stored {r['stored']:,} "
              f"(added {r['added']:,}, revised {r['revised']:,}, unchanged {r['unchanged']:,}); "
              f"quarantined {r['quarantined']:,}" + (f"; encoding {r['encoding']}" if r.get("encoding") else ""))
    for note in r.get("notes") or []:
        err.print(f"  {note}")


def _ingest_spark(path: Path, source: str, mapping: Path | None, output: Path | None, master: str | None,
                  fmt: Fmt) -> None:
    from estimative.spark.ingest import SparkIngestError, ingest_spark
    from estimative.spark.session import SparkUnavailable, spark_session

    if output is None:
        fail("--engine spark writes a folder of Parquet: give --output DIR")
    try:
        report = ingest_spark(spark_session(master, "estimative-ingest"), path, source, output, mapping).to_dict()
    except (SparkIngestError, SparkUnavailable) as exc:
        fail(str(exc))
    if fmt == Fmt.json:
        _print_json(report)
        return
    err.print(f"{path}: read {report['rows_read']:,} rows; wrote {report['stored']:,} events and "
              f"{report['quarantined']:,} quarantined rows to {output} (`estimative import {output}` stores them)")


@app.command("import")
def import_(folder: Annotated[Path, typer.Argument(help="a folder written by `ingest --engine spark`")],
            db: DbOpt = None, fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.text) -> None:
    """Store the events and quarantine of an `ingest --engine spark` folder, as one ingest: all or
    nothing, and importing it again adds nothing."""
    from estimative.spark.ingest import SparkIngestError, import_dir

    store = _store(db)
    try:
        _print_ingest(folder, import_dir(store, folder).to_dict(), fmt)
    except SparkIngestError as exc:
        fail(str(exc))
    finally:
        store.close()


@app.command()
def stats(db: DbOpt = None, fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.text) -> None:
    """Counts of stored and quarantined rows, by source; stored reports and their incidents; coverage."""
    store = _store(db)
    s = store.stats()
    store.close()
    if fmt == Fmt.json:
        _print_json(s)
        return
    from rich.table import Table

    t = Table("source", "events", "quarantined")
    for src, v in s["by_source"].items():
        t.add_row(src, f"{v['events']:,}", f"{v['quarantined']:,}")
    t.add_row("[b]all", f"[b]{s['events']:,}", f"[b]{s['quarantined']:,}")
    Console().print(t)
    Console().print(f"{s['reports']:,} stored reports, {s['incidents']:,} incidents from them. "
                    "What the store covers: `estimative coverage`.")


@app.command()
def coverage(country: Annotated[str | None, typer.Option("--country", help="one country (ISO 3166-1 alpha-3)")] = None,
             db: DbOpt = None, fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.text) -> None:
    """What the store holds: events per source x country x month (and admin-1)."""
    if country is not None and not (len(country) == 3 and country.isalpha()):
        fail(f"--country {country!r} is not an ISO 3166-1 alpha-3 code (e.g. SOM, IRQ)")
    store = _store(db)
    try:
        c = store.coverage(country.upper() if country else None)
    except RuntimeError as exc:
        fail(str(exc))
    finally:
        store.close()
    if fmt == Fmt.json:
        _print_json(c)
        return
    if not c["countries"]:
        where = f" for {country.upper()}" if country else ""
        Console().print(f"The store holds no events{where}. Ingest a dataset that covers it: "
                        "estimative ingest PATH --source acled|ucdp|gtd|rand|sigacts|csv")
        return
    Console().print(_coverage_table(c["countries"][0]) if country else _countries_table(c))


def _countries_table(c: dict[str, Any]) -> Any:
    """One row per country: its events, months and sources."""
    from rich.table import Table

    t = Table("country", "events", "from", "to", "sources", "admin-1 (most events)",
              title=f"{c['events']:,} events, {c['first_month']} to {c['last_month']}")
    for e in c["countries"]:
        top = sorted(e["admin1"].items(), key=lambda kv: -kv[1])[:3]
        t.add_row(e["country"] or "(unplaced)", f"{e['events']:,}", e["first_month"], e["last_month"],
                  ", ".join(f"{k} {v:,}" for k, v in e["sources"].items()), ", ".join(f"{k} {v:,}" for k, v in top))
    return t


def _coverage_table(e: dict[str, Any]) -> Any:
    """One country: a row per month, a column per source."""
    from rich.table import Table

    sources = sorted(e["sources"])
    months: dict[str, dict[str, int]] = {}
    for m in e["months"]:
        months.setdefault(m["month"], {})[m["source"]] = m["events"]
    t = Table("month", *sources, title=f"{e['country'] or '(unplaced)'}: {e['events']:,} events, "
                                       f"{e['first_month']} to {e['last_month']}")
    for month, by_source in sorted(months.items()):
        t.add_row(month, *(f"{by_source[s]:,}" if s in by_source else "" for s in sources))
    return t


@app.command()
def quarantine(db: DbOpt = None, source: str | None = None, limit: int = 50,
               fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.text) -> None:
    """List rejected rows with their file, line and reason."""
    store = _store(db, seed=False)
    rows = store.quarantine(source=source, limit=limit)
    store.close()
    if fmt == Fmt.json:
        _print_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['source']}\t{r['file']}:{r['line']}\t{r['reason']}\t{(r['raw'] or '')[:120]}")


class ExportFmt(StrEnum):
    parquet = "parquet"
    csv = "csv"
    geojson = "geojson"


@app.command()
def export(output: Path, fmt: Annotated[ExportFmt, typer.Option("--format")] = ExportFmt.parquet,
           db: DbOpt = None, as_of: Annotated[str | None, typer.Option("--as-of")] = None) -> None:
    """Write the stored events (as known at --as-of) as Parquet (partitioned by source), CSV or GeoJSON."""
    store = _store(db)
    n = store.export(output, fmt.value, as_of=as_of)
    store.close()
    err.print(f"wrote {n:,} events to {output}")


class ExtractFmt(StrEnum):
    json = "json"
    jsonl = "jsonl"


@app.command()
def extract(file: Annotated[Path | None, typer.Argument(help="a report (text or HTML); - for stdin")] = None,
            input: Annotated[Path | None, typer.Option("--input", help="JSONL of {id, text, published}")] = None,
            fmt: Annotated[ExtractFmt, typer.Option("--format")] = ExtractFmt.json,
            published: Annotated[str | None, typer.Option(help="publication date of the report")] = None,
            output: Annotated[Path | None, typer.Option("--output", help="with --input (JSONL or Parquet): write "
                                                        "Parquet of {id, incidents as JSON text}")] = None,
            engine: Annotated[Engine | None, typer.Option("--engine", help="with --output: one process, or Spark")] = None,
            master: Annotated[str | None, typer.Option("--master", help="Spark master URL (default local[*])")] = None,
            ) -> None:
    """Find the incidents in a report, each field with its evidence spans."""
    if (output is not None or engine is not None) and (input is None or output is None):
        fail("--engine and --output go together with --input (JSONL or Parquet)")
    try:
        if output is not None and input is not None:
            from estimative.spark.extract import run_extract_engine

            n = run_extract_engine(input, output, (engine or Engine.local).value, master, published)
            err.print(f"wrote {n:,} reports' incidents to {output}")
            return
        from estimative.extract import run_extract_cli

        run_extract_cli(file, input, fmt.value, published, sys.stdout)
    except (OSError, ValueError, RuntimeError) as exc:
        fail(str(exc))


class BriefFmt(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    json = "json"


@app.command()
def assess(file: Annotated[str, typer.Argument(help="report file (text or HTML), or - for stdin")],
           as_of: Annotated[str | None, typer.Option("--as-of", help="assess as of this date (default: the report's)")] = None,
           db: DbOpt = None, fmt: Annotated[BriefFmt, typer.Option("--format")] = BriefFmt.md,
           output: Annotated[Path | None, typer.Option("--output", "-o")] = None) -> None:
    """Assess a report: incidents, attribution, context, links, escalation, outlook."""
    from estimative.assess import AssessmentError, assess, read_input
    from estimative.brief import render

    try:
        text = read_input(file)  # before the store is opened: a bad input costs nothing
    except AssessmentError as exc:
        fail(str(exc))
    store = _store(db)
    try:
        with _status("assessing the report"):
            result = assess(text, as_of=as_of, store=store, source=None if file == "-" else Path(file).name)
            body = render(result, fmt.value)
    except AssessmentError as exc:
        fail(str(exc))
    finally:
        store.close()
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        (output.write_bytes(body) if isinstance(body, bytes) else output.write_text(body, encoding="utf-8"))
        err.print(f"wrote {output}")
    elif isinstance(body, bytes):
        sys.stdout.buffer.write(body)
    else:
        sys.stdout.write(body)


class EvalKind(StrEnum):
    extract = "extract"
    attribution = "attribution"
    forecast = "forecast"
    response = "response"
    all = "all"


@app.command("eval")
def evaluate(kind: EvalKind,
             dataset: Annotated[str | None, typer.Option("--dataset", help="extract: rand, muc4, muc4-keys, gtd, acled; attribution: rand, curated, acled, gtd; forecast: sigacts, ucdp, acled_sahel, acled_kenya, ucdp_iraq, ucdp_nigeria; response: ucdp, acled, curated")] = None,
             data_dir: Annotated[Path | None, typer.Option("--data-dir", help="folder with the shared datasets")] = None,
             fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.text,
             predictions: Annotated[Path | None, typer.Option("--predictions", help="write per-item predictions (JSONL)")] = None,
             write_docs: Annotated[bool, typer.Option("--write-docs", help="(all) regenerate docs/evaluation.md")] = False) -> None:
    """Score extraction, attribution, forecasts or responses on the shared datasets (time splits only)."""
    from estimative.eval import EvalError, resolve_data_dir, run_all, run_eval

    try:
        root = resolve_data_dir(data_dir)
        if kind == EvalKind.all:
            result = run_all(root, write_docs=write_docs)
        else:
            if not dataset:
                fail("--dataset is required (e.g. --dataset rand)")
            result = run_eval(kind.value, dataset, root, predictions=predictions)
    except EvalError as exc:
        fail(str(exc))
    if fmt == Fmt.json:
        _print_json(result)
    else:
        from estimative.eval.report import print_result

        print_result(result)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, db: DbOpt = None,
          access_log: Annotated[bool, typer.Option(help="log every request (costs a tenth of a "
                                                        "millisecond each)")] = False,
          watch: Annotated[list[str] | None, typer.Option("--watch", help="also watch this feed (repeatable; "
                                                                         "docs/watch.md)")] = None,
          interval: Annotated[float, typer.Option("--interval", help="seconds between watch passes")] = 300.0) -> None:
    """Serve the web workbench and API (binds 127.0.0.1 unless told otherwise)."""
    import uvicorn

    from estimative.store.database import default_db_path
    from estimative.web.app import create_app
    from estimative.web.handoff import announce, withdraw

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/] binding {host}: the workbench is reachable from other machines.")
    app_ = create_app(db)
    store_path = db or default_db_path()
    announce(store_path, f"http://{'[::1]' if host == '::1' else host}:{port}")  # so `ingest` can hand files over
    watching = None
    if watch:
        from estimative.watch.runner import serve_watch

        watching = serve_watch(app_.state.workbench, watch, interval)
    try:
        uvicorn.run(app_, host=host, port=port, log_level="info", access_log=access_log)
    finally:
        if watching:
            watching.stop()
        withdraw(store_path)


@app.command()
def watch(feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs")],
          once: Annotated[bool, typer.Option("--once", help="one pass, then exit")] = False,
          interval: Annotated[float, typer.Option("--interval", help="seconds between passes")] = 300.0,
          delay: Annotated[float, typer.Option("--delay", help="seconds between two requests to one host")] = 1.0,
          db: DbOpt = None, fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.text) -> None:
    """Poll feeds; fetch, assess and store each new item; merge reports of one event (docs/watch.md)."""
    import logging

    from estimative.watch.runner import Watcher

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request: the watch logs what matters
    if interval <= 0 or delay < 0:
        fail("--interval must be positive and --delay not negative")
    store = _store(db)
    watcher = Watcher(store, feeds, delay=delay)
    try:
        if once:
            summary = watcher.run_once().to_dict()
            _print_json(summary) if fmt == Fmt.json else Console().print(summary)
        else:
            watcher.run(interval)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.close()
        store.close()


@app.command()
def demo(db: DbOpt = None, out: Annotated[Path, typer.Option(help="where to write the brief")] = Path("out/demo")) -> None:
    """Seed a store from the bundled knowledge, assess the bundled example report, say where the brief is."""
    from estimative.demo import run_demo

    run_demo(db, out)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
