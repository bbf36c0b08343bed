#!/usr/bin/env python3
"""Query benchmark (issue #6): Tarn against DuckDB and Polars on iNaturalist-shaped manifests.

Six queries and two conversions over the tables of Benchmarks/datagen/inat.py, each
answered by three engines:
  tarn     the whole process `tarn query --format csv SQL > /dev/null` (or `tarn convert
           IN OUT`), so start-up, planning and CSV formatting are included. Its peak RSS
           comes from one extra untimed run under GNU time (wait4 on a child of this
           process would report this process's own size; see TarnEngine._peak_rss).
  duckdb   in-process, threads = cores, the same SQL text over the same files
           (`FROM '/path/x.parquet'`), the result fetched whole as an Arrow table.
  polars   in-process, the same query written as a lazy plan over scan_parquet,
           collected into a DataFrame.

Before anything is timed, a correctness pass runs every engine once and compares
the answers: in order where the query has ORDER BY, as multisets otherwise; floats
within 1e-9 relative. Conversions are checked by reading the written file back
(DuckDB) and fingerprinting every column's text form against the source table; the
Parquet output must be zstd. A wrong answer is marked in the table and gets no ratio.
Tarn's correctness run uses `--format ndjson` (typed values); the timed runs use
`--format csv`, whose row count is checked to match.

A tarn query that exits non-zero with a message (say, "unsupported") is reported as
not available; a crash (killed by a signal) or a time-out is a failure.

Modes:
  default    every query at --observations N (default 1,000,000), best of --runs (5);
             JSON and Markdown to bench-data/results/query-N.{json,md}.
  --scaling  queries 1, 2, 4, 6 at 100k and 1M (and 10M with --big): time growth
             and tarn's peak RSS per scale; bench-data/results/query-scaling.{json,md}.
  --smoke    20k observations, 1 run each: every engine runs and agrees. Exits non-zero
             on a mismatch or a crash; prints `smoke: N passed, M failed, K not available`.
"""

from __future__ import annotations

import argparse
import csv
import gc
import inspect
import io
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from benchlib import (ROOT, ChildRun, LoadMeter, best_and_median, describe_load, ensure_inat, git_commit, machine,
                      run_child, startup_seconds, swift_version, timestamp)

DEFAULT_OBSERVATIONS = 1_000_000
SMOKE_OBSERVATIONS = 20_000
SCALING_OBSERVATIONS = (100_000, 1_000_000)
BIG_OBSERVATIONS = 10_000_000
SCALING_TASKS = ("1", "2", "4", "6")
ENGINES = ("tarn", "duckdb", "polars")
TIMED_FORMAT = "csv"  # what `tarn query` prints while timed; the output goes to /dev/null
REL_TOL = 1e-9

# Imported in main() once POLARS_MAX_THREADS is set: polars reads it at import.
pl: Any = None
duckdb: Any = None
pa: Any = None
pq: Any = None


# ---------------------------------------------------------------------------
# The workload. SQL is DuckDB's dialect and goes to tarn verbatim; {observations},
# {photos} and {taxa} become quoted absolute paths of the Parquet files.


def polars_1(t):
    return (t.observations.filter((pl.col("quality_grade") == "research") & pl.col("latitude").is_between(30, 50))
            .select(pl.len().alias("n")))


def polars_2(t):
    return (t.observations.filter(pl.col("quality_grade") == "research")
            .group_by("taxon_id").agg(pl.len().alias("n"))
            .sort(["n", "taxon_id"], descending=[True, False]).head(10))


def polars_3(t):
    research = t.observations.filter(pl.col("quality_grade") == "research").select("observation_uuid")
    return (t.photos.join(research, on="observation_uuid", how="inner")
            .group_by("license").agg(pl.len().alias("photos"), pl.col("width").mean().alias("avg_width"))
            .sort("license"))


def polars_4(t):
    return (t.observations.group_by(pl.col("observed_on").dt.year().alias("observed_year"))
            .agg(pl.len().alias("n"), pl.col("positional_accuracy").mean().alias("avg_accuracy"))
            .sort("observed_year", nulls_last=True))


def polars_5(t):
    animals = t.taxa.filter(pl.col("ancestry").str.starts_with("48460/1/")).select("taxon_id", "name")
    research = t.observations.filter(pl.col("quality_grade") == "research").select("observation_uuid", "taxon_id")
    return (t.photos.filter(pl.col("license").is_in(["CC0", "CC-BY-SA"]))
            .select("photo_id", "extension", "license", "observation_uuid")
            .join(research, on="observation_uuid", how="inner")
            .join(animals, on="taxon_id", how="inner")
            .select("photo_id", "extension", "license", "taxon_id", "name"))


def polars_6(t):
    return (t.observations.group_by("quality_grade")
            .agg(pl.col("observer_id").drop_nulls().n_unique().alias("observers"),
                 pl.col("observed_on").min().alias("first_observed"),
                 pl.col("observed_on").max().alias("last_observed"))
            .sort("quality_grade"))


@dataclass(frozen=True)
class Query:
    id: str
    title: str
    sql: str
    polars: Callable
    ordered: bool  # compare row order too (the SQL has ORDER BY)
    kind: str = "query"


@dataclass(frozen=True)
class Conversion:
    id: str
    title: str
    source: str  # "tsv.gz" or "parquet": which copy of observations is read
    target: str  # "parquet" or "csv"
    kind: str = "convert"


