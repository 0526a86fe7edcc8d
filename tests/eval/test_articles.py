"""Scoring whole articles against a directory of references (frontwatch.eval.articles,
``frontwatch eval articles``), and the CI gate on the VOA development set."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.eval.articles import evaluate_articles, miss_causes, split_of
from tests.conftest import SHARED

# Recorded in BENCHMARKS.md; a drop of more than 0.03 fails.
VOA_F1_RECORDED = 0.770
VOA_TUNING_F1_RECORDED = 0.832
VOA_CHECKING_F1_RECORDED = 0.698
VOA_ALLOWED_DROP = 0.03
VOA = SHARED / "gold" / "voa"
# The 59 VOA stories annotated here (train/gold/voa_unlabelled, texts in
# shared/dev/voa_unlabelled.jsonl): training and tuning material for the learned
# typer and the rules, gated so that no change loses on them either.
NEW_REFERENCES = Path(__file__).resolve().parents[2] / "train" / "gold" / "voa_unlabelled"
NEW_TEXTS = SHARED / "dev" / "voa_unlabelled.jsonl"
NEW_F1_RECORDED = 0.420
# The made-up conflict stories written here (train/gold/mkE ... mkI; texts in train/corpus;
# mkI is held out: no rule is tuned on it):
# in the repository, so gated even where ../shared is missing.
MADE_UP = Path(__file__).resolve().parents[2] / "train" / "gold"
MADE_UP_F1_RECORDED = {"mkE": 0.768, "mkF": 0.628, "mkG": 0.658, "mkH": 0.519, "mkI": 0.472}

IDLIB = {"lat": 35.93, "lon": 36.63}
ALEPPO = {"lat": 36.20, "lon": 37.16}  # about 60 km from Idlib


# --- the split --------------------------------------------------------------------


@pytest.mark.parametrize(("reference_id", "half"), [
    ("voa-6180015", "tuning"),
    ("voa-6203896", "checking"),
    ("voa-8011115", "checking"),
    ("voa-8011076", "tuning"),
    ("alpha", "tuning"),
    ("bravo", "checking"),
    ("", "tuning"),
])
def test_split_is_fixed(reference_id, half):
    assert split_of(reference_id) == half


def test_split_has_two_halves_only():
    halves = {split_of(f"article-{i}") for i in range(200)}
    assert halves == {"tuning", "checking"}


# --- why a required event was missed ------------------------------------------------


def event(event_id: str, event_type: str, country: str | None, place: dict | None, day: str | None) -> dict:
    return {
        "event_id": event_id, "event_type": event_type,
        "actor1": {"country": country} if country else None,
        "location": dict(place) if place else None, "date": day,
    }


def gold(gold_id: str, types: list[str], required: bool = True, **constraints) -> dict:
    return {"id": gold_id, "required": required, "types": types, **constraints}


def constrained(country="SYR", place=IDLIB, day: str | None = "2024-03-10", **extra) -> dict:
    """A reference event's actor, place and date constraints (no "date" when day is None)."""
    dates = {"date": day, "date_tolerance_days": 0} if day else {}
    actor = {"country": country, "sectors": ["MIL"]}
    return {"actor1": actor, "location": {**place, "tolerance_km": 25}, **dates, **extra}


MISS_REFERENCE = {"events": [
    gold("G-type", ["PROTEST"], **constrained()),
    gold("G-actor", ["ASSAULT"], **constrained()),
    gold("G-place", ["COERCE"], **constrained()),
    gold("G-date", ["THREATEN"], **constrained(day=None, date_from="2024-03-01", date_to="2024-03-05")),
    gold("G-several", ["SANCTION"], **constrained()),
    gold("G-taken", ["CONSULT"], **constrained()),
    gold("G-taker", ["CONSULT"], **constrained()),
    gold("G-found", ["MOBILIZE"], **constrained()),
    gold("O-missed", ["AID"], required=False),
]}
MISS_EVENTS = [
    event("e-actor", "ASSAULT", "TUR", IDLIB, "2024-03-10"),
    event("e-place", "COERCE", "SYR", ALEPPO, "2024-03-10"),
    event("e-date", "THREATEN", "SYR", IDLIB, "2024-03-09"),
    event("e-several-1", "SANCTION", "TUR", ALEPPO, "2024-03-10"),
    event("e-several-2", "SANCTION", None, None, None),
    event("e-consult", "CONSULT", "SYR", IDLIB, "2024-03-10"),
    event("e-found", "MOBILIZE", "SYR", IDLIB, "2024-03-10"),
]


