"""What a user who ran the README's first command has: ``frontwatch[learned]``, no test extra.

HTML is read with trafilatura, which cleans pages with ``lxml.html.clean``: since lxml
5.2 that module only forwards to the ``lxml_html_clean`` package. The test extra pulled
it in by chance, so the suite never saw a user's environment lack it. These tests
check that the package is a base dependency, then read a page in a subprocess that can
import only the distributions ``pip install -e '.[learned]'`` installs: the closure of
frontwatch's installed requirements, every other distribution in this environment
(pytest, hypothesis, playwright, ... and what they pull in) hidden from its imports.
``tests/test_readme_install.py`` builds that environment for real (minutes, the package
index) and reads a page in it with ``frontwatch extract``.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
# The README's first command: scripts/demo.sh -> scripts/venv.sh learned.
README_EXTRAS = ("learned",)
HTML_CLEANER = "lxml_html_clean"  # the module lxml.html.clean forwards to

PAGE = """<!doctype html><html><head><title>Clashes in Aden</title>
<meta name="date" content="2021-06-06"></head><body><nav>Home | World</nav>
<article><h1>Clashes in Aden</h1><p>Separatist fighters clashed with government forces in Aden on
Saturday, killing four people, officials said.</p><p>The fighting went on into the night in the
port city, residents said.</p></article><footer>Copyright</footer></body></html>"""

# Run in the subprocess: hides every distribution not in the allowed set, then reads the page.
_READER = r"""
import importlib.abc, importlib.metadata as metadata, json, sys
allowed = set(json.loads(sys.argv[1]))
providers = metadata.packages_distributions()
hidden = {module for module, dists in providers.items()
          if not {d.lower().replace("_", "-").replace(".", "-") for d in dists} & allowed}

class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in hidden:
            raise ModuleNotFoundError(f"No module named {name!r} (not installed by frontwatch[learned])", name=name)
        return None

sys.meta_path.insert(0, Hide())
from frontwatch.read import read_inputs
items = list(read_inputs([sys.argv[2]], max_bytes=1_000_000))
print(json.dumps([[type(i).__name__, getattr(i, "text", None), getattr(i, "reason", None)] for i in items]))
"""


def _name(requirement: str) -> str:
    return canonicalize_name(Requirement(requirement).name)


def _base(requirements: list[str]) -> set[str]:
    """The names of requirements that hold in every installation (no extra in their marker)."""
    return {_name(r) for r in requirements if Requirement(r).marker is None or "extra" not in str(Requirement(r).marker)}


def _cleaner_distributions() -> set[str]:
    return {canonicalize_name(d) for d in metadata.packages_distributions().get(HTML_CLEANER, [])}


def test_the_html_cleaner_is_a_base_dependency_declared_and_installed():
    cleaner = _cleaner_distributions()
    assert cleaner, f"{HTML_CLEANER} is not installed"
    declared = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert cleaner <= _base(declared), "pyproject.toml: the HTML cleaner must be a main dependency"
    installed = metadata.requires("frontwatch") or []
    assert cleaner <= _base(installed), "the installed frontwatch is older than pyproject.toml: pip install -e ."


def closure(name: str, extras: tuple[str, ...] = ()) -> set[str]:
    """``name`` and every distribution it needs with ``extras``, by installed metadata, as pip resolves them."""
    seen: set[str] = set()
    todo = [(name, tuple(extras))]
    while todo:
        current, wanted = todo.pop()
        key = canonicalize_name(current)
        if (key, wanted) in seen:
            continue
        seen.add((key, wanted))
        try:
            requirements = metadata.requires(current) or []
        except metadata.PackageNotFoundError:
            continue  # a requirement whose marker excluded it elsewhere, or an optional one
        for text in requirements:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": e}) for e in ("", *wanted)):
                todo.append((requirement.name, tuple(sorted(requirement.extras))))
    return {key for key, _ in seen}


def test_an_html_page_is_read_with_only_what_the_readme_installs(tmp_path):
    allowed = closure("frontwatch", README_EXTRAS)
    assert "torch" in allowed and "pytest" not in allowed and "playwright" not in allowed
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    done = subprocess.run([sys.executable, "-c", _READER, json.dumps(sorted(allowed)), str(page)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ((kind, text, reason),) = json.loads(done.stdout)
    assert kind == "Article", reason
    assert "Separatist fighters clashed with government forces in Aden" in text and "Copyright" not in text