TASKS: list[Query | Conversion] = [
    Query("1", "filter + count",
          "SELECT count(*) AS n FROM {observations} "
          "WHERE quality_grade = 'research' AND latitude BETWEEN 30 AND 50",
          polars_1, ordered=True),
    Query("2", "top-10 taxa, research grade",
          "SELECT taxon_id, count(*) AS n FROM {observations} WHERE quality_grade = 'research' "
          "GROUP BY taxon_id ORDER BY n DESC, taxon_id LIMIT 10",
          polars_2, ordered=True),
    Query("3", "photos ⋈ observations by license",
          "SELECT p.license, count(*) AS photos, avg(p.width) AS avg_width "
          "FROM {photos} AS p JOIN {observations} AS o ON p.observation_uuid = o.observation_uuid "
          "WHERE o.quality_grade = 'research' GROUP BY p.license ORDER BY p.license",
          polars_3, ordered=True),
    Query("4", "histogram by year",
          "SELECT year(observed_on) AS observed_year, count(*) AS n, avg(positional_accuracy) AS avg_accuracy "
          "FROM {observations} GROUP BY year(observed_on) ORDER BY observed_year NULLS LAST",
          polars_4, ordered=True),
    # At 1M observations this returns 98,287 rows (2.5M photos -> 287k CC0/CC-BY-SA ->
    # research grade -> Animalia below the kingdom). The IN list was tuned for ~100k.
    Query("5", "3-way label filter (~100k rows)",
          "SELECT p.photo_id, p.extension, p.license, t.taxon_id, t.name "
          "FROM {photos} AS p JOIN {observations} AS o ON p.observation_uuid = o.observation_uuid "
          "JOIN {taxa} AS t ON o.taxon_id = t.taxon_id "
          "WHERE t.ancestry LIKE '48460/1/%' AND p.license IN ('CC0', 'CC-BY-SA') AND o.quality_grade = 'research'",
          polars_5, ordered=False),
    Query("6", "distinct observers, date range",
          "SELECT quality_grade, count(DISTINCT observer_id) AS observers, min(observed_on) AS first_observed, "
          "max(observed_on) AS last_observed FROM {observations} GROUP BY quality_grade ORDER BY quality_grade",
          polars_6, ordered=True),
    Conversion("7a", "convert observations TSV.gz → Parquet", source="tsv.gz", target="parquet"),
    Conversion("7b", "convert observations Parquet → CSV", source="parquet", target="csv"),
]
TASK_BY_ID = {t.id: t for t in TASKS}


@dataclass
class DataSet:
    dir: Path
    observations: int

    def parquet(self, table: str) -> Path:
        return self.dir / f"{table}.parquet"

    def tsv(self, table: str) -> Path:
        return self.dir / f"{table}.csv.gz"

    def sql(self, query: Query) -> str:
        return query.sql.format(**{t: f"'{self.parquet(t)}'" for t in ("observations", "photos", "taxa")})

    def conversion_input(self, conv: Conversion) -> Path:
        return self.tsv("observations") if conv.source == "tsv.gz" else self.parquet("observations")

    def describe(self) -> dict:
        manifest = self.dir / "inat-manifest.json"
        rows = json.loads(manifest.read_text()).get("rows", {}) if manifest.exists() else {}
        files = {p.name: p.stat().st_size for p in sorted(self.dir.iterdir()) if p.suffix in (".parquet", ".gz")}
        return {"dir": str(self.dir), "observations": self.observations, "rows": rows, "bytes": files}


class LazyTables:
    """Fresh scan_parquet plans, built inside the timed region like the rest of the query."""

    def __init__(self, data: DataSet):
        self.data = data

    def __getattr__(self, table: str):
        return pl.scan_parquet(self.data.parquet(table))


# ---------------------------------------------------------------------------
# Outcomes and results


@dataclass
class Outcome:
    """What one engine did for one task, once."""

    status: str  # ok | unavailable | crash | timeout | error
    seconds: float | None = None
    peak_rss_kib: int | None = None
    result: Any = None  # Rows for queries, a fingerprint dict for conversions
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class Rows:
    columns: list[str]
    rows: list[tuple]


def canonical(value: Any) -> Any:
    """A value in a form every engine's output reduces to: int, float, str or None."""
    if value is None or isinstance(value, (int, float, str)):
        return int(value) if isinstance(value, bool) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def rows_from_arrow(table) -> Rows:
    columns = table.column_names
    lists = [[canonical(v) for v in col.to_pylist()] for col in table.columns]
    return Rows(columns, list(zip(*lists)) if lists else [])


def rows_from_ndjson(text: str) -> Rows:
    columns: list[str] = []
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if not columns:
            columns = list(record)
        rows.append(tuple(canonical(v) for v in record.values()))
    return Rows(columns, rows)


def same_value(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)
    return a == b


def sort_key(row: tuple) -> tuple:
    key = []
    for v in row:
        if v is None:
            key.append((0, 0))
        elif isinstance(v, (int, float)):
            key.append((1, float(f"{v:.9g}")))  # rounded, so values equal within tolerance sort alike
        else:
            key.append((2, str(v)))
    return tuple(key)


def compare_rows(got: Rows, want: Rows, ordered: bool) -> str | None:
    """None if the results agree, else what differs."""
    if len(got.rows) != len(want.rows):
        return f"{len(got.rows):,} rows, expected {len(want.rows):,}"
    width_got = len(got.rows[0]) if got.rows else len(got.columns)
    width_want = len(want.rows[0]) if want.rows else len(want.columns)
    if width_got != width_want:
        return f"{width_got} columns, expected {width_want}"
    a, b = (got.rows, want.rows) if ordered else (sorted(got.rows, key=sort_key), sorted(want.rows, key=sort_key))
    for i, (x, y) in enumerate(zip(a, b)):
        if not all(same_value(u, v) for u, v in zip(x, y)):
            where = f"row {i}" if ordered else f"sorted row {i}"
            return f"{where}: {_short(x)} but expected {_short(y)}"
    return None


