"""Fitting the learned event core (``frontwatch.eventcore``): data, heads, thresholds.

The training units, all from the dev parts of the fixed splits (``eval.typing.split_of``;
nothing from a test part or from the VOA checking half is read):

* CASE 2021 snippets (``case2021_dev.jsonl``, dev part): the ACLED sub-event code; its
  PLOVER type through ``acled_types.tsv``. ``NOT_ACLED`` snippets (diplomacy, disasters,
  crime) have no known PLOVER type and no CAMEO root: they teach the ACLED head only.
* ConfliBERT CAMEO class sentences (dev part): the Phoenix penta class only.
* PETRARCH validation records (dev part): the first coding's CAMEO root, its PLOVER type
  through CAMEO2PLOVER (``cameo_to_plover.tsv``) and its penta class; a record with no
  coding is ``NONE`` (penta 0, as the evaluation scores it). The root head learns every
  distinct root of a record's codings (each is a right answer), and these records weigh
  ``ROOT_PETR_WEIGHT`` in it (see there).
* Hand-made references of VOA stories (``train/gold/voa_unlabelled/*.json``, on the texts
  of ``dev/voa_unlabelled.jsonl``, none of them in ``gold/voa``): each sentence of the
  story as the pipeline splits it; a sentence that an event's ``evidence`` spans cover
  takes that event's PLOVER type, ``acled`` and ``cameo`` (a required event before an
  optional one); a sentence no evidence covers is ``NONE``. Every file there is read, so
  refitting after more land needs no change.

Each unit's rule features come from the rules-only pipeline over the same text. The heads
are fitted on all units; the thresholds on their out-of-fold probabilities (5 folds), so
they are chosen as on unseen sentences.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from frontwatch.eventcore import HEADS, NONE, NOT_ACLED, PLOVER_TYPES, EventCore, rule_features
from frontwatch.learned import Embedder, Head

log = logging.getLogger(__name__)

# Inverse L2 strength of every head's logistic regression (chosen by 5-fold log-loss of
# the PLOVER head on the dev units: 2..16 scored alike).
CORE_C = 4.0
FOLDS = 5
# A type's event is made where the rules read none only when the type's F0.5 (precision
# counted twice) on the out-of-fold probabilities peaks at this threshold, and never for
# a type with fewer than MIN_CLASS_UNITS units.
THRESHOLD_GRID = tuple(round(0.30 + 0.05 * k, 2) for k in range(14))  # 0.30 .. 0.95
MIN_CLASS_UNITS = 8
BETA = 0.5
MIN_PRECISION = 0.7
NEVER = 1.01
# Rule events dropped when P(NONE) reaches the reject threshold: each wrong drop (the
# sentence did hold an event) costs this many right ones.
WRONG_DROP_COST = 3.0
DISOWN_GRID = (0.01, 0.02, 0.05, 0.1, 0.15)
REJECT_GRID = tuple(round(0.50 + 0.05 * k, 2) for k in range(10))  # 0.50 .. 0.95
# The root head's unit weights: the PETRARCH records are the only units coded as news
# sentences are, so each weighs ROOT_PETR_WEIGHT; a VOA sentence that reports no event
# (most of a story) weighs ROOT_VOA_NONE_WEIGHT. Chosen on the dev parts with the heads
# out of fold (BENCHMARKS.md, sentence coding): PETRARCH roots 0.598 -> 0.660, penta
# 0.649 -> 0.640 (weights 1 / 1 before; 3 and 6 gave less).
ROOT_PETR_WEIGHT = 10.0
ROOT_VOA_NONE_WEIGHT = 0.2


@dataclass
class Unit:
    """One passage with what is known of it (None: not known)."""

    source: str
    id: str
    text: str
    plover: str | None = None
    acled: str | None = None
    root: str | None = None
    penta: str | None = None
    rules: np.ndarray | None = None
    roots: list[str] | None = None  # every distinct root of a PETRARCH record's codings


# -- units ------------------------------------------------------------------------------


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _dev(records: list[dict]) -> list[dict]:
    from frontwatch.eval.typing import split_of

    return [r for r in records if split_of(r["id"]) == "dev"]


def _plover_of_cameo(code: str, onto) -> str | None:
    types = onto.plover_types_of(code)
    if not types:
        return None
    default = {t for t in types if onto.plover_cameo_root.get(t, "")[:2] == code[:2]}
    return sorted(default or types)[0]


def case_units(path: Path, onto) -> list[Unit]:
    units = []
    for r in _dev(_read_jsonl(path)):
        code = NOT_ACLED if r.get("acled_event_type") == NOT_ACLED else r["sub_event_type_code"]
        subtype = onto.acled_by_case_code.get(code)
        units.append(Unit("case2021", r["id"], r["text"], plover=subtype.plover_type if subtype else None,
                          acled=code))
    return units


def conflibert_units(path: Path) -> list[Unit]:
    return [Unit("conflibert", r["id"], r["text"], penta=str(int(r["penta_label"])))
            for r in _dev(_read_jsonl(path))]


def petr_units(path: Path, onto) -> list[Unit]:
    units = []
    for r in _dev(_read_jsonl(path)):
        codes = [c["eventcode"] for c in r.get("event_codings", []) if c.get("eventcode")]
        if not codes:
            units.append(Unit("petrarch", r["id"], r["text"], plover=NONE, root=NONE, penta="0"))
            continue
        root = codes[0][:2]
        units.append(Unit("petrarch", r["id"], r["text"], plover=_plover_of_cameo(codes[0], onto),
                          root=root, penta=str(onto.cameo_penta.get(root, 0)),
                          roots=list(dict.fromkeys(c[:2] for c in codes))))
    return units


def voa_stories(annotations: Path, stories: Path) -> list[tuple[dict, str]]:
    """(reference, story text) for every reference file in ``annotations``."""
    texts = {str(r["id"]): r["text"] for r in _read_jsonl(stories)}
    found = []
    for path in sorted(annotations.glob("*.json")):
        try:
            reference = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            log.warning("%s: unreadable reference, left out (%s)", path, error)
            continue
        key = str(reference.get("id", path.stem)).removeprefix("voa-")
        if key not in texts:
            log.warning("%s: no story %s in %s, left out", path, key, stories)
            continue
        found.append((reference, texts[key]))
    return found


def _event_rank(event: dict) -> tuple:
    return (not event.get("required", False), event.get("acled") is None)


def voa_units(reference: dict, text: str, sentences: list[tuple[int, int]], onto) -> list[Unit]:
    """One unit per sentence of the story; the covering event's labels, or NONE."""
    covering: dict[int, dict] = {}
    events = sorted((e for e in reference.get("events", []) if e.get("types")), key=_event_rank)
    for event in events:
        for start, end in event.get("evidence", []):
            for i, (s, e) in enumerate(sentences):
                overlap = min(e, end) - max(s, start)
                if overlap > 0 and overlap >= 0.5 * min(e - s, end - start) and i not in covering:
                    covering[i] = event
    units = []
    for i, (s, e) in enumerate(sentences):
        event = covering.get(i)
        unit = Unit("voa", f"{reference.get('id')}#{i}", text[s:e].strip())
        if event is None:
            unit.plover, unit.acled, unit.root, unit.penta = NONE, NOT_ACLED, NONE, "0"
        else:
            unit.plover = event["types"][0] if event["types"][0] in PLOVER_TYPES else None
            code = onto.acled_case_codes.get(event.get("acled") or "", NOT_ACLED)
            unit.acled = code
            cameo = str(event.get("cameo") or "")
            if len(cameo) >= 2 and cameo[:2].isdigit():
                unit.root, unit.penta = cameo[:2], str(onto.cameo_penta.get(cameo[:2], 0))
        if unit.text:
            units.append(unit)
    return units


