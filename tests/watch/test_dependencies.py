"""The watch runs on what the README installs: feedparser, listparser, protego and httpx are main dependencies."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.test_dependencies import _READER, closure

# Imports every watch module and reads a feed, in a subprocess that hides all but ``allowed``.
_WATCH = _READER.split("from frontwatch.read import", 1)[0] + r"""
import frontwatch.watch, frontwatch.watch.analyse, frontwatch.commands.watch_cmd
from frontwatch.watch import parse_feed, read_feed_list
feed = parse_feed(b'<rss version="2.0"><channel><title>W</title><item><link>http://127.0.0.1/a</link></item></channel></rss>', "http://127.0.0.1/rss")
opml = b'<opml version="2.0"><body><outline type="rss" xmlUrl="http://127.0.0.1/rss"/></body></opml>'
open(sys.argv[2], "wb").write(opml)
print(json.dumps([i.url for i in feed.items] + read_feed_list([sys.argv[2]]).urls))
"""


def test_the_watch_imports_with_only_what_the_readme_installs(tmp_path):
    allowed = closure("frontwatch", ("learned",))
    assert {"feedparser", "listparser", "protego", "httpx"} <= allowed, "pip install -e . (pyproject.toml changed)"
    done = subprocess.run([sys.executable, "-c", _WATCH, json.dumps(sorted(allowed)), str(tmp_path / "feeds.opml")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["http://127.0.0.1/a", "http://127.0.0.1/rss"]