def _short(row: tuple) -> str:
    text = repr(row)
    return text if len(text) <= 160 else text[:157] + "..."


# ---------------------------------------------------------------------------
# Conversion outputs: read back with DuckDB and fingerprinted column by column.


class Fingerprinter:
    """Per column: non-null count and a sum of hashes of the value's text (CAST AS VARCHAR).

    Text, so that a converter may pick another but equivalent type (BIGINT for int32,
    VARCHAR for a date it didn't infer) while any changed value, lost null or rounded
    float still shows. Order-insensitive: the sum doesn't care about row order.
    """

    def __init__(self):
        self.con = duckdb.connect(":memory:")

    def of(self, relation: str) -> dict:
        desc = self.con.sql(f"DESCRIBE SELECT * FROM {relation}").fetchall()
        names, types = [d[0] for d in desc], [d[1] for d in desc]
        parts = ["count(*)"]
        for n in names:
            q = '"' + n.replace('"', '""') + '"'
            parts += [f"count({q})", f"sum(hash(CAST({q} AS VARCHAR)))"]
        values = self.con.sql(f"SELECT {', '.join(parts)} FROM {relation}").fetchall()[0]
        columns = [{"name": n, "type": t, "non_null": values[1 + 2 * i], "text_hash": str(values[2 + 2 * i])}
                   for i, (n, t) in enumerate(zip(names, types))]
        return {"rows": values[0], "columns": columns}

    def of_parquet(self, path: Path) -> dict:
        with open(path, "rb") as f:
            head = f.read(4)
        if head != b"PAR1":
            raise ValueError(f"{path.name} is not Parquet (starts with {head!r})")
        fp = self.of(f"read_parquet('{path}')")
        meta = pq.ParquetFile(path).metadata
        codecs = sorted({meta.row_group(g).column(c).compression
                         for g in range(meta.num_row_groups) for c in range(meta.num_columns)})
        fp["compression"] = codecs
        fp["row_groups"] = meta.num_row_groups
        return fp

    def of_csv(self, path: Path) -> dict:
        with open(path, "rb") as f:
            head = f.read(4)
        if head == b"PAR1":
            raise ValueError(f"{path.name} is Parquet, not CSV")
        return self.of(f"read_csv('{path}', header = true)")


def compare_fingerprints(got: dict, want: dict, target: str) -> str | None:
    if got["rows"] != want["rows"]:
        return f"{got['rows']:,} rows, expected {want['rows']:,}"
    names_got = [c["name"] for c in got["columns"]]
    names_want = [c["name"] for c in want["columns"]]
    if names_got != names_want:
        return f"columns {names_got}, expected {names_want}"
    for g, w in zip(got["columns"], want["columns"]):
        if g["non_null"] != w["non_null"]:
            return f"column {g['name']}: {g['non_null']:,} non-null values, expected {w['non_null']:,}"
        if g["text_hash"] != w["text_hash"]:
            return f"column {g['name']} ({g['type']}): values differ from the source ({w['type']})"
    if target == "parquet" and got.get("compression") != ["ZSTD"]:
        return f"Parquet compression {got.get('compression')}, expected zstd"
    return None


# ---------------------------------------------------------------------------
# Engines. check(task) runs once and returns the answer; time(task) runs once, timed.