def test_each_miss_is_given_its_cause():
    matched = {"G-taker": "e-consult", "G-found": "e-found"}
    assert miss_causes(MISS_EVENTS, MISS_REFERENCE, matched) == {
        "G-type": "type",
        "G-actor": "actor",
        "G-place": "place",
        "G-date": "date",
        "G-several": "several",  # the nearest SANCTION fails actor and place
        "G-taken": "taken",
    }


def test_a_reference_event_without_types_accepts_any_type():
    reference = {"events": [gold("G1", [], **constrained())]}
    del reference["events"][0]["types"]
    assert miss_causes([event("e1", "AID", "SYR", ALEPPO, "2024-03-10")], reference, {}) == {"G1": "place"}


# --- a directory of references ------------------------------------------------------


def matching(event_id: str, event_type: str, day: str = "2024-03-10") -> dict:
    return event(event_id, event_type, "SYR", IDLIB, day)


# Article alpha (tuning): G1 found, G2 missed (no COERCE), O1 matched (neutral), one false positive.
# Article bravo (checking): its extract fails.  Article charlie (tuning): both found.
REFERENCES = {
    "alpha": {
        "article": "corpus/alpha.txt", "published": "2024-03-11", "source": "Wire One",
        "events": [
            gold("G1", ["ASSAULT"], **constrained()),
            gold("G2", ["COERCE"], **constrained()),
            gold("O1", ["AID"], required=False),
        ],
    },
    "bravo": {
        "article": "corpus/bravo.txt", "published": "2024-03-12", "source": "Wire Two",
        "events": [gold("G1", ["ASSAULT"], **constrained())],
    },
    "charlie": {
        "article": "corpus/charlie.txt",
        "events": [gold("G1", ["ASSAULT"], **constrained()), gold("G2", ["PROTEST"], **constrained())],
    },
}
EXTRACTED = {
    "alpha.txt": [matching("a1", "ASSAULT"), matching("a2", "AID"), matching("a3", "THREATEN")],
    "charlie.txt": [matching("c1", "PROTEST"), matching("c2", "ASSAULT")],
}


@pytest.fixture
def references(tmp_path) -> Path:
    """gold/set/{alpha,bravo,charlie}.json; alpha's and bravo's articles in tmp/corpus
    (two folders above), charlie's beside the references in gold/set/corpus."""
    folder = tmp_path / "gold" / "set"
    (folder / "corpus").mkdir(parents=True)
    (tmp_path / "corpus").mkdir()
    for rid, reference in REFERENCES.items():
        (folder / f"{rid}.json").write_text(json.dumps({"id": rid, **reference}))
    for name in ("alpha.txt", "bravo.txt"):
        (tmp_path / "corpus" / name).write_text("An article.")
    (folder / "corpus" / "charlie.txt").write_text("An article.")
    return folder


class FakeExtract:
    """Returns the made-up events of each article; bravo's fails."""

    def __init__(self):
        self.calls = []

    def __call__(self, path: Path, published, source) -> list[dict]:
        self.calls.append((path, published, source))
        if path.name == "bravo.txt":
            raise RuntimeError("the model fell over\nsecond line of the error")
        return EXTRACTED[path.name]


def test_scores_are_micro_averaged_over_all_articles(references):
    result = evaluate_articles(references, FakeExtract(), "all")
    # tp 1 + 0 + 2, fp 1 (alpha's THREATEN; its AID matched an optional event), required 2 + 1 + 2
    assert (result["articles"], result["true_positives"], result["false_positives"], result["required"]) == (3, 3, 1, 5)
    assert (result["precision"], result["recall"], result["f1"]) == (0.75, 0.6, 0.667)
    assert result["missed_because"] == {
        "type": 1, "actor": 0, "place": 0, "date": 0, "several": 0, "taken": 0, "unread": 1,
    }


def test_a_row_per_article(references):
    rows = {row["id"]: row for row in evaluate_articles(references, FakeExtract())["rows"]}
    assert list(rows) == ["alpha", "bravo", "charlie"]
    assert rows["alpha"] == {
        "id": "alpha", "split": "tuning", "required": 2, "tp": 1, "fp": 1, "events": 3,
        "precision": 0.5, "recall": 0.5, "f1": 0.5, "misses": {"G2": "type"},
    }
    assert (rows["charlie"]["tp"], rows["charlie"]["fp"], rows["charlie"]["f1"]) == (2, 0, 1.0)
    assert rows["charlie"]["misses"] == {}


