"""Evaluating event typing against trained coders' labels.

Three kinds of reference data, one JSON object a line (``shared/dev``):

* CASE 2021 task 2 snippets (``{"id", "text", "sub_event_type_code", "acled_event_type"}``):
  each snippet's most confident event gives its ACLED sub-event type (as a CASE code,
  ``data/ontology/acled_types.tsv``) and event type; a snippet without an ACLED-coded
  event predicts ``NOT_ACLED``, the class the data gives disasters, diplomacy and crime.
* ConfliBERT CAMEO class sentences (``{"id", "text", "penta_label"}``): the most
  confident event's CAMEO root gives its penta class; a sentence without an event is
  predicted "make statement" (class 0), as coders code a sentence that reports words
  and no act.
* PETRARCH validation records (``{"id", "text", "event_codings": [{"eventcode"}]}``):
  the most confident event's CAMEO root is right when any gold coding has that root;
  a record with no gold coding is right when no event is found.

Every record falls in a fixed half of a dev/test split (``split_of``: a hash of its id),
so lexicon work can be judged on the dev half and reported on the test half.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frontwatch.eval import read_reference
from frontwatch.learned import NOT_ACLED, label_of
from frontwatch.ontology import load_ontology
from frontwatch.read import read_text
from frontwatch.records import Event, Rejected

if TYPE_CHECKING:
    from frontwatch.pipeline import Result

STATEMENT_PENTA = 0
# Share of records held out as "test"; a stable hash of the id decides, never the order.
TEST_SHARE_PERCENT = 30
RELIABILITY_BINS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.01)


def split_of(record_id: str) -> str:
    """ "test" for a stable TEST_SHARE_PERCENT of ids, "dev" for the rest."""
    return "test" if zlib.crc32(str(record_id).encode()) % 100 < TEST_SHARE_PERCENT else "dev"


def select(records: list[dict], split: str | None) -> list[dict]:
    if split in (None, "all"):
        return records
    return [r for r in records if split_of(r["id"]) == split]


def results_of(pipeline, texts: Iterable[tuple[str, str]]) -> list[Result | None]:
    """Each (id, text)'s pipeline result, in order; None for a rejected text."""
    articles = [read_text(text, origin=rid, id=rid, detect_head=False) for rid, text in texts]
    return [None if isinstance(r, Rejected) else r for r in pipeline.run(articles)]


def events_of(pipeline, texts: Iterable[tuple[str, str]]) -> list[list[Event]]:
    """Each (id, text)'s events, in order; a rejected text has none."""
    return [result.events if result else [] for result in results_of(pipeline, texts)]


def top_event(events: list[Event]) -> Event | None:
    """The most confident event (the first of equals)."""
    return max(events, key=lambda e: e.confidence, default=None)


# -- scores --------------------------------------------------------------------------


def weighted_f1(gold: list[str], predicted: list[str]) -> float:
    """F1 per gold class, weighted by the class's support (as scikit-learn's "weighted")."""
    support = Counter(gold)
    total = 0.0
    for label, count in support.items():
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        predicted_n = sum(1 for p in predicted if p == label)
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / count
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        total += f1 * count
    return total / len(gold) if gold else 0.0


def accuracy(gold: list, predicted: list) -> float:
    return sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0


@dataclass
class Bin:
    low: float
    high: float
    events: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.events if self.events else 0.0

    def as_dict(self) -> dict:
        return {"confidence": f"{self.low:.1f}-{min(self.high, 1.0):.1f}", "events": self.events,
                "right": self.right, "precision": round(self.precision, 3)}


def reliability(scored: list[tuple[float, bool]]) -> list[Bin]:
    """How often events are right, by confidence band."""
    bins = []
    for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
        inside = [right for conf, right in scored if low <= conf < high]
        bins.append(Bin(low, high, len(inside), sum(inside)))
    return bins


def above_half(scored: list[tuple[float, bool]]) -> dict:
    kept = [right for conf, right in scored if conf > 0.5]
    return {"events": len(kept), "right": sum(kept),
            "precision": round(sum(kept) / len(kept), 3) if kept else 0.0}


# -- CASE 2021 -----------------------------------------------------------------------


def case_label(event: Event | None) -> tuple[str, str]:
    """(sub-event CASE code, event type) of an event, NOT_ACLED for none."""
    if event is None or event.acled_sub_event_type is None:
        return NOT_ACLED, NOT_ACLED
    code = load_ontology().acled_case_codes.get(event.acled_sub_event_type, NOT_ACLED)
    return code, event.acled_event_type or NOT_ACLED