class TarnEngine:
    name = "tarn"

    def __init__(self, binary: Path, data: DataSet, scratch: Path, timeout: float):
        self.binary, self.data, self.scratch, self.timeout = binary, data, scratch, timeout
        self.missing = None
        self.rss_kib: dict[str, int | None] = {}  # task id -> peak RSS of one untimed run (see _peak_rss)
        if not binary.is_file() or not os.access(binary, os.X_OK):
            self.missing = f"{binary} not found (swift build -c release --product tarn)"

    def describe(self) -> str:
        return f"whole process, `tarn query --format {TIMED_FORMAT} SQL` > /dev/null; `tarn convert IN OUT`"

    def _argv(self, task, fmt: str = TIMED_FORMAT) -> tuple[list[str], Path | None]:
        if task.kind == "query":
            return [str(self.binary), "query", "--format", fmt, self.data.sql(task)], None
        out = self.scratch / f"tarn-{task.id}.{task.target}"
        return [str(self.binary), "convert", str(self.data.conversion_input(task)), str(out)], out

    def _failure(self, run: ChildRun, what: str) -> Outcome | None:
        if run.timed_out:
            return Outcome("timeout", message=f"{what} ran over {self.timeout:.0f}s")
        if run.crashed:
            return Outcome("crash", message=f"{what} killed by signal {-run.returncode}: {run.last_error_line()}")
        if run.returncode != 0:
            return Outcome("unavailable", message=f"{what} exited {run.returncode}: {run.last_error_line()}")
        return None

    def check(self, task, fingerprint: Fingerprinter) -> Outcome:
        if self.missing:
            return Outcome("unavailable", message=self.missing)
        what = f"`tarn {task.kind}`"
        if task.kind == "query":
            with tempfile.TemporaryFile() as out:
                argv, _ = self._argv(task, "ndjson")
                run = run_child(argv, self.timeout, stdout=out)
                if failed := self._failure(run, what):
                    return failed
                out.seek(0)
                try:
                    rows = rows_from_ndjson(out.read().decode())
                except (ValueError, UnicodeDecodeError) as e:
                    return Outcome("error", message=f"{what} --format ndjson printed unparseable output: {e}")
            # The timed runs print CSV instead: the same rows, or it isn't the same work.
            with tempfile.TemporaryFile() as out:
                argv, _ = self._argv(task)
                run = run_child(argv, self.timeout, stdout=out)
                if failed := self._failure(run, f"{what} --format {TIMED_FORMAT}"):
                    return failed
                out.seek(0)
                records = sum(1 for _ in csv.reader(io.TextIOWrapper(out, encoding="utf-8", newline="")))
            if records != len(rows.rows) + 1:
                return Outcome("error", message=f"--format {TIMED_FORMAT} printed {records - 1:,} rows "
                                                f"(after a header), --format ndjson {len(rows.rows):,}")
            return Outcome("ok", run.seconds, run.peak_rss_kib, rows)
        argv, out = self._argv(task)
        out.unlink(missing_ok=True)
        run = run_child(argv, self.timeout)
        try:
            if failed := self._failure(run, what):
                return failed
            if not out.exists():
                return Outcome("error", message=f"{what} exited 0 but wrote no {out.name}")
            return Outcome("ok", run.seconds, run.peak_rss_kib, read_back(fingerprint, task, out))
        except Exception as e:  # unreadable output: a wrong answer, not a harness crash
            return Outcome("ok", run.seconds, run.peak_rss_kib, {"unreadable": f"{type(e).__name__}: {e}"})
        finally:
            out.unlink(missing_ok=True)

    def time(self, task) -> Outcome:
        argv, out = self._argv(task)
        if out:
            out.unlink(missing_ok=True)
        run = run_child(argv, self.timeout)
        if out:
            out.unlink(missing_ok=True)
        if failed := self._failure(run, f"`tarn {task.kind}` (timed run)"):
            if failed.status == "unavailable":
                failed.status = "error"  # it worked in the check run: failing now is a failure
            return failed
        if task.id not in self.rss_kib:
            self.rss_kib[task.id] = self._peak_rss(task)
        return Outcome("ok", run.seconds, self.rss_kib[task.id])

    def _peak_rss(self, task) -> int | None:
        """Tarn's true peak RSS for `task`, from one extra untimed run under GNU time.

        `wait4`'s ru_maxrss cannot be used: Linux carries the peak RSS of the forked copy of
        this Python process (which holds DuckDB's and Polars' memory) across exec into the
        child's, so every tarn run read ~this process's size (241 MiB at 20k rows, 934 MiB at 1M).
        GNU time forks tarn from its own small image, so its %M is tarn's own peak.
        """
        launcher = shutil.which("time", path="/usr/bin:/bin")
        if launcher is None:
            return None
        argv, out = self._argv(task)
        with tempfile.NamedTemporaryFile("r") as report:
            run = run_child([launcher, "-f", "%M", "-o", report.name] + argv, self.timeout)
            if out:
                out.unlink(missing_ok=True)
            text = report.read().strip().splitlines()
        if run.returncode != 0 or not text or not text[-1].isdigit():
            return None
        return int(text[-1])


def read_back(fingerprint: Fingerprinter, task: Conversion, out: Path) -> dict:
    return fingerprint.of_parquet(out) if task.target == "parquet" else fingerprint.of_csv(out)


class InProcessEngine:
    """Shared check/time plumbing for DuckDB and Polars: run() does the work and returns the answer."""

    name = ""

    def __init__(self, data: DataSet, scratch: Path):
        self.data, self.scratch = data, scratch

    def output(self, task: Conversion) -> Path:
        return self.scratch / f"{self.name}-{task.id}.{task.target}"

    def check(self, task, fingerprint: Fingerprinter) -> Outcome:
        try:
            t0 = time.perf_counter()
            answer = self.run(task)
            elapsed = time.perf_counter() - t0
            if task.kind == "query":
                result = rows_from_arrow(answer)
            else:
                try:
                    result = read_back(fingerprint, task, self.output(task))
                except Exception as e:
                    result = {"unreadable": f"{type(e).__name__}: {e}"}
            return Outcome("ok", elapsed, result=result)
        except Exception as e:
            return Outcome("error", message=f"{type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}")
        finally:
            if task.kind == "convert":
                self.output(task).unlink(missing_ok=True)

    def time(self, task) -> Outcome:
        gc.collect()
        try:
            t0 = time.perf_counter()
            answer = self.run(task)
            elapsed = time.perf_counter() - t0
        except Exception as e:
            return Outcome("error", message=f"{type(e).__name__}: {e}")
        finally:
            if task.kind == "convert":
                self.output(task).unlink(missing_ok=True)
        del answer
        return Outcome("ok", elapsed)


class DuckDBEngine(InProcessEngine):
    name = "duckdb"

    def __init__(self, data: DataSet, scratch: Path, threads: int):
        super().__init__(data, scratch)
        self.threads = threads
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET threads = {threads}")

    def describe(self) -> str:
        return f"in-process, threads={self.threads}, con.sql(SQL).to_arrow_table(); COPY … TO for conversions"

    def copy_sql(self, task: Conversion) -> str:
        src, out = self.data.conversion_input(task), self.output(task)
        if task.target == "parquet":
            return (f"COPY (SELECT * FROM read_csv('{src}', delim = '\\t', header = true)) "
                    f"TO '{out}' (FORMAT parquet, COMPRESSION zstd)")
        return f"COPY (SELECT * FROM read_parquet('{src}')) TO '{out}' (FORMAT csv, HEADER true)"

    def run(self, task):
        if task.kind == "query":
            return self.con.sql(self.data.sql(task)).to_arrow_table()
        self.con.execute(self.copy_sql(task))
        return None