# -- rule features ------------------------------------------------------------------------


def _rules_of(events, cued: bool) -> np.ndarray:
    return rule_features([e.event_type for e in events], any(e.acled_sub_event_type for e in events), cued)


def attach_rule_features(units: list[Unit], voa: list[tuple[dict, str]], onto) -> list[Unit]:
    """Run the rules-only pipeline over every passage and story; fill each unit's rule
    features; the VOA stories become units here (their sentences are the pipeline's)."""
    from frontwatch.pipeline import load_pipeline
    from frontwatch.read import read_text
    from frontwatch.records import Rejected
    from frontwatch.settings import load_settings
    from frontwatch.stages.learned_events import event_sentence, sentence_cued

    pipeline = load_pipeline(load_settings(typing_model=""))
    lemmas = onto.trigger_lemmas
    articles = [read_text(u.text, origin=u.id, id=f"unit-{k}", detect_head=False) for k, u in enumerate(units)]
    for unit, result in zip(units, pipeline.run(articles)):
        if isinstance(result, Rejected) or result.document.spacy is None:
            unit.rules = rule_features([], False, False)
            continue
        cued = any(sentence_cued(s, lemmas) for s in result.document.spacy.sents)
        unit.rules = _rules_of(result.events, cued)
    out = list(units)
    stories = [read_text(text, origin=str(ref.get("id")), id=str(ref.get("id")), detect_head=False) for ref, text in voa]
    for (reference, text), result in zip(voa, pipeline.run(stories)):
        if isinstance(result, Rejected) or result.document.spacy is None or result.article.text != text:
            log.warning("%s: story not read as one parse, left out", reference.get("id"))
            continue
        sentences = [s for s in result.document.spacy.sents if s.text.strip()]
        spans = [(s.start_char, s.end_char) for s in sentences]
        story_units = voa_units(reference, text, spans, onto)
        starts = [s for s, _ in spans]
        by_sentence: dict[int, list] = {}
        for event in result.events:
            by_sentence.setdefault(event_sentence(event, starts), []).append(event)
        keep = [i for i, (s, e) in enumerate(spans) if text[s:e].strip()]
        for unit, i in zip(story_units, keep):
            unit.rules = _rules_of(by_sentence.get(i, []), sentence_cued(sentences[i], lemmas))
        out.extend(story_units)
    return out


