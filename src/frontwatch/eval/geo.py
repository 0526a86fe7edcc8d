"""Evaluating toponym recognition and resolution on LGL-style data.

Input: JSON lines ``{"docid", "text", "toponyms": [{"start", "end", "lat", "lon", ...}]}``
(shared/dev/geo_lgl.jsonl).  A predicted mention matches a gold toponym when their
character spans overlap (one to one).  Road mentions are left out: LGL does not
annotate streets and roads.
"""

from __future__ import annotations

import time

from frontwatch.document import Document
from frontwatch.eval import read_reference
from frontwatch.geo.gazetteer import haversine_km
from frontwatch.records import Article, Toponym

ACC_KM = 161.0  # 100 miles, the customary geoparsing threshold


def evaluate_lgl(path: str, nlp, gazetteer, limit: int | None = None) -> dict:
    """Precision, recall, F1, acc@161km and mean error (km) of the toponyms stage."""
    from frontwatch.stages.toponyms import ToponymsStage

    records = read_reference(path, limit)
    if not records:
        raise ValueError(f"{path}: no records")
    for number, record in enumerate(records, 1):
        if not (isinstance(record, dict) and isinstance(record.get("text"), str)
                and isinstance(record.get("toponyms"), list)):
            raise ValueError(f"{path}: record {number} has no \"text\" string and \"toponyms\" list")
    stage = ToponymsStage(gazetteer)
    started = time.perf_counter()
    parsed = list(nlp.pipe(r["text"] for r in records))
    parse_seconds = time.perf_counter() - started
    predictions: list[list[Toponym]] = []
    started = time.perf_counter()
    for record, sdoc in zip(records, parsed, strict=True):
        doc = Document(article=Article(text=record["text"], id=str(record.get("docid", ""))),
                       spacy=sdoc)
        stage(doc)
        predictions.append([t for t in doc.toponyms if t.cue != "road"])
    stage_seconds = time.perf_counter() - started
    # LGL's annotators also marked country adjectives ("Sudanese", "Israeli") as toponyms;
    # frontwatch does not (they are actors' nationalities), so report both views.
    from frontwatch.geo.resolver import Resolver

    resolver = Resolver(gazetteer)
    places_only = [dict(r, toponyms=[t for t in r["toponyms"]
                                     if not resolver.demonym_country(t.get("phrase", ""))])
                   for r in records]
    without = _score(places_only, predictions)
    return _score(records, predictions) | {
        "f1_without_demonym_gold": without["f1"],
        "recall_without_demonym_gold": without["recall"],
        "articles": len(records),
        "parse_seconds": round(parse_seconds, 3),
        "toponyms_seconds": round(stage_seconds, 3),
        "toponyms_share_of_parse": round(stage_seconds / parse_seconds, 3) if parse_seconds else None,
    }


def _score(records: list[dict], predictions: list[list[Toponym]]) -> dict:
    """Gold toponyms without a point (lat or lon missing) count for precision and recall
    only; accuracy is over the matched ones with a point."""
    n_pred = n_gold = n_match = n_pointed = n_close = n_resolved = 0
    errors: list[float] = []
    for record, predicted in zip(records, predictions, strict=True):
        gold = record["toponyms"]
        n_pred += len(predicted)
        n_gold += len(gold)
        used: set[int] = set()
        for toponym in predicted:
            for j, g in enumerate(gold):
                if j not in used and toponym.char_start < g["end"] and g["start"] < toponym.char_end:
                    used.add(j)
                    n_match += 1
                    if g.get("lat") is None or g.get("lon") is None:
                        break
                    n_pointed += 1
                    place = toponym.place
                    if place is not None and place.lat is not None:
                        n_resolved += 1
                        km = haversine_km(place.lat, place.lon, float(g["lat"]), float(g["lon"]))
                        errors.append(km)
                        n_close += km <= ACC_KM
                    break
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "predicted": n_pred,
        "gold": n_gold,
        "matched": n_match,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "acc_161km": round(n_close / n_pointed, 4) if n_pointed else 0.0,
        "acc_161km_resolved": round(n_close / n_resolved, 4) if n_resolved else 0.0,
        "mean_error_km": round(sum(errors) / len(errors), 1) if errors else None,
    }