class PolarsEngine(InProcessEngine):
    name = "polars"

    def describe(self) -> str:
        return (f"in-process, {pl.thread_pool_size()} threads, lazy scan_parquet(...).collect(); "
                "scan_csv(...).sink_parquet / read_parquet(...).write_csv for conversions")

    def run(self, task):
        if task.kind == "query":
            return task.polars(LazyTables(self.data)).collect().to_arrow()
        src, out = self.data.conversion_input(task), self.output(task)
        if task.target == "parquet":
            # try_parse_dates: observed_on becomes a date, as DuckDB's sniffer makes it.
            pl.scan_csv(src, separator="\t", try_parse_dates=True).sink_parquet(out, compression="zstd")
        else:
            pl.read_parquet(src).write_csv(out)
        return None


# ---------------------------------------------------------------------------
# One scale: check, then time


@dataclass
class TaskReport:
    task: Query | Conversion
    checks: dict[str, Outcome] = field(default_factory=dict)
    verdict: dict[str, str] = field(default_factory=dict)  # engine -> ok | mismatch | unchecked | <status>
    verdict_message: dict[str, str] = field(default_factory=dict)
    runs: dict[str, list[Outcome]] = field(default_factory=dict)
    rows: int | None = None
    load: dict | None = None

    def timed(self, engine: str) -> list[float]:
        return [o.seconds for o in self.runs.get(engine, []) if o.ok]

    def failed_run(self, engine: str) -> Outcome | None:
        return next((o for o in self.runs.get(engine, []) if not o.ok), None)

    def status(self, engine: str) -> str:
        """ok | mismatch | unavailable | crash | timeout | error | unchecked | skipped."""
        if engine not in self.verdict:
            return "skipped"
        v = self.verdict[engine]
        if v in ("ok", "unchecked") and (bad := self.failed_run(engine)):
            return bad.status
        return v

    def counts(self, engine: str) -> bool:
        """Whether its times may be compared: it ran, and its answer was right."""
        return self.status(engine) == "ok" and bool(self.timed(engine))


def judge(report: TaskReport, reference: Any | None) -> None:
    """Sets each engine's verdict from its check outcome.

    Queries: the answer most engines agree on is the reference (ties: DuckDB, then
    Polars). Conversions: the source table's fingerprint is the reference.
    """
    task = report.task
    results = {e: o for e, o in report.checks.items() if o.ok}
    for engine, outcome in report.checks.items():
        if not outcome.ok:
            report.verdict[engine] = outcome.status
            report.verdict_message[engine] = outcome.message

    def differs(got, want) -> str | None:
        if task.kind == "query":
            return compare_rows(got, want, task.ordered)
        if "unreadable" in got:
            return f"output unreadable: {got['unreadable']}"
        return compare_fingerprints(got, want, task.target)

    if task.kind == "query":
        order = [e for e in ("duckdb", "polars", "tarn") if e in results]
        if len(order) < 2:
            for e in order:
                report.verdict[e], report.verdict_message[e] = "unchecked", "no second engine to compare with"
            if order:
                report.rows = len(results[order[0]].result.rows)
            return
        agree = {e: sum(compare_rows(results[o].result, results[e].result, task.ordered) is None for o in order)
                 for e in order}
        ref = max(order, key=lambda e: (agree[e], -order.index(e)))
        reference, ref_name = results[ref].result, ref
        report.rows = len(reference.rows)
    else:
        ref_name = "the source table"
        report.rows = reference["rows"]
    for engine, outcome in results.items():
        why = differs(outcome.result, reference)
        report.verdict[engine] = "ok" if why is None else "mismatch"
        if why:
            report.verdict_message[engine] = f"differs from {ref_name}: {why}"


def run_scale(data: DataSet, tasks: list, engine_names: list[str], args, say) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="query-bench-", dir=ROOT / "bench-data"))
    try:
        engines = []
        for name in engine_names:
            if name == "tarn":
                engines.append(TarnEngine(args.tarn, data, scratch, args.timeout))
            elif name == "duckdb":
                engines.append(DuckDBEngine(data, scratch, args.threads))
            else:
                engines.append(PolarsEngine(data, scratch))
        fingerprint = Fingerprinter()
        source_fp = None
        if any(t.kind == "convert" for t in tasks):
            source_fp = fingerprint.of(f"read_parquet('{data.parquet('observations')}')")

        reports = [TaskReport(t) for t in tasks]
        say(f"correctness pass ({', '.join(engine_names)}) at {data.observations:,} observations")
        for report in reports:
            for engine in engines:
                report.checks[engine.name] = engine.check(report.task, fingerprint)
            judge(report, source_fp if report.task.kind == "convert" else None)
            say("  " + check_line(report, engine_names))

        say(f"timing: best of {args.runs}, engines in turn")
        everything = LoadMeter()
        for report in reports:
            live = [e for e in engines if report.verdict.get(e.name) in ("ok", "mismatch", "unchecked")]
            meter = LoadMeter()
            for _ in range(args.runs):
                for engine in live:
                    if engine.name in report.runs and not report.runs[engine.name][-1].ok:
                        continue  # it failed mid-benchmark; once is enough
                    report.runs.setdefault(engine.name, []).append(engine.time(report.task))
            report.load = meter.stop()
            say("  " + time_line(report, engine_names))
        load = everything.stop()

        tarn = next((e for e in engines if e.name == "tarn"), None)
        startup = startup_seconds(args.tarn, args.runs) if tarn and not tarn.missing else None
        return {"data": data, "reports": reports, "load": load, "tarn_startup_s": startup,
                "engines": {e.name: e.describe() for e in engines}}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check_line(report: TaskReport, engines: list[str]) -> str:
    parts = []
    for e in engines:
        v = report.verdict.get(e, "skipped")
        parts.append(f"{e} {'MISMATCH' if v == 'mismatch' else v}")
    line = f"{report.task.id:>3} {report.task.title}: " + ", ".join(parts)
    if report.rows is not None:
        line += f" ({report.rows:,} rows)"
    for e in engines:
        if report.verdict.get(e) not in ("ok", None) and report.verdict_message.get(e):
            line += f"\n        {e}: {report.verdict_message[e]}"
    return line