# -- fitting ------------------------------------------------------------------------------


def _fit_head(x: np.ndarray, labels: list[str], c: float, weights: np.ndarray | None = None):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000).fit(x, labels, sample_weight=weights)


def root_rows(units: list[Unit]) -> tuple[list[int], list[str], np.ndarray]:
    """The root head's rows (a unit once per root it teaches), labels and weights."""
    rows, labels, weights = [], [], []
    for k, u in enumerate(units):
        if u.root is None:
            continue
        weight = ROOT_PETR_WEIGHT if u.source == "petrarch" else ROOT_VOA_NONE_WEIGHT if (
            u.source == "voa" and u.root == NONE) else 1.0
        for root in (u.roots or [u.root]):
            rows.append(k)
            labels.append(root)
            weights.append(weight)
    return rows, labels, np.array(weights)


def _as_head(model, name: str, fitted_on: str) -> Head:
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([np.zeros_like(intercept), intercept])
    return Head(classes=tuple(str(k) for k in model.classes_), coef=coef, intercept=intercept,
                model=name, fitted_on=fitted_on)


def out_of_fold(x: np.ndarray, labels: list[str], c: float, seed: int = 13) -> tuple[list[str], np.ndarray]:
    """Each unit's probabilities from a head fitted on the other folds."""
    from sklearn.model_selection import StratifiedKFold

    classes = sorted(set(labels))
    y = np.array(labels)
    counts = Counter(labels)
    strata = np.array([label if counts[label] >= FOLDS else "_rare" for label in labels])
    probabilities = np.zeros((len(labels), len(classes)))
    for train, held in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(x, strata):
        model = _fit_head(x[train], list(y[train]), c)
        columns = [classes.index(k) for k in model.classes_]
        probabilities[np.ix_(held, columns)] = model.predict_proba(x[held])
    return classes, probabilities


