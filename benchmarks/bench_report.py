"""Wall time and peak memory of the whole report (``python -m framing report``), printed as a markdown table.

Cases: the seed corpus (run twice, the second, warm run reported) and the AllSides sample
(``../shared/datasets/allsides-articles/allsides-articles.jsonl``, 4,000 articles) by ``lean``
and by ``outlet``.  Peak memory: the largest sum of the resident set sizes of the report's
process tree and of their proportional set sizes (PSS: a page shared by n processes counted 1/n in each, so
the sum is the memory the tree holds), sampled every 0.2 s (psutil), beside ``getrusage(RUSAGE_CHILDREN).ru_maxrss``
(the largest single process), and the CPU seconds (user + sys) of every process of the case.  The tree's sum
counts pages that forked workers share with the report's process once per process, so it overstates the memory
in use while the analysis pass runs in workers.  Each case runs in its own wrapper process, so that rusage
counts that case only.  Goals (issue 24): seeds <= 25 s warm; 4,000 articles <= 120 s, <= 2 GB.

    python benchmarks/bench_report.py [--only seeds|lean|outlet ...] [--no-notebooks]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "datasets" / "allsides-articles" / "allsides-articles.jsonl"
CASES = {
    "seeds": (ROOT / "corpus", "outlet"),
    "lean": (ALLSIDES, "lean"),
    "outlet": (ALLSIDES, "outlet"),
}
#: More flags per case: the AllSides dates are month/day/year where ambiguous; by lean, pairs within topics.
EXTRA = {
    "seeds": [],
    "lean": ["--no-dayfirst", "--pair-by", "topic"],
    "outlet": ["--no-dayfirst"],
}


def _tree_memory(pid: int) -> tuple[int, int]:
    """(summed RSS, summed PSS) in bytes of ``pid`` and its descendants; PSS counts a page shared by n processes
    (a forked worker's inherited pages) as 1/n in each, so its sum is the memory the tree holds."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    rss = pss = 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


def measure(command: list[str]) -> dict:
    """Run ``command``; wall seconds, peak tree RSS (MB), rusage maxrss of the largest child (MB), exit status."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    done = threading.Event()

    def sample():
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    done.set()
    thread.join()
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = usage.ru_maxrss / 1024
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "tree_mb": peak / 2**20, "pss_mb": peak_pss / 2**20,
            "maxrss_mb": maxrss,
            "status": proc.returncode,
            "error": err.decode(errors="replace").strip().splitlines()[-1:] if proc.returncode else []}


def _one(case: str, notebooks: bool) -> dict:
    corpus, by = CASES[case]
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "framing", "figures" if not notebooks else "report", "--corpus", str(corpus),
                   "--out", str(Path(tmp) / case), "--by", by, "--quiet", *EXTRA[case]]
        return measure(command)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(CASES), default=list(CASES))
    parser.add_argument("--no-notebooks", action="store_true", help="tables and figures only (framing figures)")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # the wrapper process of one case
    args = parser.parse_args()
    if args.case:
        print(json.dumps(_one(args.case, not args.no_notebooks)))
        return 0
    print(f"machine: {os.cpu_count()} cores, load average before {_load()}")
    print()
    print("| corpus | groups by | wall (s) | CPU, user + sys, all processes (s) | peak PSS, process tree (MB) "
          "| peak RSS, process tree (MB) | max RSS, largest process (MB) | status |")
    print("|---|---|---:|---:|---:|---:|---:|---|", flush=True)
    for case in args.only:
        runs = 2 if case == "seeds" else 1
        for _ in range(runs):  # the seeds' second run is the warm one
            out = subprocess.run([sys.executable, __file__, "--case", case]
                                 + (["--no-notebooks"] if args.no_notebooks else []),
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout)
        corpus, by = CASES[case]
        name = "seeds (warm)" if case == "seeds" else f"allsides 4,000 ({corpus.name})"
        status = "ok" if r["status"] == 0 else f"exit {r['status']}: {' '.join(r['error'])}"
        print(f"| {name} | {' '.join([by, *EXTRA[case]])} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['pss_mb']:.0f} "
              f"| {r['tree_mb']:.0f} "
              f"| {r['maxrss_mb']:.0f} | {status} |", flush=True)
    print()
    print(f"load average after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