def time_line(report: TaskReport, engines: list[str]) -> str:
    parts = []
    for e in engines:
        t = report.timed(e)
        parts.append(f"{e} {min(t):.4f}s" if t else f"{e} —")
    return f"{report.task.id:>3} " + ", ".join(parts)


# ---------------------------------------------------------------------------
# Reports


def engine_cell(report: TaskReport, engine: str, markdown: bool = False) -> str:
    status = report.status(engine)
    times = report.timed(engine)
    if status == "skipped":
        return "—"
    if status == "unavailable":
        return "n/a"
    if status in ("crash", "timeout", "error"):
        return status.upper() if not markdown else f"**{status}**"
    best, median = best_and_median(times) if times else (None, None)
    text = f"{best:.4f} ({median:.4f})" if times else "—"
    if status == "mismatch":
        text += " WRONG" if not markdown else " **WRONG**"
    return text


def ratio(report: TaskReport, other: str) -> float | None:
    if report.counts("tarn") and report.counts(other):
        return min(report.timed("tarn")) / min(report.timed(other))
    return None


def peak_rss_mib(report: TaskReport) -> float | None:
    rss = [o.peak_rss_kib for o in report.runs.get("tarn", []) if o.ok and o.peak_rss_kib]
    return max(rss) / 1024 if rss else None


def tally(reports: list[TaskReport], engines: list[str]) -> tuple[int, int, int]:
    passed = failed = unavailable = 0
    for r in reports:
        for e in engines:
            s = r.status(e)
            if s in ("ok", "unchecked"):
                passed += 1
            elif s == "unavailable":
                unavailable += 1
            elif s != "skipped":
                failed += 1
    return passed, failed, unavailable


def scale_json(scale: dict, engines: list[str]) -> dict:
    data: DataSet = scale["data"]
    tasks = []
    for r in scale["reports"]:
        entry = {"id": r.task.id, "title": r.task.title, "kind": r.task.kind, "rows": r.rows}
        if r.task.kind == "query":
            entry |= {"sql": data.sql(r.task), "ordered": r.task.ordered,
                      "polars": textwrap.dedent(inspect.getsource(r.task.polars))}
        else:
            entry |= {"input": str(data.conversion_input(r.task)), "output_format": r.task.target}
        results = {}
        for e in engines:
            status = r.status(e)
            res: dict[str, Any] = {"status": status}
            if msg := (r.verdict_message.get(e) or (r.failed_run(e).message if r.failed_run(e) else "")):
                res["message"] = msg
            if times := r.timed(e):
                best, median = best_and_median(times)
                res |= {"best_s": best, "median_s": median, "runs_s": times}
            rss = [o.peak_rss_kib for o in r.runs.get(e, []) if o.ok and o.peak_rss_kib]
            if rss:
                res["peak_rss_kib_runs"] = rss
                res["peak_rss_kib"] = max(rss)
            check = r.checks.get(e)
            if check is not None and check.ok and r.task.kind == "convert" and isinstance(check.result, dict):
                res["output"] = {k: v for k, v in check.result.items() if k != "columns"} | {
                    "types": {c["name"]: c["type"] for c in check.result.get("columns", [])}}
            results[e] = res
        entry["results"] = results
        entry["ratios"] = {f"tarn/{o}": ratio(r, o) for o in engines if o != "tarn"}
        entry["load"] = r.load
        tasks.append(entry)
    return {"data": data.describe(), "tasks": tasks, "load": scale["load"], "tarn_startup_s": scale["tarn_startup_s"],
            "engines": scale["engines"]}


def environment(args) -> dict:
    return {
        "machine": machine(),
        "versions": {"python": platform.python_version(), "duckdb": duckdb.__version__, "polars": pl.__version__,
                     "pyarrow": pa.__version__, "swift": swift_version(), "tarn_commit": git_commit()},
        "threads": {"duckdb": args.threads, "polars": pl.thread_pool_size(), "tarn": "its own default"},
        "tarn_binary": str(args.tarn),
    }


def header_lines(scale: dict, args, env: dict) -> list[str]:
    data: DataSet = scale["data"]
    rows = data.describe()["rows"]
    m = env["machine"]
    lines = [f"query benchmark: {data.observations:,} observations"
             + (f" ({rows.get('photos', 0):,} photos, {rows.get('taxa', 0):,} taxa)" if rows else "")
             + f", best of {args.runs} (median), warm cache, {timestamp()}",
             f"machine: {m['cpu_model']}, {m['cores']} cores, {m['memory_gib']} GiB; {describe_load(scale['load'])}",
             f"versions: duckdb {duckdb.__version__} (threads {args.threads}), polars {pl.__version__} "
             f"(threads {pl.thread_pool_size()}), tarn {env['versions']['tarn_commit'] or '?'}"]
    if scale["tarn_startup_s"] is not None:
        lines.append(f"tarn process start-up alone (tarn --help): {scale['tarn_startup_s']:.4f} s, included in its times")
    return lines