def type_thresholds(
    classes: list[str], probabilities: np.ndarray, labels: list[str], articles: list[bool]
) -> dict[str, float]:
    """Per PLOVER type, the threshold of best F0.5 for "this type, above it" on the
    out-of-fold probabilities, among thresholds right at least MIN_PRECISION of the time
    both over all units and over the sentences of whole articles (``articles``: where a
    wrong event costs an analyst's trust); NEVER for a rare type or one never right."""
    best_label = [classes[k] for k in probabilities.argmax(axis=1)]
    best_p = probabilities.max(axis=1)
    counts = Counter(labels)
    thresholds = {}
    for label in classes:
        if label == NONE:
            continue
        if counts[label] < MIN_CLASS_UNITS:
            thresholds[label] = NEVER
            continue
        chosen, score = NEVER, 0.0
        for t in THRESHOLD_GRID:
            predicted = [b == label and p >= t for b, p in zip(best_label, best_p)]
            tp = sum(1 for p, g in zip(predicted, labels) if p and g == label)
            n = sum(predicted)
            in_articles = [g == label for p, g, a in zip(predicted, labels, articles) if p and a]
            if not tp or tp / n < MIN_PRECISION:
                continue
            if len(in_articles) >= 3 and sum(in_articles) / len(in_articles) < MIN_PRECISION:
                continue
            precision, recall = tp / n, tp / counts[label]
            f = (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)
            if f > score + 1e-9:
                chosen, score = t, f
        thresholds[label] = chosen
    return thresholds


def reject_threshold(classes: list[str], probabilities: np.ndarray, labels: list[str], ruled: list[bool]) -> float:
    """The P(NONE) from which a sentence's rule events are dropped: best gain of right
    drops less WRONG_DROP_COST per wrong drop, among units where the rules read events."""
    none = probabilities[:, classes.index(NONE)]
    chosen, gain = NEVER, 0.0
    for t in REJECT_GRID:
        right = sum(1 for p, g, r in zip(none, labels, ruled) if r and p >= t and g == NONE)
        wrong = sum(1 for p, g, r in zip(none, labels, ruled) if r and p >= t and g != NONE)
        value = right - WRONG_DROP_COST * wrong
        if value > gain:
            chosen, gain = t, value
    return chosen


def disown_threshold(classes: list[str], probabilities: np.ndarray, labels: list[str],
                     rule_types: list[list[str]], thresholds: dict[str, float]) -> float:
    """The probability under which the core disowns a rule event's type when it is sure
    of another (that type above its own threshold): best gain of right retypes (the gold
    type is the core's) less WRONG_DROP_COST per wrong one (the gold type is the rule's)."""
    best_label = [classes[k] for k in probabilities.argmax(axis=1)]
    best_p = probabilities.max(axis=1)
    chosen, gain = 0.0, 0.0
    for t in DISOWN_GRID:
        right = wrong = 0
        for k, types in enumerate(rule_types):
            b = best_label[k]
            if b == NONE or b in types or best_p[k] < thresholds.get(b, NEVER):
                continue
            for rule_type in types:
                if probabilities[k, classes.index(rule_type)] < t if rule_type in classes else False:
                    right += labels[k] == b
                    wrong += labels[k] == rule_type
        if right - WRONG_DROP_COST * wrong > gain:
            chosen, gain = t, right - WRONG_DROP_COST * wrong
    return chosen


def acled_threshold(classes: list[str], probabilities: np.ndarray, labels: list[str]) -> float:
    """Smallest probability of an ACLED sub-event type that is right at least as often
    as the rules' own ACLED types (2 in 3) on the out-of-fold probabilities."""
    best_label = [classes[k] for k in probabilities.argmax(axis=1)]
    best_p = probabilities.max(axis=1)
    for t in THRESHOLD_GRID:
        kept = [(b, g) for b, p, g in zip(best_label, best_p, labels) if p >= t and b != NOT_ACLED]
        if kept and sum(b == g for b, g in kept) / len(kept) >= 2 / 3:
            return t
    return NEVER


