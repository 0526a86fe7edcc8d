"""A dirty batch end to end through the CLI, checked against the table in docs/bad-input.md.

The table is the contract: every line ``frontwatch extract`` prints for the batch must be
in it, every line in it must be printed, and each input alone must exit with the code it
gives. The batch also goes through ``frontwatch ingest`` into SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.read import DEFAULT_MAX_BYTES, read_inputs
from frontwatch.records import Article, Rejected

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "bad-input.md"
FRONTWATCH = [sys.executable, "-c", "from frontwatch.cli import app; app(prog_name='frontwatch')"]
# Arguments besides the batch directory; "-" is standard input, given empty.
EXTRA_INPUTS = ["missing.txt", "nothing", "/dev/null", "-"]
GOOD_ARTICLES = 7  # good, latin1, cp1256, utf16-bom, broken.html, feed.jsonl:1, huge-line.jsonl:2


@dataclass(frozen=True)
class Row:
    example: str
    lines: tuple[str, ...]
    exit_code: int


def doc_rows(heading: str) -> list[list[str]]:
    """The cells of the table under ``heading`` in docs/bad-input.md (header row dropped)."""
    section = DOC.read_text("utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            rows.append([c.replace("\\|", "|") for c in cells])
    return rows[1:]


def bad_input_rows() -> list[Row]:
    rows = []
    for _kind, example, seen, code in doc_rows("Each kind of bad input"):
        lines = tuple(re.findall(r"`([^`]*)`", seen)) if seen.startswith("`") else ()
        rows.append(Row(example.strip("`"), lines, int(code)))
    return rows


def write_batch(base: Path) -> None:
    """The files of the documented batch under ``base/batch`` (secret.txt is made by its own test)."""
    batch = base / "batch"
    batch.mkdir()
    (base / "nothing").mkdir()
    (batch / "good.txt").write_text(
        "Army retakes town\n\nGovernment troops captured the town of Maarat al-Numan on Tuesday after heavy "
        "fighting with rebel groups, state media said. At least 12 fighters were killed.\n"
    )
    (batch / "empty.txt").write_bytes(b"")
    (batch / "blank.txt").write_bytes(b"  \n\n\t \n")
    (batch / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    (batch / "latin1.txt").write_bytes(
        "Market shelled\n\nArtillery shelled the market of A\u00efn Issa on Wednesday, killing three civilians, "
        "said Jos\u00e9 M\u00fcller, a spokesman for the caf\u00e9 owners' association.\n".encode("latin-1")
    )
    (batch / "cp1256.txt").write_bytes(
        "Rebels withdraw\n\nRebel fighters withdrew from the village of Tal Rifaat on Thursday, a commander told "
        "the Arabic service, which named the village \u062a\u0644 \u0631\u0641\u0639\u062a in its report.\n"
        .encode("cp1256")
    )
    (batch / "utf16-bom.txt").write_bytes(
        "Protesters rally in Beirut\n\nThousands of protesters rallied in Beirut on Friday against the "
        "government, police said.\n".encode("utf-16")
    )
    (batch / "french.txt").write_text(
        "L'arm\u00e9e reprend la ville\n\nLes forces gouvernementales ont pris le contr\u00f4le de la ville "
        "mardi apr\u00e8s de violents combats, selon les m\u00e9dias d'\u00c9tat.\n"
    )
    (batch / "arabic.txt").write_text(
        "\u0633\u064a\u0637\u0631 \u0627\u0644\u062c\u064a\u0634 \u0639\u0644\u0649 \u0627\u0644\u0645\u062f"
        "\u064a\u0646\u0629 \u064a\u0648\u0645 \u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621 \u0628\u0639"
        "\u062f \u0645\u0639\u0627\u0631\u0643 \u0639\u0646\u064a\u0641\u0629 \u0645\u0639 \u0627\u0644\u0641"
        "\u0635\u0627\u0626\u0644 \u0627\u0644\u0645\u0633\u0644\u062d\u0629\n"
    )
    (batch / "broken.html").write_text(
        "<html><head><title>Clashes in Aden</title><body><p>Separatist fighters clashed with government forces "
        "in Aden on Saturday, killing four people, officials said.<div><p>The fighting went on into the night "
        "in the port city, residents said <b>unclosed"
    )
    feed = [
        json.dumps({"id": "feed-1", "text": "Police arrested 30 protesters in Khartoum on Sunday, witnesses said.",
                    "published": "2021-06-06"}),
        '{"id": "feed-2", "text": "unterminated',
        json.dumps({"id": "feed-3", "title": "a record without text"}),
        json.dumps({"id": "feed-4", "text": "Troops shelled the town on Monday.", "published": "2020-02-31"}),
        json.dumps({"id": "feed-5", "text": "Troops shelled the town on Monday.", "published": "2999-01-01"}),
    ]
    (batch / "feed.jsonl").write_text("\n".join(feed) + "\n")
    with (batch / "huge-line.jsonl").open("w") as stream:
        stream.write(json.dumps({"id": "big", "text": "word " * 1_300_000}) + "\n")
        stream.write(json.dumps({"id": "after-big", "text": "Gunmen attacked a checkpoint near Mosul on Monday, "
                                 "killing two soldiers, police said."}) + "\n")
    with (batch / "huge.txt").open("wb") as stream:
        stream.truncate(50_000_000)  # sparse: 50 MB by size, nothing on disk
    write_special_files(batch)


def write_special_files(batch: Path) -> None:
    """A named pipe nothing writes to, a socket, and a link to a device that never ends."""
    os.mkfifo(batch / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(batch / "socket.txt"))
    (batch / "zero.txt").symlink_to("/dev/zero")


@pytest.fixture(scope="module")
def base():
    """A world-readable directory holding ``batch/`` and ``nothing/`` (the CLI runs from here)."""
    path = Path(tempfile.mkdtemp(prefix="frontwatch-faults-"))
    path.chmod(0o755)
    write_batch(path)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def expected_lines(rows: list[Row], *, without: set[str] = frozenset()) -> list[str]:
    return sorted(line for row in rows if row.example not in without for line in row.lines)


def stderr_lines(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if line.strip())


def test_every_documented_input_is_in_the_batch(base):
    made = {str(p.relative_to(base)) for p in (base / "batch").iterdir()} | set(EXTRA_INPUTS)
    assert {row.example for row in bad_input_rows()} == made | {"batch/secret.txt"}


def test_extract_on_the_dirty_batch_matches_the_table(base):
    done = subprocess.run(
        [*FRONTWATCH, "extract", "batch", *EXTRA_INPUTS, "--format", "jsonl"],
        cwd=base, input=b"", capture_output=True, timeout=300,
    )
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr
    assert done.returncode == 1, stderr
    # the permission case needs a non-root reader: test_unreadable_file_as_another_user
    assert stderr_lines(stderr) == expected_lines(bad_input_rows(), without={"batch/secret.txt"})
    events = [json.loads(line) for line in done.stdout.decode().splitlines()]
    good = [item.id for item in read_inputs([str(base / "batch")]) if isinstance(item, Article)]
    assert len(good) == GOOD_ARTICLES
    assert {event["article_id"] for event in events} == set(good)  # every good article's events are out


def test_each_input_alone_exits_with_the_documented_code(base, pipeline, monkeypatch):
    monkeypatch.chdir(base)
    runner = CliRunner()
    for row in bad_input_rows():
        if row.example == "batch/secret.txt":
            continue
        result = runner.invoke(app, ["extract", row.example, "--format", "jsonl"], input="")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert (result.exit_code, stderr_lines(result.stderr)) == (row.exit_code, sorted(row.lines)), row.example


@pytest.mark.skipif(os.name != "posix", reason="file permissions are POSIX")
def test_unreadable_file_as_another_user(tmp_path):
    """A file its reader may not open. As root (who reads everything) the read runs in a child
    process switched to ``nobody``: Python itself may live where nobody cannot exec it, so
    ``runuser`` cannot start a fresh interpreter, but a forked one needs nothing from disk."""
    (row,) = [r for r in bad_input_rows() if r.example == "batch/secret.txt"]
    base = Path(tempfile.mkdtemp(prefix="frontwatch-perm-"))
    try:
        base.chmod(0o755)
        (base / "batch").mkdir(mode=0o755)
        secret = base / "batch" / "secret.txt"
        secret.write_text("Troops advanced on the town on Monday, officials said.\n")
        secret.chmod(0)
        lines = _read_as_nobody(base, row.example) if os.geteuid() == 0 else _read(base, row.example)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    assert lines == list(row.lines)


def _read(base: Path, path: str) -> list[str]:
    """The lines ``frontwatch extract`` prints for ``path`` (``rejected `` + the reader's message)."""
    os.chdir(base)
    # max_bytes given: loading the settings would import modules the child may not reach
    items = read_inputs([path], max_bytes=DEFAULT_MAX_BYTES)
    return [f"rejected {item.message()}" for item in items if isinstance(item, Rejected)]


def _read_as_nobody(base: Path, path: str) -> list[str]:
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no 'nobody' user to read as")
    reader, writer = os.pipe()
    cwd = os.getcwd()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        code = 1
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            os.write(writer, json.dumps(_read(base, path)).encode())
            code = 0
        except BaseException as exc:  # noqa: BLE001 - shown by the parent's assertion
            os.write(writer, f"{type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader) as stream:
        output = stream.read()
    _, status = os.waitpid(child, 0)
    os.chdir(cwd)
    assert os.waitstatus_to_exitcode(status) == 0, output
    return json.loads(output)


def test_commands_that_cannot_start_say_why_in_one_line(base, pipeline, monkeypatch):
    monkeypatch.chdir(base)
    arguments = {
        "spaCy model not installed": ["--model", "nope"],
        "`--out` in a directory": ["--out", "missing-dir/events.jsonl"],
        "`--published` in the future": ["--published", "2999-01-01"],
        "unknown `--format`": ["--format", "xml"],
    }
    runner = CliRunner()
    checked = 0
    for situation, seen, code in doc_rows("Errors that stop the command"):
        extra = next((args for prefix, args in arguments.items() if situation.startswith(prefix)), None)
        if extra is None:
            continue  # the closed pipe: test_closed_output_pipe_stops_quietly
        result = runner.invoke(app, ["extract", "batch/good.txt", *extra])
        line = re.findall(r"`([^`]*)`", seen)[0]
        shown = " ".join(result.stderr.replace("\u2502", " ").split())  # Typer's usage box, unwrapped
        assert result.exit_code == int(code) and line in shown, (situation, result.stderr)
        if line.startswith("error:"):
            assert stderr_lines(result.stderr) == [line]
        checked += 1
    assert checked == len(arguments)


def test_closed_output_pipe_stops_quietly(base):
    with subprocess.Popen([*FRONTWATCH, "extract", "batch", "--format", "jsonl"], cwd=base,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        first = process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=300)
    assert json.loads(first)["event_id"]
    assert code == 0 and "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_ingest_on_the_dirty_batch(base, backend, make_url):
    url = make_url().replace("postgresql+psycopg://", "postgresql://")
    done = subprocess.run(
        [*FRONTWATCH, "ingest", "batch", "missing.txt", "nothing", "/dev/null", "--db", url],
        cwd=base, capture_output=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr and done.returncode == 1, stderr
    rejected = [line for line in stderr_lines(stderr) if " articles stored, " not in line]
    expected = expected_lines(bad_input_rows(), without={"batch/secret.txt", "-"})
    assert sorted(rejected) == sorted(expected)  # the same lines as extract's
    assert f"{GOOD_ARTICLES} articles stored, {len(expected)} rejected" in stderr

    from frontwatch.store import Store

    with Store.open(url) as store:
        assert store.counts()["articles"] == GOOD_ARTICLES
        assert len(store.rejections()) == len(expected)

    again = subprocess.run(
        [*FRONTWATCH, "ingest", "batch", "missing.txt", "nothing", "/dev/null", "--db", url],
        cwd=base, capture_output=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert again.returncode == 1 and f"{GOOD_ARTICLES} articles stored, {len(expected)} rejected" in again.stderr.decode()
    with Store.open(url) as store:  # the re-run's rejections are counted, not recorded again
        assert [r["count"] for r in store.rejections(counted=True)] == [2] * len(expected)