def table(scale: dict, engines: list[str], markdown: bool) -> list[str]:
    others = [e for e in engines if e != "tarn"]
    head = ["#", "query"] + [f"{e} s" for e in engines] + [f"tarn/{o}" for o in others if "tarn" in engines]
    if "tarn" in engines:
        head += ["tarn RSS MiB"]
    head += ["rows", "others' load"]
    body = []
    for r in scale["reports"]:
        cells = [r.task.id, r.task.title] + [engine_cell(r, e, markdown) for e in engines]
        if "tarn" in engines:
            for o in others:
                x = ratio(r, o)
                cells.append(f"{x:.2f}" if x is not None else "—")
            mib = peak_rss_mib(r)
            cells.append(f"{mib:.0f}" if mib is not None else "—")
        cells.append(f"{r.rows:,}" if r.rows is not None else "—")
        oc = (r.load or {}).get("others_cores")
        cells.append(f"{oc:.2f} cores" if oc is not None else "—")
        body.append(cells)
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i < 2 else "---:" for i in range(len(head))) + "|"]
        out += ["| " + " | ".join(c) + " |" for c in body]
        return out
    widths = [max(len(str(row[i])) for row in [head] + body) for i in range(len(head))]
    fmt = lambda row: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
    return [fmt(head)] + [fmt(row) for row in body]


def notes(scale: dict, engines: list[str]) -> list[str]:
    out = []
    for r in scale["reports"]:
        for e in engines:
            s = r.status(e)
            if s in ("ok", "skipped"):
                continue
            msg = r.verdict_message.get(e) or (r.failed_run(e).message if r.failed_run(e) else "")
            label = {"mismatch": "WRONG ANSWER", "unavailable": "not available"}.get(s, s.upper())
            out.append(f"{r.task.id} {e}: {label}: {msg}")
    return out


LEGEND = ("Times in seconds: best (median) of the timed runs. tarn is a whole process (start-up and CSV "
          "output to /dev/null included); DuckDB and Polars run in-process and hand back Arrow tables / "
          "DataFrames. Ratio < 1: tarn faster. WRONG: the answer differs from the other engines' (no ratio). "
          "n/a: tarn reported the query unsupported. others' load: CPU cores busy with other processes "
          "while that row was timed.")


def write_outputs(stem: str, payload: dict, markdown: list[str], args) -> None:
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / f"{stem}.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
    (args.out_dir / f"{stem}.md").write_text("\n".join(markdown) + "\n")
    print(f"\nwrote {args.out_dir / (stem + '.json')} and {stem}.md")


# ---------------------------------------------------------------------------
# Modes


def single(args, engines: list[str], say) -> int:
    observations = SMOKE_OBSERVATIONS if args.smoke else args.observations
    data = DataSet(args.data or ensure_inat(observations), observations)
    tasks = [TASK_BY_ID[i] for i in args.only] if args.only else TASKS
    scale = run_scale(data, tasks, engines, args, say)
    env = environment(args)

    print()
    for line in header_lines(scale, args, env):
        print(line)
    print()
    for line in table(scale, engines, markdown=False):
        print(line)
    problems = notes(scale, engines)
    if problems:
        print()
        for line in problems:
            print(line)

    stem = "query-smoke" if args.smoke else f"query-{observations}"
    md = [f"<!-- {stem}.md, written by Benchmarks/query_bench.py -->",
          *[f"{line}  " for line in header_lines(scale, args, env)], "", *table(scale, engines, markdown=True), "",
          LEGEND]
    if problems:
        md += ["", *[f"- {line}" for line in problems]]
    payload = {"benchmark": "query: issue #6 workload", "mode": "smoke" if args.smoke else "full",
               "timestamp": timestamp(), "runs": args.runs, "timed_tarn_format": TIMED_FORMAT,
               "float_rel_tolerance": REL_TOL} | scale_json(scale, engines) | env
    write_outputs(stem, payload, md, args)

    passed, failed, unavailable = tally(scale["reports"], engines)
    label = "smoke" if args.smoke else "query"
    print(f"\n{label}: {passed} passed, {failed} failed, {unavailable} not available")
    return 1 if failed else 0


def scaling(args, engines: list[str], say) -> int:
    sizes = list(SCALING_OBSERVATIONS) + ([BIG_OBSERVATIONS] if args.big else [])
    tasks = [TASK_BY_ID[i] for i in (args.only or SCALING_TASKS)]
    scales = []
    for n in sizes:
        data = DataSet(ensure_inat(n), n)
        scales.append(run_scale(data, tasks, engines, args, say))
    env = environment(args)

    lines = growth_table(scales, engines, markdown=False)
    print()
    print(f"query scaling: {', '.join(f'{n:,}' for n in sizes)} observations, best of {args.runs}, {timestamp()}")
    print(f"machine: {env['machine']['cpu_model']}, {env['machine']['cores']} cores; "
          + "; ".join(f"{s['data'].observations:,}: {describe_load(s['load'])}" for s in scales))
    print()
    for line in lines:
        print(line)
    problems = [f"[{s['data'].observations:,}] {p}" for s in scales for p in notes(s, engines)]
    for line in problems:
        print(line)
    print("\ngrowth = time at this scale / time at the previous one; per-row = growth / growth in rows "
          "(≤ 1.0: no worse than linear). RSS: tarn's peak in one untimed run under GNU time.")

    md = ["<!-- query-scaling.md, written by Benchmarks/query_bench.py --scaling -->",
          f"Scaling, {', '.join(f'{n:,}' for n in sizes)} observations, best of {args.runs}; "
          f"{env['machine']['cpu_model']}, {env['machine']['cores']} cores; tarn {env['versions']['tarn_commit']}", "",
          *growth_table(scales, engines, markdown=True)]
    if problems:
        md += ["", *[f"- {p}" for p in problems]]
    payload = {"benchmark": "query scaling: issue #6 queries 1, 2, 4, 6", "mode": "scaling", "timestamp": timestamp(),
               "runs": args.runs, "scales": [scale_json(s, engines) for s in scales]} | env
    write_outputs("query-scaling", payload, md, args)

    totals = [tally(s["reports"], engines) for s in scales]
    passed, failed, unavailable = (sum(t[i] for t in totals) for i in range(3))
    print(f"\nscaling: {passed} passed, {failed} failed, {unavailable} not available")
    return 1 if failed else 0