def test_a_failing_article_is_an_unread_row_and_the_set_goes_on(references):
    rows = {row["id"]: row for row in evaluate_articles(references, FakeExtract())["rows"]}
    assert rows["bravo"]["error"] == "the model fell over"
    assert rows["bravo"]["misses"] == {"G1": "unread"}
    assert (rows["bravo"]["required"], rows["bravo"]["tp"], rows["bravo"]["events"]) == (1, 0, 0)
    assert "error" not in rows["alpha"] and "error" not in rows["charlie"]


def test_extract_gets_the_article_path_and_the_references_metadata(references, tmp_path):
    extract = FakeExtract()
    evaluate_articles(references, extract)
    assert extract.calls == [
        (tmp_path / "corpus" / "alpha.txt", dt.date(2024, 3, 11), "Wire One"),
        (tmp_path / "corpus" / "bravo.txt", dt.date(2024, 3, 12), "Wire Two"),
        (references / "corpus" / "charlie.txt", None, None),
    ]


@pytest.mark.parametrize(("split", "ids"), [
    ("tuning", ["alpha", "charlie"]),
    ("checking", ["bravo"]),
    ("all", ["alpha", "bravo", "charlie"]),
])
def test_split_keeps_only_that_half(references, split, ids):
    result = evaluate_articles(references, FakeExtract(), split)
    assert [row["id"] for row in result["rows"]] == ids
    assert {row["split"] for row in result["rows"]} <= ({split} if split != "all" else {"tuning", "checking"})


def test_tuning_half_scores_only_its_articles(references):
    result = evaluate_articles(references, FakeExtract(), "tuning")
    assert (result["true_positives"], result["false_positives"], result["required"]) == (3, 1, 4)


def test_one_reference_file_is_a_set_of_one(references):
    result = evaluate_articles(references / "charlie.json", FakeExtract())
    assert [row["id"] for row in result["rows"]] == ["charlie"] and result["f1"] == 1.0


def test_an_article_not_found_is_an_unread_row(references):
    (references / "delta.json").write_text(json.dumps(
        {"id": "delta", "article": "corpus/nowhere.txt", "events": [gold("G1", ["ASSAULT"])]}
    ))
    rows = {row["id"]: row for row in evaluate_articles(references, FakeExtract())["rows"]}
    assert "corpus/nowhere.txt" in rows["delta"]["error"]
    assert rows["delta"]["misses"] == {"G1": "unread"}


def test_an_unknown_split_is_refused(references):
    with pytest.raises(ValueError, match="dev"):
        evaluate_articles(references, FakeExtract(), "dev")


def test_a_directory_without_references_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("no references here")
    with pytest.raises(ValueError, match="no reference files") as raised:
        evaluate_articles(tmp_path, FakeExtract())
    assert str(tmp_path) in str(raised.value)


def test_a_reference_without_events_is_refused_by_name(references):
    (references / "broken.json").write_text(json.dumps({"id": "broken", "article": "corpus/alpha.txt"}))
    with pytest.raises(ValueError, match="'events' list") as raised:
        evaluate_articles(references, FakeExtract())
    assert "broken.json" in str(raised.value)


def test_a_reference_that_is_not_json_is_refused_by_name(references):
    (references / "garbled.json").write_text("{not json")
    with pytest.raises(ValueError, match="not a JSON reference") as raised:
        evaluate_articles(references, FakeExtract())
    assert "garbled.json" in str(raised.value)


# --- the command ----------------------------------------------------------------------

ARTICLE = (
    "Police arrested five protesters in Nairobi on Monday, officials said. "
    "The protesters had gathered outside the parliament to demand lower fuel prices. "
    "A police spokesman said the five would appear in court on Wednesday. "
    "Organisers of the march said they would return to the streets next week.\n"
)
NAIROBI = {"lat": -1.28333, "lon": 36.81667}


@pytest.fixture
def nairobi(tmp_path) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "nairobi-1.txt").write_text(ARTICLE)
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "nairobi-1.json").write_text(json.dumps({
        "article": "corpus/nairobi-1.txt", "id": "nairobi-1", "published": "2024-03-12",
        "source": "Made-up Wire", "notes": "Monday is 2024-03-11.",
        "events": [
            gold("E1", ["COERCE"], actor1={"country": "KEN", "sectors": ["POL"]},
                 location={**NAIROBI, "tolerance_km": 25}, date="2024-03-11", date_tolerance_days=1),
            gold("O1", ["PROTEST"], required=False),
        ],
    }))
    return folder