def fit_core(
    units: list[Unit], embedder: Embedder, c: float = CORE_C, report: dict | None = None,
    embeddings: np.ndarray | None = None,
) -> EventCore:
    """Fit the four heads on the units that know each head's label; thresholds out of fold."""
    if embeddings is None:
        embeddings = embedder.encode([u.text for u in units])
    x = np.hstack([embeddings, np.vstack([u.rules for u in units])]).astype(np.float32)
    heads, oof = {}, {}
    fitted_on = ", ".join(f"{k} {n}" for k, n in sorted(Counter(u.source for u in units).items()))
    for name in HEADS:
        weights = None
        if name == "root":
            rows, labels, weights = root_rows(units)
        else:
            rows = [k for k, u in enumerate(units) if getattr(u, name) is not None]
            labels = [getattr(units[k], name) for k in rows]
        heads[name] = _as_head(_fit_head(x[rows], labels, c, weights), embedder.name, fitted_on)
        if name in ("plover", "acled"):  # the heads whose thresholds are chosen
            oof[name] = (rows, labels, *out_of_fold(x[rows], labels, c))
    rows, labels, classes, probabilities = oof["plover"]
    articles = [units[k].source == "voa" for k in rows]
    thresholds = type_thresholds(classes, probabilities, labels, articles)
    ruled = [bool(units[k].rules[: len(PLOVER_TYPES)].any()) for k in rows]
    reject = reject_threshold(classes, probabilities, labels, ruled)
    rule_types = [[t for t, on in zip(PLOVER_TYPES, units[k].rules) if on] for k in rows]
    disown = disown_threshold(classes, probabilities, labels, rule_types, thresholds)
    _, acled_labels, acled_classes, acled_probabilities = oof["acled"]
    acled_min = acled_threshold(acled_classes, acled_probabilities, acled_labels)
    if report is not None:
        report.update(_oof_report(oof, thresholds, reject, ruled))
        report["acled_min"], report["disown"] = acled_min, disown
    return EventCore(heads=heads, thresholds=thresholds, reject=reject, acled_min=acled_min,
                     fitted_on=fitted_on, model=embedder.name,
                     extra={"units": dict(Counter(u.source for u in units)), "C": c, "disown": disown,
                            "root_weights": {"petrarch": ROOT_PETR_WEIGHT, "voa_none": ROOT_VOA_NONE_WEIGHT}})


def _oof_report(oof: dict, thresholds: dict, reject: float, ruled: list[bool]) -> dict:
    report = {}
    for name, (_, labels, classes, probabilities) in oof.items():
        predicted = [classes[k] for k in probabilities.argmax(axis=1)]
        report[f"{name}_oof_accuracy"] = round(sum(p == g for p, g in zip(predicted, labels)) / len(labels), 3)
        report[f"{name}_units"] = len(labels)
    _, labels, classes, probabilities = oof["plover"]
    none = probabilities[:, classes.index(NONE)]
    dropped = [(g) for p, g, r in zip(none, labels, ruled) if r and p >= reject]
    report["reject_oof"] = {"dropped": len(dropped), "right": sum(g == NONE for g in dropped)}
    report["thresholds"] = thresholds
    report["reject"] = reject
    return report


def build_units(dev: Path, voa_annotations: Path | None, onto) -> list[Unit]:
    """Every training unit named in the module's docstring, with rule features."""
    units = [
        *case_units(dev / "case2021_dev.jsonl", onto),
        *conflibert_units(dev / "conflibert_cameo_class_train.jsonl"),
        *petr_units(dev / "petr_unittest_records_en.jsonl", onto),
    ]
    voa = voa_stories(voa_annotations, dev / "voa_unlabelled.jsonl") if voa_annotations and voa_annotations.is_dir() else []
    return attach_rule_features(units, voa, onto)


def save_units(units: Iterable[Unit], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for u in units:
            out.write(json.dumps({**{k: getattr(u, k) for k in ("source", "id", "text", "plover", "acled", "root", "penta", "roots")},
                                  "rules": u.rules.tolist()}) + "\n")


def load_units(path: Path) -> list[Unit]:
    units = []
    for r in _read_jsonl(path):
        rules = np.array(r.pop("rules"), dtype=np.float32)
        units.append(Unit(**r, rules=rules))
    return units
