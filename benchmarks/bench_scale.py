"""Scale: one core, two processes and a Dask LocalCluster(2); memory and time against corpus and lexicon size.

    python benchmarks/make_corpus.py --mb 50 --out /tmp/framing-bench-50mb     # the text pool
    python benchmarks/bench_scale.py --pool /tmp/framing-bench-50mb --work /tmp/framing-scale --mb 50
    python benchmarks/bench_scale.py ... --table all     # also memory, corpus size, folder, lexicon size

The default table (``--table paths``) times the one path from text to counts side by side,
one run, in this process, on the same JSONL archive (built-in lexicon, cleaning on, sums
by outlet × month × category); MB/s = megabytes of article text (UTF-8) per second:

    * ``load_corpus``: read and clean (one process), for reference;
    * in memory: ``timeline.document_scores`` of the loaded corpus, then ``timeline.sums``;
    * ``score_archive(n_jobs=1)`` and ``(n_jobs=2)``: read, clean, score and sum the JSONL;
    * Dask ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)`` (two worker
      processes, started by ``forkserver`` on Linux, never forked from this threaded process
      (:func:`worker_start_method`); scheduler and client in this process), the
      same records read by ``dask.dataframe.read_json`` into ``--partitions`` partitions and
      persisted on the workers, dealt evenly (untimed): ``score_partitions`` (clean) +
      ``aggregate``, first compute (each worker compiles the lexicon) and second one (no
      compilation);
    * the same cluster from the file: ``read_json`` + ``score_partitions`` + ``aggregate``, the
      workers reading the JSONL in the scoring tasks (the same work as ``score_archive``);
    * the same cluster, the loaded corpus's documents persisted: ``score_partitions``
      (``clean=False``) + ``aggregate``, the same work as the in-memory row.

With ``--rounds N`` (N > 1) the scale-out rows (``score_archive`` with 1 and 2 processes, Dask on the
persisted records and from the file) run again N rounds, each once per round in turn, and the best
wall time of each is compared: a single run is at the mercy of the VM's drifting core speed.
Every row's table is asserted equal (``assert_frame_equal``, exact) to ``score_archive(n_jobs=1)``'s
(the loaded-documents row to the in-memory one, itself equal to it).
This process is warmed (one small batch scored) before anything is timed; ``score_archive``'s
pool workers are forked from it while it is small (the archive rows come first, then the cluster).
Speed-up: of ``n_jobs=2`` over ``n_jobs=1``, of the Dask rows over the one-process row
doing the same work.  CPU seconds are counted in every process (this one, the pool's
workers once they exit, the Dask workers); on a machine shared with other work the
wall-clock speed-up is bounded by the cores left free, so the table also gives the
speed-up the busiest process allows on idle cores (one-process CPU / busiest process's CPU).

The archives are JSONL files (doc_id, outlet, date, text) written by
:func:`framing.scale.stream.write_jsonl_sample` from the pool's ``.txt`` documents, cycled to the
wanted size (three outlets, dates over the 12 months of 2020).  Every measurement runs in a
fresh Python process, so its peak resident memory (``ru_maxrss``; for several processes the
largest child's too) is its own; the time is the wall time of the scoring call alone (imports,
cluster start-up and the lexicon's compilation are not timed).  MB/s = megabytes of JSONL read
per second.

Rows
    * throughput at ``--mb`` (default 100): ``score_archive`` with ``n_jobs=1`` and ``2``;
      ``framing.scale.dask`` on a ``LocalCluster(n_workers=2, threads_per_worker=1)``, reading the
      same JSONL with ``dask.dataframe.read_json(blocksize=...)``;
    * memory: ``score_archive(n_jobs=1)`` at ``--mb`` and at ``--big-mb`` (default 1,000), with
      and without the duplicate-id check (``check_duplicates``; its set of seen ids is the one
      thing that grows with the number of documents);
    * corpus size: ``n_jobs=1`` at a quarter, a half and all of ``--mb`` (expected linear);
    * a folder of 100,000 small ``.txt`` files with a ``metadata.csv`` (three pool paragraphs
      each), ``n_jobs=1`` and ``2``;
    * lexicon size: 100, 1,000 and 10,000 terms on a quarter of ``--mb``: the first 100
      entries of the built-in lexicon; the built-in lexicon plus words of English ranked
      20,000th and after by ``wordfreq`` (rare words, so hits stay near the real lexicon's)
      up to 1,000 and 10,000 terms (expected nearly flat: one automaton pass whatever its size).

Not a test: the numbers depend on the machine and what else runs on it (``uptime`` is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve()


def worker_start_method() -> str:
    """How the Dask workers start, as in tests/test_dask.py: ``forkserver`` on Linux (``spawn`` elsewhere), never
    ``fork``: forked from a process with threads (process pools, Arrow, the scheduler's), a worker could hang before
    it registered.  Set for one cluster with ``dask.config.set`` as a context manager."""
    return "forkserver" if sys.platform.startswith("linux") else "spawn"


# --------------------------------------------------------------------------------------
# one measurement, in a child process
# --------------------------------------------------------------------------------------


def lexicon_of_size(n: int | None):
    """The built-in lexicon (``None``), its first ``n`` entries, or it plus rare English words up to ``n``."""
    import pandas as pd

    from framing.lexicon import Lexicon, load_lexicon

    base = load_lexicon()
    if n is None:
        return base
    if n <= len(base):
        return Lexicon.from_table(base.table.head(n).reset_index(drop=True), name=f"builtin-first-{n}")
    from wordfreq import top_n_list

    have = set(base.table["term"].str.lower())
    words = [w for w in top_n_list("en", 200_000)[20_000:] if w.isalpha() and len(w) > 3 and w not in have]
    extra = pd.DataFrame({"term": words[:n], "category": "rare_words", "polarity": 0, "note": "wordfreq rank > 20,000"})
    both = base.extend(Lexicon.from_table(extra, name="rare-words"), on_conflict="keep")
    return Lexicon.from_table(both.table.head(n).reset_index(drop=True), name=f"builtin+rare-{n}")


def measure(mode: str, path: str, n_terms: int | None, blocksize_mb: int) -> dict:
    from framing.match import compile_lexicon
    from framing.scale.stream import score_archive

    lexicon = lexicon_of_size(n_terms)
    compile_lexicon(lexicon)
    size = os.path.getsize(path) if os.path.isfile(path) else sum(f.stat().st_size for f in Path(path).glob("*.txt"))
    if mode in ("stream1", "stream2", "stream1-nodup"):
        n_jobs = 2 if mode == "stream2" else 1
        t0 = time.perf_counter()
        result = score_archive(
            path,
            lexicon,
            by=("outlet", "period", "category"),
            freq="month",
            n_jobs=n_jobs,
            progress=False,
            check_duplicates=mode != "stream1-nodup",
        )
        seconds = time.perf_counter() - t0
        totals = result.totals
        out = {"records": totals["scored"], "hits": totals["hits"], "skipped": totals["skipped"]}
    elif mode == "dask2":
        import dask
        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        from framing.scale import dask as fdask

        with (
            dask.config.set({"distributed.worker.multiprocessing-method": worker_start_method()}),
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
            ) as cluster,
            Client(cluster),
        ):
            t0 = time.perf_counter()
            ddf = dd.read_json(path, lines=True, blocksize=blocksize_mb * 2**20, dtype={"date": "str"})
            scores = fdask.score_partitions(ddf, lexicon)
            table = fdask.aggregate(scores, by=("outlet", "period", "category"), freq="month")
            seconds = time.perf_counter() - t0
        out = {"records": int(table.groupby(["outlet", "period"])["n_documents"].max().sum()),
               "hits": int(table["count"].sum()), "skipped": 0}  # fmt: skip
    else:
        raise SystemExit(f"unknown mode {mode}")
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"mode": mode, "mb": size / 1e6, "seconds": seconds, "mb_s": size / 1e6 / seconds,
            "rss_mb": self_rss, "child_rss_mb": child_rss, "terms": len(lexicon), **out}  # fmt: skip


def run_child(mode: str, path: Path, n_terms: int | None = None, blocksize_mb: int = 16) -> dict:
    cmd = [sys.executable, str(HERE), "--child", mode, "--path", str(path), "--blocksize-mb", str(blocksize_mb)]
    if n_terms is not None:
        cmd += ["--terms", str(n_terms)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    row = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {row['mode']:13s} {row['mb']:8.1f} MB  {row['seconds']:7.1f} s  {row['mb_s']:6.1f} MB/s  "
          f"rss {row['rss_mb']:6.0f} MB (children {row['child_rss_mb']:4.0f})  terms {row['terms']:6d}  "
          f"hits {row['hits']:,}", flush=True)  # fmt: skip
    return row


# --------------------------------------------------------------------------------------
# the whole benchmark
# --------------------------------------------------------------------------------------


def archive(pool: Path, work: Path, mb: int) -> Path:
    from framing.scale.stream import write_jsonl_sample

    path = work / f"archive-{mb}mb.jsonl"
    if not path.exists():
        info = write_jsonl_sample(pool, path, target_bytes=mb * 10**6)
        print(f"wrote {path}: {info['records']:,} records, {info['bytes'] / 1e6:.1f} MB", flush=True)
    return path


def folder_archive(pool: Path, work: Path, n_files: int) -> Path:
    """A folder of ``n_files`` small ``.txt`` files (a few paragraphs of the pool each) with a metadata.csv."""
    import csv

    folder = work / f"folder-{n_files}"
    if (folder / "metadata.csv").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [p for f in sorted(pool.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if p]
    with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as meta:
        writer = csv.writer(meta, lineterminator="\n")
        writer.writerow(["doc_id", "file", "outlet", "date"])
        for i in range(n_files):
            name = f"f{i:06d}.txt"
            text = "\n\n".join(paragraphs[(3 * i + k) % len(paragraphs)] for k in range(3))
            (folder / name).write_text(text + "\n", encoding="utf-8")
            writer.writerow([f"f{i:06d}", name, "ABC"[i % 3], f"2020-{i % 12 + 1:02d}-15"])
    size = sum(f.stat().st_size for f in folder.glob("*.txt"))
    print(f"wrote {folder}: {n_files:,} files, {size / 1e6:.1f} MB", flush=True)
    return folder


def paths(pool: Path, work: Path, mb: int, partitions: int, rounds: int = 1) -> list[dict]:
    """The table of the module docstring: every path on the same archive, one run, this process."""
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster
    from pandas.testing import assert_frame_equal

    from framing import timeline
    from framing.corpus import load_corpus
    from framing.lexicon import load_lexicon
    from framing.match import compile_lexicon
    from framing.scale import dask as fdask
    from framing.scale.stream import score_archive

    path = archive(pool, work, mb)
    lexicon = load_lexicon()
    compile_lexicon(lexicon)
    by = ("outlet", "period", "category")
    with open(path, encoding="utf-8") as fh:  # the text's size, without holding the archive here
        texts = [json.loads(line)["text"] for line in fh]
    n_docs, text_mb = len(texts), sum(len(t.encode("utf-8")) for t in texts) / 1e6
    timeline.document_scores(pd.DataFrame({"doc_id": range(50), "text": texts[:50]}), lexicon)  # warm
    del texts
    warnings.filterwarnings("ignore", message=".*large graph")  # the documents are persisted once, untimed
    rows: list[dict] = []
    compiled: list[int] = []  # lexicon compilations on the Dask workers, per Dask row

    def row(name: str, timing: tuple, table, base: str | None = None, client=None) -> None:
        seconds, cpu, busiest = timing
        hits = int(table["count"].sum()) if table is not None else 0
        rows.append({"path": name, "seconds": seconds, "mb_s": text_mb / seconds, "hits": hits, "base": base,
                     "cpu": cpu, "busiest": busiest})  # fmt: skip
        split = ""
        if client is not None:  # partitions each worker scored (the scheduler places tasks where the data is)
            stats = list(client.run(fdask.worker_stats).values())
            compiled.append(sum(s["lexicons_compiled"] for s in stats))
            split = "  partitions per worker " + "/".join(str(s["partitions"]) for s in stats)
            client.run(fdask.reset_worker_stats)
        print(f"  {name:60s} {seconds:6.2f} s {text_mb / seconds:6.1f} MB/s  cpu {cpu:6.2f} s (busiest process "
              f"{busiest:6.2f} s)  hits {hits:,}{split}", flush=True)  # fmt: skip

    def same(table, expected, what: str) -> None:
        """Every path returns the same table (values and dtypes, exactly)."""
        try:
            assert_frame_equal(table.reset_index(drop=True), expected.reset_index(drop=True), check_exact=True)
        except AssertionError as exc:
            raise SystemExit(f"{what}: not the one-process result\n{exc}") from exc

    def timed(fn, client=None, processes: int = 1):
        """(wall seconds, CPU seconds of every process, CPU seconds of the busiest one), and fn's value."""
        workers0 = client.run(_cpu) if client is not None else {}
        t0, wall = os.times(), time.perf_counter()
        out = fn()
        wall, t1 = time.perf_counter() - wall, os.times()
        own = t1.user - t0.user + t1.system - t0.system
        children = t1.children_user - t0.children_user + t1.children_system - t0.children_system
        workers = [c - workers0[k] for k, c in client.run(_cpu).items()] if client is not None else []
        busiest = max([own, children / processes, *workers])  # pool workers: assumed to share evenly
        return (wall, own + children + sum(workers), busiest), out

    print(f"{n_docs:,} documents, {text_mb:.1f} MB of text ({path})", flush=True)
    # processes first, forked from a small parent (a large one costs each child copy-on-write faults)
    expected = None
    for n_jobs in (1, 2):
        timing, result = timed(lambda n=n_jobs: score_archive(path, lexicon, by=by, freq="month", n_jobs=n,
                                                            progress=False).rates, processes=n_jobs)  # fmt: skip
        row(f"score_archive(n_jobs={n_jobs}): read + clean + score + sums", timing, result,
            None if n_jobs == 1 else "score_archive(n_jobs=1): read + clean + score + sums")  # fmt: skip
        expected = result if expected is None else expected
        same(result, expected, f"score_archive(n_jobs={n_jobs})")
    with (
        dask.config.set({"distributed.worker.multiprocessing-method": worker_start_method()}),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                     dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        # read_json cuts the file into size // blocksize blocks (size // partitions + 1 gave one partition fewer)
        records = dd.read_json(path, lines=True, blocksize=os.path.getsize(path) // partitions, dtype={"date": "str"})
        raw, placement = _persist_evenly(client, records)
        print(f"Dask: {raw.npartitions} partitions of records, persisted on the workers "
              f"({'/'.join(map(str, placement))} per worker)", flush=True)  # fmt: skip
        client.run(fdask.reset_worker_stats)
        for which in ("first", "second"):
            timing, table = timed(lambda: fdask.aggregate(fdask.score_partitions(raw, lexicon), by=by, freq="month"),
                                  client)  # fmt: skip
            row(f"Dask LocalCluster(2), records: clean + score + sums ({which})", timing, table,
                "score_archive(n_jobs=1): read + clean + score + sums", client)  # fmt: skip
            same(table, expected, f"Dask records ({which})")
        # the user's path from a file: the workers read the JSONL in the same tasks (nothing persisted)
        timing, table = timed(lambda: fdask.aggregate(fdask.score_partitions(records, lexicon), by=by, freq="month"),
                              client)  # fmt: skip
        row("Dask LocalCluster(2), read_json: read + clean + score + sums", timing, table,
            "score_archive(n_jobs=1): read + clean + score + sums", client)  # fmt: skip
        same(table, expected, "Dask read_json")
        timing, corpus = timed(lambda: load_corpus(path))
        row("load_corpus (read + clean), 1 process", timing, None)
        timing, memory = timed(lambda: timeline.sums(timeline.document_scores(corpus, lexicon), by=by, freq="month"))
        row("in memory: document_scores + sums, 1 process", timing, memory)
        memory = timeline.finish(memory)
        same(memory, expected, "in memory")
        clean_docs = corpus.documents[["doc_id", "outlet", "date", "text"]]
        cleaned, _ = _persist_evenly(client, dd.from_pandas(clean_docs, npartitions=partitions, sort=False))
        timing, table = timed(lambda: fdask.aggregate(fdask.score_partitions(cleaned, lexicon, clean=False), by=by,
                                                      freq="month"), client)  # fmt: skip
        row("Dask LocalCluster(2), loaded documents: score + sums", timing, table,
            "in memory: document_scores + sums, 1 process", client)
        same(table, memory, "Dask loaded documents")
        if rounds > 1:
            _rounds(rounds, {
                "score_archive(n_jobs=1)": lambda: score_archive(path, lexicon, by=by, freq="month", n_jobs=1,
                                                                 progress=False).rates,
                "score_archive(n_jobs=2)": lambda: score_archive(path, lexicon, by=by, freq="month", n_jobs=2,
                                                                 progress=False).rates,
                "Dask LocalCluster(2), records persisted": lambda: fdask.aggregate(
                    fdask.score_partitions(raw, lexicon), by=by, freq="month"),
                "Dask LocalCluster(2), read_json": lambda: fdask.aggregate(
                    fdask.score_partitions(records, lexicon), by=by, freq="month"),
            }, lambda table, name: same(table, expected, name))
    base = {r["path"]: r for r in rows}
    print("\n| path | seconds | MB/s | speed-up | CPU s, all processes | CPU s, busiest | speed-up on idle cores "
          "(estimate) | hits |\n|---|---:|---:|---:|---:|---:|---:|---:|")  # fmt: skip
    for r in rows:
        speed = f"{base[r['base']]['seconds'] / r['seconds']:.2f}x" if r["base"] else ""
        ideal = f"{base[r['base']]['busiest'] / r['busiest']:.2f}x" if r["base"] else ""
        print(f"| {r['path']} | {r['seconds']:.2f} | {r['mb_s']:.1f} | {speed} | {r['cpu']:.2f} | {r['busiest']:.2f} "
              f"| {ideal} | {r['hits']:,} |")  # fmt: skip
    print(f"\nlexicon compilations on the 2 Dask workers over {len(compiled)} computes: {sum(compiled)} ({compiled})")
    return rows


def _rounds(rounds: int, jobs: dict, check) -> None:
    """Best wall time of each job over ``rounds`` rounds, each round running every job once in turn (so that a
    drift of the cores' speed, which moves by a quarter from minute to minute on a shared VM, touches every job
    alike), and each job's speed-up over the first one's best; every result checked by ``check(table, name)``."""
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(rounds):
        for name, fn in jobs.items():
            start = time.perf_counter()
            table = fn()
            best[name] = min(best[name], time.perf_counter() - start)
            check(table, name)
    first = best[next(iter(jobs))]
    print(f"\nbest of {rounds} rounds, every job once per round in turn:")
    print("| path | best s | speed-up |\n|---|---:|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.2f} | {first / seconds:.2f}x |")


def _persist_evenly(client, frame):
    """``frame`` computed on the workers, its partitions dealt to them in turn (untimed set-up).

    The scheduler scores a partition on the worker that holds it; ``client.persist`` left them
    uneven (7/9 for the records, 3/13 for the loaded documents in one run), so one worker
    would score more than half.
    """
    import dask.dataframe as dd
    from distributed import wait

    workers = sorted(client.scheduler_info()["workers"])
    futures = [client.compute(part, workers=[workers[i % len(workers)]]) for i, part in enumerate(frame.to_delayed())]
    wait(futures)
    held = client.who_has(futures)
    placement = [sum(w in held[f.key] for f in futures) for w in workers]
    return dd.from_delayed(futures, meta=frame._meta, verify_meta=False), placement


def _cpu() -> float:
    """CPU seconds (user + system) of this process."""
    t = os.times()
    return t.user + t.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", default="/tmp/framing-bench-50mb", help="folder of .txt documents to cycle")
    parser.add_argument("--work", default="/tmp/framing-scale", help="where the JSONL archives are written")
    parser.add_argument("--mb", type=int, default=100, help="archive size for throughput (default 100)")
    parser.add_argument("--big-mb", type=int, default=1000, help="the large archive for memory (default 1000)")
    parser.add_argument("--blocksize-mb", type=int, default=16, help="Dask read_json block size (default 16)")
    parser.add_argument("--table", choices=("paths", "all"), default="paths",
                        help="paths: the paths side by side (default); all: also memory, size, folder, lexicon")
    parser.add_argument("--partitions", type=int, default=16, help="Dask partitions of the paths table (16)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="paths table: also the best of this many rounds of the scale-out rows (default 1: none)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--terms", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.path, args.terms, args.blocksize_mb)))
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    pool = Path(args.pool)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; load: {os.getloadavg()}", flush=True)
    if args.table == "paths":
        paths(pool, work, args.mb, args.partitions, args.rounds)
        print(f"load after: {os.getloadavg()}", flush=True)
        return
    main_path = archive(pool, work, args.mb)
    rows = []
    print("throughput", flush=True)
    for mode in ("stream1", "stream2", "dask2"):
        rows.append({"table": "throughput", **run_child(mode, main_path, blocksize_mb=args.blocksize_mb)})
    print("corpus size (n_jobs=1)", flush=True)
    for mb in (args.mb // 4, args.mb // 2):
        rows.append({"table": "size", **run_child("stream1", archive(pool, work, mb))})
    rows.append({**rows[0], "table": "size"})
    print("memory (n_jobs=1)", flush=True)
    rows.append({**rows[0], "table": "memory"})
    big = archive(pool, work, args.big_mb)
    rows.append({"table": "memory", **run_child("stream1", big)})
    print("memory without the duplicate-id check (n_jobs=1)", flush=True)
    rows.append({"table": "memory", **run_child("stream1-nodup", main_path)})
    rows.append({"table": "memory", **run_child("stream1-nodup", big)})
    print("a folder of 100,000 files", flush=True)
    folder = folder_archive(pool, work, 100_000)
    for mode in ("stream1", "stream2"):
        rows.append({"table": "folder", **run_child(mode, folder)})
    print("lexicon size (n_jobs=1)", flush=True)
    quarter = archive(pool, work, args.mb // 4)
    for n in (100, 1000, 10_000):
        rows.append({"table": "lexicon", **run_child("stream1", quarter, n_terms=n)})
    print(f"load after: {os.getloadavg()}", flush=True)
    out = work / "bench_scale.json"
    out.write_text(json.dumps(rows, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