@pytest.fixture(scope="module")
def runner(pipeline):  # the pipeline fixture loads the model once for the module
    return CliRunner()


def run(runner, *args):
    """The command in a terminal wide enough that rich neither wraps nor cuts a line."""
    return runner.invoke(app, ["eval", "articles", *args], env={"COLUMNS": "300"})


@pytest.mark.slow
def test_command_prints_json_scores(runner, nairobi):
    result = run(runner, str(nairobi), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert (scores["articles"], scores["required"]) == (1, 1)
    (row,) = scores["rows"]
    assert (row["id"], row["split"], row["required"]) == ("nairobi-1", "checking", 1)
    assert "error" not in row, row
    assert set(scores["missed_because"]) == {"type", "actor", "place", "date", "several", "taken", "unread"}


@pytest.mark.slow
def test_command_prints_a_table(runner, nairobi):
    result = run(runner, str(nairobi), "--split", "checking")
    assert result.exit_code == 0, result.output
    assert "nairobi-1" in result.stdout and "micro over 1 articles" in result.stdout


@pytest.mark.slow
def test_command_with_the_other_half_scores_nothing(runner, nairobi):
    result = run(runner, str(nairobi), "--split", "tuning", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"] == 0


@pytest.mark.slow
def test_command_reads_an_article_that_is_a_record_of_a_jsonl_corpus(runner, tmp_path):
    (tmp_path / "shared" / "dev").mkdir(parents=True)
    records = [{"id": "7", "title": "Another story", "text": "Nothing happened."},
               {"id": "8", "title": "Arrests in Nairobi", "text": ARTICLE}]
    (tmp_path / "shared" / "dev" / "stories.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    folder = tmp_path / "repo" / "train" / "gold"
    folder.mkdir(parents=True)
    (folder / "nairobi-8.json").write_text(json.dumps({
        "article": "dev/stories.jsonl#8", "id": "nairobi-1", "published": "2024-03-12",
        "source": "Made-up Wire", "events": [
            gold("E1", ["COERCE"], actor1={"country": "KEN", "sectors": ["POL"]},
                 location={**NAIROBI, "tolerance_km": 25}, date="2024-03-11", date_tolerance_days=1)],
    }))
    result = run(runner, str(folder), "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["rows"]
    assert "error" not in row and row["tp"] == 1, row
    (folder / "nairobi-8.json").write_text(json.dumps({"article": "dev/stories.jsonl#9", "events": []}))
    (row,) = json.loads(run(runner, str(folder), "--json").stdout)["rows"]
    assert "no record with id '9'" in row["error"]


def one_line_error(result) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "Invalid value" in line]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.slow
def test_command_refuses_a_missing_path(runner, tmp_path):
    result = run(runner, str(tmp_path / "missing"))
    assert "does not exist" in one_line_error(result)


@pytest.mark.slow
def test_command_refuses_a_directory_without_references(runner, tmp_path):
    result = run(runner, str(tmp_path))
    assert "no reference files" in one_line_error(result)


@pytest.mark.slow
def test_command_refuses_an_unknown_split(runner, nairobi):
    result = run(runner, str(nairobi), "--split", "dev")
    assert "'dev' is not one of" in one_line_error(result)


# --- the gate: the VOA development set ------------------------------------------------


@pytest.fixture(scope="module")
def voa(request) -> dict:
    """The whole set read once by the real pipeline; its halves come from the rows."""
    from frontwatch.commands.eval_cmd import _article_extractor

    if not VOA.is_dir():
        pytest.skip(f"missing {VOA}")
    pipeline = request.getfixturevalue("pipeline")  # only now: a skip loads no model
    return evaluate_articles(VOA, _article_extractor(pipeline), "all")


def half_f1(rows: list[dict], half: str) -> float:
    rows = [row for row in rows if row["split"] == half]
    tp = sum(row["tp"] for row in rows)
    fp = sum(row["fp"] for row in rows)
    required = sum(row["required"] for row in rows)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / required if required else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.mark.slow
def test_voa_development_set_holds_its_f1(voa):
    assert voa["missed_because"]["unread"] == 0, [row for row in voa["rows"] if "error" in row]
    tuning, checking = half_f1(voa["rows"], "tuning"), half_f1(voa["rows"], "checking")
    scores = f"all {voa['f1']:.3f}, tuning {tuning:.3f}, checking {checking:.3f}"
    assert voa["f1"] >= VOA_F1_RECORDED - VOA_ALLOWED_DROP, scores
    assert tuning >= VOA_TUNING_F1_RECORDED - VOA_ALLOWED_DROP, scores
    assert checking >= VOA_CHECKING_F1_RECORDED - VOA_ALLOWED_DROP, scores


@pytest.mark.slow
def test_the_annotated_voa_stories_hold_their_f1(request):
    from frontwatch.commands.eval_cmd import _article_extractor

    if not NEW_TEXTS.is_file():
        pytest.skip(f"missing {NEW_TEXTS}")
    pipeline = request.getfixturevalue("pipeline")
    scores = evaluate_articles(NEW_REFERENCES, _article_extractor(pipeline), "all")
    assert scores["articles"] == 59 and scores["missed_because"]["unread"] == 0, [
        row for row in scores["rows"] if "error" in row]
    assert scores["f1"] >= NEW_F1_RECORDED - VOA_ALLOWED_DROP, f"F1 {scores['f1']:.3f}"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MADE_UP_F1_RECORDED))
def test_the_made_up_conflict_stories_hold_their_f1(request, name):
    from frontwatch.commands.eval_cmd import _article_extractor

    pipeline = request.getfixturevalue("pipeline")
    scores = evaluate_articles(MADE_UP / name, _article_extractor(pipeline), "all")
    assert scores["articles"] == 16 and scores["missed_because"]["unread"] == 0, [
        row for row in scores["rows"] if "error" in row]
    assert scores["f1"] >= MADE_UP_F1_RECORDED[name] - VOA_ALLOWED_DROP, f"F1 {scores['f1']:.3f}"


def test_a_told_control_change_is_matched_where_two_events_fit():
    """Two events fit the reference event that tells a control change; the scorer pairs
    it with the one that tells the change, whichever the matching search met first."""
    from frontwatch.eval.gold import score

    def event(n, change):
        return {"event_id": n, "event_type": "ASSAULT", "actor1": {"country": "SYR"},
                "location": {"lat": 35.86, "lon": 36.80}, "date": "2020-02-08",
                "control_change": {"new_controller": {"country": "SYR"}} if change else None}
    reference = {"events": [
        {"id": "E1", "required": True, "types": ["ASSAULT"], "actor1": {"country": "SYR"},
         "location": {"lat": 35.86, "lon": 36.80, "tolerance_km": 10}, "date": "2020-02-08",
         "control_change": {"new_controller": {"country": "SYR"}}},
        {"id": "E2", "required": True, "types": ["ASSAULT"], "actor1": {"country": "SYR"},
         "location": {"lat": 35.86, "lon": 36.80, "tolerance_km": 10}, "date": "2020-02-08"},
    ]}
    for events in ([event("a", True), event("b", False)], [event("b", False), event("a", True)]):
        result = score(events, reference)
        assert result.true_positives == 2 and result.control_ok == {"E1": True}


@pytest.mark.parametrize("order", [("rejects", "accuses"), ("accuses", "rejects")])
def test_an_event_that_fits_only_an_optional_reference_is_not_counted_wrong(order):
    """A required reference that two events fit takes the one an optional reference
    cannot, whatever the order of the events: the other is neutral, not a false positive."""
    from frontwatch.eval.gold import score

    kinds = {"rejects": "REJECT", "accuses": "ACCUSE"}
    events = [{"event_id": n, "event_type": kinds[n], "actor1": {"country": "AFG"}, "date": "2025-03-13"}
              for n in order]
    reference = {"events": [
        {"id": "Q1", "required": True, "types": ["REJECT", "ACCUSE"], "actor1": {"country": "AFG"}},
        {"id": "R1", "required": False, "types": ["ACCUSE", "REQUEST"]},
    ]}
    result = score(events, reference)
    assert (result.true_positives, result.false_positives, result.neutral) == (1, 0, 1)
    assert result.matches == {"Q1": "rejects", "R1": "accuses"}


def test_a_relative_reference_folder_finds_its_corpus_above_it(tmp_path, monkeypatch):
    """`frontwatch eval articles train/gold/x` run from the repository: the corpus sits in
    ../shared, above the working directory, which a relative path's parents never reach."""
    from frontwatch.eval.articles import article_path

    (tmp_path / "shared" / "dev").mkdir(parents=True)
    (tmp_path / "shared" / "dev" / "c.jsonl").write_text('{"id": 1, "text": "x"}\n')
    refs = tmp_path / "repo" / "train" / "gold"
    refs.mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    found = article_path({"article": "dev/c.jsonl#1"}, Path("train/gold/r.json"))
    assert found.record_id == "1"
