"""Named pipes, sockets and device files are never opened: one rejected line each, the rest is read.

The dirty batch of test_bad_input.py runs them through ``frontwatch extract`` and ``ingest``
(given directly and met in a directory); here the readers and the batch engine's planner
meet every kind, under every extension, in a subprocess with a time limit, so a reader that
waits on a pipe fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="named pipes, sockets and /dev are POSIX")

GOOD = "Troops shelled the town of Gao on Monday, killing two civilians, officials said.\n"
PIPE = "is a named pipe (FIFO), not a regular file; to read one, redirect it to standard input and give -"
SOCKET = "is a socket, not a regular file"
DEVICE = "is a character device, not a regular file"

_READ = r"""
import json, sys
from frontwatch.engines.tasks import plan, read_task
from frontwatch.read import read_inputs

def seen(items):
    return [[type(i).__name__, i.origin, getattr(i, "reason", None)] for i in items]

paths = sys.argv[1:]
tasks, rejected = plan(paths)
engine = seen(rejected) + [row for task in tasks for row in seen(read_task(task, 1_000_000))]
print(json.dumps({"read": seen(read_inputs(paths, max_bytes=1_000_000)), "engine": engine}))
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A directory with a good article and, under each extension, a pipe, a socket and device links."""
    (tmp_path / "good.txt").write_text(GOOD)
    for extension in (".txt", ".jsonl", ".html"):
        os.mkfifo(tmp_path / f"pipe{extension}")
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(tmp_path / f"socket{extension}"))
        (tmp_path / f"zero{extension}").symlink_to("/dev/zero")
        (tmp_path / f"null{extension}").symlink_to("/dev/null")
    return tmp_path


def _read(*paths: str) -> dict[str, list[list]]:
    done = subprocess.run([sys.executable, "-c", _READ, *paths], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _expected(folder: Path) -> set[tuple]:
    rows = {("Article", str(folder / "good.txt"), None)}
    for extension in (".txt", ".jsonl", ".html"):
        rows |= {("Rejected", str(folder / f"pipe{extension}"), PIPE),
                 ("Rejected", str(folder / f"socket{extension}"), SOCKET),
                 ("Rejected", str(folder / f"zero{extension}"), DEVICE),
                 ("Rejected", str(folder / f"null{extension}"), DEVICE)}
    return rows


def test_special_files_met_in_a_directory_are_rejected_and_the_rest_is_read(folder):
    seen = _read(str(folder))
    for reader in ("read", "engine"):
        rows = [tuple(row) for row in seen[reader]]
        assert len(rows) == len(set(rows)) and set(rows) == _expected(folder), reader


def test_special_files_named_are_rejected_one_line_each(folder):
    named = ["/dev/null", "/dev/zero", str(folder / "pipe.jsonl"), str(folder / "socket.txt"), str(folder / "good.txt")]
    seen = _read(*named)
    for reader in ("read", "engine"):
        by_origin = {origin: (kind, reason) for kind, origin, reason in seen[reader]}
        assert len(seen[reader]) == len(named), reader
        assert by_origin["/dev/null"] == by_origin["/dev/zero"] == ("Rejected", DEVICE)
        assert by_origin[named[2]] == ("Rejected", PIPE) and by_origin[named[3]] == ("Rejected", SOCKET)
        assert by_origin[named[4]] == ("Article", None)


def test_a_pipe_read_as_standard_input_still_works(folder):
    """The way the pipe's message points to: ``frontwatch extract - < pipe``."""
    writer = subprocess.Popen(["sh", "-c", f"printf '%s' '{GOOD}' > '{folder / 'pipe.txt'}'"])
    try:
        with open(folder / "pipe.txt", "rb") as stream:
            done = subprocess.run(
                [sys.executable, "-c", "import sys, json; from frontwatch.read import read_inputs; "
                 "print(json.dumps([type(i).__name__ for i in read_inputs(['-'], max_bytes=10**6)]))"],
                stdin=stream, capture_output=True, text=True, timeout=120)
    finally:
        writer.wait(timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout) == ["Article"], done.stderr
