"""Sample archives for benchmarks and tests: a JSONL file cycled from a folder of ``.txt`` documents."""

from __future__ import annotations

import json
from pathlib import Path


def write_jsonl_sample(folder, path, *, target_bytes: int, outlets=("A", "B", "C")) -> dict:
    """Write a JSONL archive of about ``target_bytes`` from the ``.txt`` files of ``folder`` (for benchmarks).

    The files are cycled in name order; record ``i`` gets doc_id ``d<i>``, outlet
    ``outlets[i % len(outlets)]`` and a date in 2020 (month ``i % 12 + 1``).  Returns
    ``{"records": n, "bytes": size}``.
    """
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    if not texts:
        raise ValueError(f"folder {folder} holds no .txt files")
    n = 0
    size = 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target_bytes:
            record = {
                "doc_id": f"d{n:07d}",
                "outlet": outlets[n % len(outlets)],
                "date": f"2020-{n % 12 + 1:02d}-15",
                "text": texts[n % len(texts)],
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return {"records": n, "bytes": size}