def evaluate_case2021(path: str | Path, pipeline, split: str | None = None) -> dict:
    records = select(read_reference(path), split)
    results = results_of(pipeline, ((r["id"], r["text"]) for r in records))
    all_events = [result.events if result else [] for result in results]
    gold_sub, gold_type, pred_sub, pred_type, scored, confusions = [], [], [], [], [], Counter()
    sentences = 0
    for record, result, events in zip(records, results, all_events):
        sentences += _sentence_count(result, record["text"])
        gold_t = record["acled_event_type"]
        gold_s = label_of(record)
        best = top_event(events)
        sub, etype = case_label(best)
        gold_sub.append(gold_s), gold_type.append(gold_t), pred_sub.append(sub), pred_type.append(etype)
        if best is not None:
            scored.append((best.confidence, sub == gold_s))
        if sub != gold_s:
            confusions[(gold_s, sub)] += 1
    return {
        "records": len(records),
        "sub_event_weighted_f1": round(weighted_f1(gold_sub, pred_sub), 3),
        "event_type_weighted_f1": round(weighted_f1(gold_type, pred_type), 3),
        "sub_event_accuracy": round(accuracy(gold_sub, pred_sub), 3),
        "events": sum(len(e) for e in all_events),
        "events_per_100_snippets": round(100 * sum(len(e) for e in all_events) / max(1, len(records)), 1),
        "above_half": above_half(scored),
        "reliability": [b.as_dict() for b in reliability(scored)],
        "confusions": [{"gold": g, "predicted": p, "n": n} for (g, p), n in confusions.most_common(15)],
        "sentences": sentences,
    }


def _sentence_count(result: Result | None, text: str) -> int:
    frame = result.document.frames.get(result.events[0]) if result and result.events else None
    if frame is not None:
        return sum(1 for _ in frame.sentence.doc.sents)
    return max(1, text.count(". ") + 1)


# -- CAMEO ------------------------------------------------------------------------------


def penta_of(event: Event | None) -> int:
    if event is None:
        return STATEMENT_PENTA
    return load_ontology().cameo_penta.get(event.cameo_root, STATEMENT_PENTA)


def codings_of(pipeline, records: list[dict]) -> list:
    """Each record's ``SentenceCoding`` (sentence-coding mode), in order; None where rejected."""
    from frontwatch.sentences import SentenceCoder

    return [None if isinstance(c, Rejected) else c
            for c in SentenceCoder(pipeline).code((r["id"], r["text"]) for r in records)]


def evaluate_cameo(path: str | Path, pipeline, split: str | None = None) -> dict:
    """Penta accuracy of the most confident event of each sentence; of each sentence's
    code where ``pipeline`` is a sentence-coding one (``frontwatch.sentences.sentence_pipeline``)."""
    records = select(read_reference(path), split)
    gold = [int(r["penta_label"]) for r in records]
    if _sentence_mode(pipeline):
        codings = codings_of(pipeline, records)
        predicted = [c.penta if c is not None and c.penta is not None else STATEMENT_PENTA for c in codings]
        all_events = [[c.event] if c is not None and c.event else [] for c in codings]
        scored = [(c.probability, p == g) for c, p, g in zip(codings, predicted, gold)
                  if c is not None and c.probability is not None]
    else:
        all_events = events_of(pipeline, ((r["id"], r["text"]) for r in records))
        best = [top_event(events) for events in all_events]
        predicted = [penta_of(event) for event in best]
        scored = [(e.confidence, penta_of(e) == g) for e, g in zip(best, gold) if e is not None]
    by_class = {}
    for label in sorted(set(gold)):
        pairs = [(g, p) for g, p in zip(gold, predicted) if g == label]
        by_class[label] = round(accuracy(*zip(*pairs)), 3)
    return {
        "records": len(records),
        "penta_accuracy": round(accuracy(gold, predicted), 3),
        "penta_weighted_f1": round(weighted_f1([str(g) for g in gold], [str(p) for p in predicted]), 3),
        "recall_by_class": by_class,
        "events_per_100_sentences": round(100 * sum(len(e) for e in all_events) / max(1, len(records)), 1),
        "above_half": above_half(scored),
        "reliability": [b.as_dict() for b in reliability(scored)],
    }


def evaluate_petr(path: str | Path, pipeline, split: str | None = None) -> dict:
    """CAMEO root accuracy of the most confident event of each record; of each record's
    code where ``pipeline`` is a sentence-coding one."""
    records = select(read_reference(path), split)
    if _sentence_mode(pipeline):
        codings = codings_of(pipeline, records)
        predicted = [c.cameo_root if c is not None else None for c in codings]
        all_events = [[c.event] if c is not None and c.event else [] for c in codings]
    else:
        all_events = events_of(pipeline, ((r["id"], r["text"]) for r in records))
        predicted = [best.cameo_root if (best := top_event(events)) else None for events in all_events]
    right = 0
    for record, root in zip(records, predicted):
        roots = {c["eventcode"][:2] for c in record.get("event_codings", []) if "eventcode" in c}
        right += (root in roots) if root is not None else not roots
    return {"records": len(records), "cameo_root_accuracy": round(right / max(1, len(records)), 3),
            "events_per_100_records": round(100 * sum(len(e) for e in all_events) / max(1, len(records)), 1)}


def _sentence_mode(pipeline) -> bool:
    return "sentence_code" in getattr(pipeline, "stage_names", ())