def growth_table(scales: list[dict], engines: list[str], markdown: bool) -> list[str]:
    head = ["#", "engine"]
    for i, s in enumerate(scales):
        n = s["data"].observations
        head.append(f"{_scale_name(n)} s")
        if i:
            head.append(f"per-row growth {_scale_name(scales[i - 1]['data'].observations)}→{_scale_name(n)}")
    head += [f"tarn RSS MiB {_scale_name(s['data'].observations)}" for s in scales]
    body = []
    for ti, report0 in enumerate(scales[0]["reports"]):
        for e in engines:
            row = [report0.task.id, e]
            prev = None
            for i, s in enumerate(scales):
                r = s["reports"][ti]
                best = min(r.timed(e)) if r.counts(e) or (r.status(e) == "unchecked" and r.timed(e)) else None
                row.append(f"{best:.4f}" if best is not None else engine_cell(r, e, markdown))
                if i:
                    rows_growth = s["data"].observations / scales[i - 1]["data"].observations
                    row.append(f"{best / prev / rows_growth:.2f}" if best is not None and prev else "—")
                prev = best
            for s in scales:
                mib = peak_rss_mib(s["reports"][ti]) if e == "tarn" else None
                row.append(f"{mib:.0f}" if mib is not None else "")
            body.append(row)
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i < 2 else "---:" for i in range(len(head))) + "|"]
        return out + ["| " + " | ".join(c) + " |" for c in body]
    widths = [max(len(str(row[i])) for row in [head] + body) for i in range(len(head))]
    return ["  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
            for row in [head] + body]


def _scale_name(n: int) -> str:
    for unit, div in (("M", 1_000_000), ("k", 1_000)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return f"{n:,}"


# ---------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--scaling", action="store_true", help="queries 1, 2, 4, 6 at 100k and 1M (10M with --big)")
    mode.add_argument("--smoke", action="store_true", help=f"CI check: {SMOKE_OBSERVATIONS:,} observations, 1 run")
    p.add_argument("--big", action="store_true", help="with --scaling: add 10M observations (needs ~20 GB RAM for datagen)")
    p.add_argument("--observations", type=int, default=DEFAULT_OBSERVATIONS, help="scale (default 1,000,000)")
    p.add_argument("--data", type=Path, help="use this data folder as it is (default bench-data/inat-N, generated if missing)")
    p.add_argument("--runs", type=int, help="timed runs per engine and task; the best is reported (default 5; smoke 1)")
    p.add_argument("--only", help="comma-separated task ids: 1-6, 7a (TSV.gz → Parquet), 7b (Parquet → CSV)")
    p.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of tarn,duckdb,polars")
    p.add_argument("--tarn", type=Path, default=ROOT / ".build" / "release" / "tarn")
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                   else os.cpu_count(), help="threads for DuckDB and Polars (default: cores)")
    p.add_argument("--timeout", type=float, default=600, help="seconds before one tarn process is killed (default 600)")
    p.add_argument("--out-dir", type=Path, default=ROOT / "bench-data" / "results")
    args = p.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.smoke else 5
    if args.runs < 1:
        p.error("--runs must be at least 1")
    if args.big and not args.scaling:
        p.error("--big goes with --scaling")
    if args.data and (args.scaling or args.smoke):
        p.error("--data is for a single scale, not --scaling or --smoke")
    if args.data and not (args.data / "observations.parquet").is_file():
        p.error(f"{args.data} has no observations.parquet")
    if args.data:
        manifest = args.data / "inat-manifest.json"
        if manifest.exists():
            args.observations = json.loads(manifest.read_text())["rows"]["observations"]
    args.only = [t.strip() for t in args.only.split(",") if t.strip()] if args.only else None
    if args.only and (bad := [t for t in args.only if t not in TASK_BY_ID]):
        p.error(f"unknown task id(s) {bad}; known: {', '.join(TASK_BY_ID)}")
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if bad := [e for e in args.engines if e not in ENGINES]:
        p.error(f"unknown engine(s) {bad}; known: {', '.join(ENGINES)}")
    args.tarn = args.tarn.resolve() if args.tarn.exists() else args.tarn
    return args


def main(argv: list[str]) -> int:
    global pl, duckdb, pa, pq
    args = parse_args(argv)
    os.environ["POLARS_MAX_THREADS"] = str(args.threads)  # read once, at import
    import duckdb as _duckdb
    import polars as _pl
    import pyarrow as _pa
    import pyarrow.parquet as _pq
    pl, duckdb, pa, pq = _pl, _duckdb, _pa, _pq

    started = time.perf_counter()

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {text}", file=sys.stderr, flush=True)

    engines = [e for e in ENGINES if e in args.engines]
    return scaling(args, engines, say) if args.scaling else single(args, engines, say)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
