"""Scoring whole articles against a directory of hand-made references.

Each reference file (the format of ``shared/gold/*.json``) names its article by a path
relative to the folder that holds the corpus (``"article": "corpus/voa/voa-1.txt"``);
the article is found beside the reference file or in one of its parent folders. The
reference's ``published`` and ``source`` are the article's metadata, as a feed would
give them.

The set splits once, by a fixed hash of each reference's id, into a *tuning* half
(rules and models may be fitted on it) and a *checking* half (measured, never tuned
on). Scores are micro-averaged over the required events of every article, with one row
per article and, for every required event that no extracted event matched, the reason:

- ``type``: no extracted event of an accepted type at all;
- ``actor``, ``place``, ``date``: the nearest event of the type (the one failing the
  fewest checks) fails only that check;
- ``several``: it fails more than one;
- ``taken``: an event fits, but it was matched to another reference event;
- ``unread``: the article could not be read or analysed (the row says why).
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from frontwatch.eval.gold import failed_checks, load_gold, matches, score, type_ok

SPLITS = ("tuning", "checking", "all")
CAUSES = ("type", "actor", "place", "date", "several", "taken", "unread")


def split_of(reference_id: str) -> str:
    """ "checking" for ids whose CRC-32 is odd, "tuning" for the rest: fixed for good."""
    return "checking" if zlib.crc32(reference_id.encode()) % 2 else "tuning"


@dataclass
class ArticleRow:
    id: str
    split: str
    required: int
    true_positives: int
    false_positives: int
    events: int
    misses: dict[str, str] = field(default_factory=dict)  # gold id -> cause
    error: str | None = None

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def reference_files(path: str | Path) -> list[Path]:
    """The reference files of a directory (sorted), or the one file given."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise ValueError(f"{path}: no reference files (*.json) in the directory")
        return files
    if not path.exists():
        raise ValueError(f"{path}: no such reference file or directory")
    return [path]


@dataclass(frozen=True)
class JsonlArticle:
    """An article that is one record of a JSONL corpus (``{"id", "text", "title"?}``),
    named in a reference as ``"dev/corpus.jsonl#<id>"``."""

    path: Path
    record_id: str

    def record(self) -> dict:
        with open(self.path, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    if str(record.get("id")) == self.record_id:
                        return record
        raise ValueError(f"{self.path}: no record with id {self.record_id!r}")


def article_path(reference: dict, reference_file: Path) -> Path | JsonlArticle:
    """The article a reference names, looked for beside it and in its parent folders
    (and in a ``shared`` folder beside each, where the project keeps its corpora). A
    name ``corpus.jsonl#ID`` is the record of that id in a JSONL corpus."""
    name = reference.get("article")
    if not name:
        raise ValueError(f"{reference_file}: the reference names no 'article'")
    name, _, record_id = str(name).partition("#")
    here = Path(reference_file).resolve().parent  # a relative path has no parents above "."
    for folder in (here, *here.parents):
        for candidate in (folder / name, folder / "shared" / name):
            if candidate.is_file():
                return JsonlArticle(candidate, record_id) if record_id else candidate
    raise ValueError(f"{reference_file}: its article {name!r} was not found beside it or above it")


def reference_id(reference: dict, reference_file: Path) -> str:
    return str(reference.get("id") or reference_file.stem)


def miss_causes(events: list[dict], reference: dict, matched: dict[str, str]) -> dict[str, str]:
    """Why each required reference event was missed (see the module's docstring)."""
    causes: dict[str, str] = {}
    for gold in reference["events"]:
        if not gold.get("required") or gold["id"] in matched:
            continue
        typed = [e for e in events if type_ok(e, gold)]
        if not typed:
            causes[gold["id"]] = "type"
            continue
        if any(matches(e, gold) for e in typed):
            causes[gold["id"]] = "taken"
            continue
        failing = min((failed_checks(e, gold) for e in typed), key=len)
        causes[gold["id"]] = failing[0] if len(failing) == 1 else "several"
    return causes


def evaluate_articles(path: str | Path, extract, split: str = "all") -> dict:
    """Micro P/R/F1 over the references under ``path`` (one split or all), with a row per
    article and the causes of the misses. ``extract(article_path, published, source)``
    returns an article's events as EVENT-SCHEMA dicts. An article that cannot be read
    is a row with its error, its required events counted as missed."""
    if split not in SPLITS:
        raise ValueError(f"split: {split!r} is not one of {', '.join(SPLITS)}")
    rows: list[ArticleRow] = []
    for file in reference_files(path):
        try:
            reference = load_gold(file)
        except ValueError as exc:
            raise ValueError(f"{file}: not a JSON reference ({exc})") from None
        if not isinstance(reference, dict) or not isinstance(reference.get("events"), list):
            raise ValueError(f"{file}: a reference needs an 'events' list")
        rid = reference_id(reference, file)
        part = split_of(rid)
        if split != "all" and part != split:
            continue
        required = sum(1 for g in reference["events"] if g.get("required"))
        try:
            published = reference.get("published")
            events = extract(
                article_path(reference, file),
                dt.date.fromisoformat(published) if published else None,
                reference.get("source"),
            )
        except Exception as exc:  # noqa: BLE001 - one bad article never stops the set
            unread = {g["id"]: "unread" for g in reference["events"] if g.get("required")}
            rows.append(ArticleRow(rid, part, required, 0, 0, 0, unread, error=str(exc).splitlines()[0]))
            continue
        result = score(events, reference)
        rows.append(ArticleRow(
            rid, part, required, result.true_positives, result.false_positives, len(events),
            misses=miss_causes(events, reference, result.matches),
        ))
    return summarise(rows)


def summarise(rows: list[ArticleRow]) -> dict:
    tp = sum(r.true_positives for r in rows)
    fp = sum(r.false_positives for r in rows)
    required = sum(r.required for r in rows)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / required if required else 1.0
    causes = {cause: 0 for cause in CAUSES}
    for row in rows:
        for cause in row.misses.values():
            causes[cause] += 1
    return {
        "articles": len(rows),
        "required": required,
        "true_positives": tp,
        "false_positives": fp,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(_f1(precision, recall), 3),
        "missed_because": causes,
        "rows": [
            {
                "id": r.id, "split": r.split, "required": r.required, "tp": r.true_positives,
                "fp": r.false_positives, "events": r.events, "precision": round(r.precision, 3),
                "recall": round(r.recall, 3), "f1": round(r.f1, 3), "misses": r.misses,
                **({"error": r.error} if r.error else {}),
            }
            for r in rows
        ],
    }
