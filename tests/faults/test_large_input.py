"""50 MB articles are rejected with the reason without being read whole: memory stays bounded.

The readers run in a fresh subprocess that resets its peak resident memory (Linux:
``/proc/self/clear_refs``), reads, and reports how far the peak (``VmHWM``) rose above the
resident memory before; that must stay far below the input's size. No timing is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIFTY_MB = 50_000_000
# Peak memory may grow by at most this much while reading the 50 MB inputs: a line or
# standard input is read up to max_article_bytes (5 MB) before being refused.
MAX_GROWTH_BYTES = 20_000_000

_READER = r"""
import io, json, sys
from frontwatch.language import guess_language
from frontwatch.read import read_inputs

def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(key + ":"))

guess_language("The army said the town was taken on Saturday after days of fighting.")  # model loaded
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak (VmHWM) starts again from the resident size now
with open(sys.argv[2], "rb") as stdin:
    items = [(type(i).__name__, i.origin, getattr(i, "reason", None))
             for i in read_inputs(sys.argv[1:2] + ["-"], stdin=io.BufferedReader(stdin))]
print(json.dumps({"items": items, "growth": status("VmHWM") - before}))
"""


def _big_text(size: int) -> str:
    sentence = "Troops shelled the town on Saturday, officials said. "
    return (sentence * (size // len(sentence) + 1))[:size]


@pytest.fixture(scope="module")
def big_inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    (folder / "huge.txt").write_text(_big_text(FIFTY_MB))
    with (folder / "feed.jsonl").open("w") as stream:
        stream.write(json.dumps({"id": "huge", "text": _big_text(FIFTY_MB)}) + "\n")
        stream.write(json.dumps({"id": "small", "text": "Troops shelled the town on Saturday, officials said."}) + "\n")
    (folder / "stdin.txt").write_text(_big_text(FIFTY_MB))
    return folder


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="peak memory is reset through Linux's /proc")
def test_fifty_megabyte_inputs_are_rejected_in_bounded_memory(big_inputs):
    done = subprocess.run(
        [sys.executable, "-c", _READER, str(big_inputs), str(big_inputs / "stdin.txt")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "FRONTWATCH_MAX_ARTICLE_BYTES": "5000000"},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    items = {origin: (kind, reason) for kind, origin, reason in report["items"]}
    feed, huge = str(big_inputs / "feed.jsonl"), str(big_inputs / "huge.txt")
    assert items[f"{feed}:1"] == ("Rejected", "line is longer than max_bytes=5,000,000; raise the limit to read it")
    assert items[f"{feed}:2"][0] == "Article"  # the line after the huge one is read
    assert items[huge] == ("Rejected", "file is 50,000,000 bytes, larger than max_bytes=5,000,000; raise the limit to read it")
    assert items["<stdin>"] == ("Rejected", "input is larger than max_bytes=5,000,000; raise the limit to read it")
    assert report["growth"] < MAX_GROWTH_BYTES, f"peak memory grew by {report['growth']:,} bytes"


def test_text_longer_than_the_nlp_stage_takes_is_rejected(tmp_path):
    from frontwatch.read import MAX_ARTICLE_CHARS, read_inputs
    from frontwatch.records import Rejected

    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": _big_text(MAX_ARTICLE_CHARS + 1)}) + "\n")
    (item,) = read_inputs([str(path)], max_bytes=10 * MAX_ARTICLE_CHARS)
    assert isinstance(item, Rejected) and item.origin == f"{path}:1"
    assert item.reason == "text is 1,000,001 characters, longer than the 1,000,000 the NLP stage takes"
