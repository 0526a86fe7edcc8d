"""Word lists live in data files (src/frontwatch/data/...), not in the stages' code.

A module of ``frontwatch.stages`` may keep a short tuple or set of words (three at
most) and collections of parser labels (dependency labels, entity types: spaCy's own
vocabulary, which its glossary explains); a longer list of words goes to a data file
with a comment saying what it is for.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from spacy.glossary import GLOSSARY

import frontwatch.stages

STAGES = Path(frontwatch.stages.__file__).parent
MAX_WORDS = 3
_WORD = re.compile(r"^[a-z][a-z' \u2019-]*$")
# Names of internal vocabularies (codes the program itself defines, not English words).
INTERNAL = {
    ("actors.py", "ROLE_ORDER"),  # the dictionary's roles, in the order readings are tried
    ("actors.py", "PROPER_ROLES"),  # the roles that are proper names
}


def _strings(node: ast.AST) -> list[str] | None:
    """The strings of a literal tuple/set/frozenset (also of ``"a b c".split()``), else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "tuple"):
        return _strings(node.args[0]) if len(node.args) == 1 else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split":
        base = node.func.value
        return base.value.split() if isinstance(base, ast.Constant) and isinstance(base.value, str) else None
    if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
        values = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return values if len(values) == len(node.elts) else None
    return None


def _word_lists() -> list[tuple[str, str, list[str]]]:
    found = []
    for path in sorted(STAGES.glob("*.py")):
        for node in ast.parse(path.read_text("utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            value = getattr(node, "value", None)
            strings = _strings(value) if value is not None else None
            for target in targets:
                if isinstance(target, ast.Name) and strings is not None:
                    found.append((path.name, target.id, strings))
    return found


def test_finds_the_lists_it_checks():
    names = {(module, name) for module, name, _words in _word_lists()}
    assert ("actors.py", "ROLE_ORDER") in names  # the scan sees module-level tuples


def test_no_stage_keeps_a_word_list_in_code():
    offenders = []
    for module, name, strings in _word_lists():
        if (module, name) in INTERNAL:
            continue
        words = [s for s in strings if _WORD.match(s) and s not in GLOSSARY]
        if len(words) > MAX_WORDS:
            offenders.append(f"stages/{module}: {name} = {words[:5]}...")
    assert not offenders, "word lists belong in src/frontwatch/data/:\n" + "\n".join(offenders)
