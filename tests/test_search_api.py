"""The search API over a real SQLite store and index built from corpus/ through the real pipeline
(read → extract → store → index), called through an in-process HTTP client."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from extract.pipeline import Extractor
from protocols.settings import Settings
from search_api.app import create_app
from search_api.index.base import Level
from search_api.service import ProtocolService

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "corpus" / "samples"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".docx", ".pdf"})
SEED_000 = SAMPLES / "seed-000-typed.docx"
SEED_004 = SAMPLES / "seed-004-typed.pdf"
SCHOOL_16 = "МБОУ «СШ № 16»"
TAKE_NOTE = "принять_информация_к_сведение"


def service_for(path: Path, extractor: Extractor, **settings) -> ProtocolService:
    return ProtocolService(Settings(data_dir=path, **settings), extractor=extractor)


def client_for(service: ProtocolService) -> TestClient:
    app = create_app(service.settings)
    app.state.service = service
    return TestClient(app)


@pytest.fixture(scope="session")
def api(corpus_service) -> TestClient:
    return client_for(corpus_service)


def get(api: TestClient, path: str, **params) -> dict:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(page: dict) -> set[str]:
    return {hit["id"] for hit in page["hits"]}


# ---------------------------------------------------------------- done when


def test_mentoring_at_school_16_finds_the_seed_with_a_highlighted_snippet(api):
    page = get(api, "/protocols", q="наставничество", school=SCHOOL_16)
    seed_hits = [h for h in page["hits"] if h["filename"] == SEED_000.name]
    assert len(seed_hits) == 1
    hit = seed_hits[0]
    assert re.search(r"<mark>[Нн]аставничеств[а-я]*</mark>", hit["snippet"])
    assert hit["date"] == "2022-04-20"
    assert SCHOOL_16 in hit["schools"]
    # Only protocols that name the school: the seed 000 in its formats (the 004 seed does not).
    assert {h["filename"] for h in page["hits"]} == {p.name for p in SAMPLE_FILES if "seed-000" in p.name} | {
        "000_2d1f58a6737913fc.txt"
    }


# ---------------------------------------------------------------- full text


def test_morphology_finds_every_form(api):
    nominative = get(api, "/protocols", q="наставничество", limit=100)
    genitive = get(api, "/protocols", q="наставничества", limit=100)
    assert nominative["total"] == genitive["total"] > 5
    assert ids(nominative) == ids(genitive)
    marked = {m.lower() for h in nominative["hits"] for m in re.findall(r"<mark>(.*?)</mark>", h["snippet"])}
    assert "наставничества" in marked  # found through a form the query did not spell


def test_yo_and_ye_are_the_same_letter(api):
    with_yo = get(api, "/protocols", q="Берёзовка", limit=100)
    with_ye = get(api, "/protocols", q="березовка", limit=100)
    assert with_yo["total"] == with_ye["total"] >= 1
    assert "<mark>Берёзовка</mark>" in with_ye["hits"][0]["snippet"]


def test_phrase_is_narrower_than_its_words(api):
    phrase = get(api, "/decisions", q='"принять к сведению"', limit=100)
    words = get(api, "/decisions", q="принять к сведению", limit=100)
    assert 0 < phrase["total"] <= words["total"]
    for hit in phrase["hits"]:
        text = (hit["text"] + " " + (hit["agenda"] or "")).lower()
        assert re.search(r"приня\w*\s+к\s+сведени", text), hit["text"]


@pytest.mark.parametrize(
    ("word", "prefix", "other_word"),
    [("наставничество", "настав*", "наставник"), ("аттестация", "аттест*", "аттестат"), ("олимпиада", "олимп*", "олимпиадн")],
)
def test_prefix_matches_every_word_it_begins(api, word, prefix, other_word):
    exact = get(api, "/protocols", q=word, limit=100)
    begun = get(api, "/protocols", q=prefix, limit=100)
    assert ids(exact) <= ids(begun)
    marked = {m.lower() for h in begun["hits"] for m in re.findall(r"<mark>(.*?)</mark>", h["snippet"] or "")}
    stem = prefix.rstrip("*")
    assert marked and all(m.startswith(stem) for m in marked)
    assert any(m.startswith(other_word) for m in marked), marked  # a word of another lemma


def test_or_and_not(api):
    a = get(api, "/protocols", q="олимпиада", limit=100)
    b = get(api, "/protocols", q="наставничество", limit=100)
    either = get(api, "/protocols", q="олимпиада OR наставничество", limit=100)
    both = get(api, "/protocols", q="олимпиада наставничество", limit=100)
    without = get(api, "/protocols", q="олимпиада -наставничество", limit=100)
    assert ids(either) == ids(a) | ids(b)
    assert ids(both) == ids(a) & ids(b)
    assert ids(without) == ids(a) - ids(b)


@pytest.mark.parametrize(
    "query",
    ['"незакрытая фраза', "(скобка", "скобка)", "OR", "слово OR", "NOT", "-", "н*", "*", "()", "наставник ИЛИ -школа",
     "а" * 600, '""'],
)
def test_unparseable_queries_get_400_with_a_message(api, query):
    for path in ("/protocols", "/decisions", "/measures", "/export/decisions.csv"):
        response = api.get(path, params={"q": query})
        assert response.status_code == 400, (path, query, response.text)
        body = response.json()
        assert body["code"] == "bad_query" and re.search(r"[а-яА-Я]", body["message"])


@pytest.mark.parametrize(
    "query",
    ["near(a b)", "a:b", "{title}: x", "^школа", "школа\\", "'", "%", "школа AND AND совет", "col:school", "a NEAR b",
     "школа\x00", "«наставничество»", "№16", "СШ№16", "-(-x)", "x -(-y)"],
)
def test_odd_queries_never_fail_with_500(api, query):
    response = api.get("/protocols", params={"q": query})
    assert response.status_code in (200, 400), (query, response.text)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": -1}, "limit"),
        ({"offset": 995, "limit": 10}, "1000"),
        ({"offset": -5}, "offset"),
        ({"year": "двадцатый"}, "year"),
        ({"date_from": "2023-01-01", "date_to": "2022-01-01"}, "date_from"),
        ({"date_from": "вчера"}, "date_from"),
        ({"facet_size": 0}, "facet_size"),
        ({"facet_size": 10_000}, "facet_size"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_bad_parameters_get_400(api, params, words):
    response = api.get("/protocols", params=params)
    assert response.status_code == 400, response.text
    assert words in response.json()["message"]


# ---------------------------------------------------------------- facets and filters


def test_facet_counts_follow_the_filters(api):
    everything = get(api, "/protocols", limit=0)
    at_school = get(api, "/protocols", school=SCHOOL_16, limit=0)
    assert 0 < at_school["total"] < everything["total"]
    # Every other facet counts only the school's protocols...
    years = at_school["facets"]["year"]["buckets"]
    assert sum(b["count"] for b in years) + at_school["facets"]["year"]["other"] == at_school["total"]
    kinds = {b["key"]: b["count"] for b in at_school["facets"]["kind"]["buckets"]}
    assert sum(kinds.values()) == at_school["total"]
    # ...while the school facet itself still offers the other schools, with their counts.
    schools = {b["label"]: b["count"] for b in at_school["facets"]["school"]["buckets"]}
    all_schools = {b["label"]: b["count"] for b in everything["facets"]["school"]["buckets"]}
    assert schools == all_schools
    # Narrowing by a year keeps the total consistent with that year's bucket.
    year = years[0]
    narrowed = get(api, "/protocols", school=SCHOOL_16, year=year["key"], limit=0)
    assert narrowed["total"] == year["count"]


def test_facet_keys_filter_exactly(api):
    page = get(api, "/protocols", limit=0, facet_size=50)
    for field in ("school", "kind", "year", "speaker", "organization", "month"):
        bucket = page["facets"][field]["buckets"][0]
        assert get(api, "/protocols", limit=0, **{field: bucket["key"]})["total"] == bucket["count"], field


def test_facet_size_is_capped(api):
    page = get(api, "/protocols", limit=0, facet_size=2)
    for facet in page["facets"].values():
        assert len(facet["buckets"]) <= 2
    assert page["facets"]["school"]["other"] > 0


def test_date_filters_are_inclusive(api):
    day = get(api, "/protocols", date_from="2022-04-20", date_to="2022-04-20", limit=100)
    assert day["total"] >= 5 and all(h["date"] == "2022-04-20" for h in day["hits"])
    after = get(api, "/protocols", date_from="2022-04-21", limit=100)
    assert all(h["date"] > "2022-04-20" for h in after["hits"])


def test_decisions_by_school(api):
    page = get(api, "/decisions", school=SCHOOL_16, limit=100)
    assert page["total"] >= 5
    protocols = {h["protocol_id"] for h in page["hits"]}
    for protocol_id in protocols:
        record = get(api, f"/protocols/{protocol_id}")["record"]
        assert any(s["name"] == SCHOOL_16 for s in record["schools"])
    assert {h["text"] for h in page["hits"]} >= {"Принять к сведению и использованию в работе рассмотренную информацию."}
    # A decision carries its protocol's date and kind.
    hit = page["hits"][0]
    assert hit["date"] == hit["protocol"]["date"] == "2022-04-20"


def test_decisions_by_responsible_and_query(api):
    page = get(api, "/decisions", q="методические материалы", limit=100)
    assert page["total"] >= 1
    responsible = page["facets"]["responsible"]["buckets"]
    assert responsible and responsible[0]["count"] >= 1
    narrowed = get(api, "/decisions", q="методические материалы", responsible=responsible[0]["key"], limit=100)
    assert narrowed["total"] == responsible[0]["count"]
    assert all(h["responsible"] and h["responsible"].lower() == responsible[0]["key"] for h in narrowed["hits"])


def test_pages_are_capped_and_do_not_overlap(api):
    first = get(api, "/protocols", sort="date_desc", limit=5)
    second = get(api, "/protocols", sort="date_desc", limit=5, offset=5)
    assert first["total"] == second["total"] > 10
    assert len(first["hits"]) == len(second["hits"]) == 5
    assert not ids(first) & ids(second)
    dates = [h["date"] or "" for h in first["hits"] + second["hits"]]
    assert dates == sorted(dates, reverse=True)
    assert api.get("/protocols", params={"limit": 100, "offset": 900}).status_code == 200
    assert api.get("/protocols", params={"limit": 100, "offset": 901}).status_code == 400


# ---------------------------------------------------------------- records, originals, export


def test_protocol_record_has_spans_into_its_text(api):
    hit = get(api, "/protocols", q="наставничество", school=SCHOOL_16, limit=1)["hits"][0]
    view = get(api, f"/protocols/{hit['id']}")
    record = view["record"]
    assert view["id"] == hit["id"] and view["stored"]["sha256"].startswith(hit["id"])
    text = record["text"]
    for school in record["schools"]:
        span = school["span"]
        assert text[span["start"]:span["end"]].strip(), school
    for decision in record["decisions"]:
        assert decision["text"][:20] in text[decision["span"]["start"]:decision["span"]["end"] + 5]
    assert [d["ordinal"] for d in view["decisions"]] == list(range(1, len(record["decisions"]) + 1))
    assert api.get("/protocols/ffffffffffffffff").status_code == 404


@pytest.mark.parametrize("path", [SEED_000, SEED_004])
def test_the_original_file_comes_back_byte_for_byte(api, corpus_service, path):
    protocol_id = corpus_service.store.find_by_sha256(__import__("hashlib").sha256(path.read_bytes()).hexdigest())
    response = api.get(f"/protocols/{protocol_id}/file")
    assert response.status_code == 200
    assert response.content == path.read_bytes()
    assert path.name in response.headers["content-disposition"]
    expected = "application/pdf" if path.suffix == ".pdf" else "application/vnd.openxmlformats-officedocument"
    assert response.headers["content-type"].startswith(expected)
    assert api.get("/protocols/ffffffffffffffff/file").status_code == 404


def test_csv_export_opens_in_russian_excel_and_matches_the_search(api):
    params = {"school": SCHOOL_16}
    response = api.get("/export/decisions.csv", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["id решения", "id протокола", "дата"] and "решение" in header
    search = get(api, "/decisions", limit=100, **params)
    assert {row[0] for row in body} == ids(search) and len(body) == search["total"]
    text_at = header.index("решение")
    by_id = {h["id"]: h for h in search["hits"]}
    for row in body:
        assert row[text_at] == by_id[row[0]]["text"]
        assert len(row) == len(header)


def test_jsonl_export_has_every_decision_beyond_a_page(api):
    response = api.get("/export/decisions.jsonl")
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    total = get(api, "/decisions", limit=0)["total"]
    assert len(lines) == total > 100  # more than the largest page
    assert len({line["decision_id"] for line in lines}) == total
    assert all(line["text"] and line["protocol_id"] for line in lines)


def test_health(api, corpus_service):
    health = get(api, "/health")
    assert health["status"] == "ok"
    assert health["protocols"] == health["indexed_protocols"] == corpus_service.store.count()
    assert health["indexed_decisions"] == corpus_service.index.count(Level.DECISIONS) > 0


def test_openapi_documents_the_routes_with_examples(api):
    spec = get(api, "/openapi.json")
    for path in ("/protocols", "/protocols/{protocol_id}", "/protocols/{protocol_id}/file", "/decisions", "/measures",
                 "/measures/{key}", "/export/decisions.csv", "/export/decisions.jsonl", "/health"):
        assert path in spec["paths"], path
    q = next(p for p in spec["paths"]["/protocols"]["get"]["parameters"] if p["name"] == "q")
    assert "наставничество" in json.dumps(q, ensure_ascii=False)
    assert api.get("/docs").status_code == 200


# ---------------------------------------------------------------- measures


@pytest.fixture(scope="module")
def two_seeds(tmp_path_factory, extractor) -> TestClient:
    """Only the two seed protocols, from a .docx and a .pdf."""
    service = service_for(tmp_path_factory.mktemp("seeds"), extractor)
    for path in (SEED_000, SEED_004):
        service.ingest_file(path)
    return client_for(service)


def test_the_seeds_take_note_decisions_are_one_measure_with_two_occurrences(two_seeds):
    measures = get(two_seeds, "/measures")
    take_note = [m for m in measures["measures"] if m["key"] == TAKE_NOTE]
    assert take_note == [{
        "key": TAKE_NOTE, "label": "Информацию о работе принять к сведению.", "decisions": 2, "protocols": 2,
    }]
    assert measures["total"] == len(measures["measures"])
    timeline = get(two_seeds, f"/measures/{TAKE_NOTE}")
    assert timeline["decisions"] == 2 and timeline["protocols"] == 2
    assert (timeline["first_date"], timeline["last_date"]) == ("2021-01-20", "2022-04-20")
    assert [(b["key"], b["count"]) for b in timeline["by_year"]] == [("2021", 1), ("2022", 1)]
    assert [(b["key"], b["count"]) for b in timeline["by_month"]] == [("2021-01", 1), ("2022-04", 1)]
    assert any(b["label"] == SCHOOL_16 for b in timeline["by_school"]["buckets"])
    occurrences = timeline["occurrences"]["hits"]
    assert [h["text"] for h in occurrences] == [
        "Информацию о работе принять к сведению.",
        "Принять к сведению и использованию в работе рассмотренную информацию.",
    ]
    for hit in occurrences:
        record = get(two_seeds, f"/protocols/{hit['protocol_id']}")["record"]
        span = hit["span"]
        assert hit["text"] in record["text"][span["start"]:span["end"]]


def test_a_measure_filters_decisions_and_protocols(two_seeds):
    decisions = get(two_seeds, "/decisions", measure=TAKE_NOTE)
    assert decisions["total"] == 2
    assert all(h["measure"]["key"] == TAKE_NOTE for h in decisions["hits"])
    protocols = get(two_seeds, "/protocols", measure=TAKE_NOTE)
    assert protocols["total"] == 2
    assert two_seeds.get("/measures/нет_такой_меры").status_code == 404


# ---------------------------------------------------------------- ingest


def test_ingesting_the_same_file_again_changes_nothing(tmp_path, extractor):
    service = service_for(tmp_path, extractor)
    first = service.ingest_file(SEED_004)
    assert first.status == "added" and first.decisions == 9
    before = (service.store.info(first.protocol_id), service.index.count(), service.index.count(Level.DECISIONS))
    contents = dump(service.settings.db_path), dump(service.settings.index_path)
    again = service.ingest_file(SEED_004)
    renamed = tmp_path / "другое имя.pdf"
    renamed.write_bytes(SEED_004.read_bytes())
    third = service.ingest_file(renamed)
    assert again.status == third.status == "duplicate"
    assert again.protocol_id == third.protocol_id == again.duplicate_of == first.protocol_id
    assert (service.store.info(first.protocol_id), service.index.count(), service.index.count(Level.DECISIONS)) == before
    assert service.store.count() == 1
    originals = [p for p in service.settings.originals_dir.rglob("*") if p.is_file()]
    assert len(originals) == 1 and originals[0].read_bytes() == SEED_004.read_bytes()
    assert originals[0].relative_to(service.settings.originals_dir).parts[:2] == (first.sha256[:2], first.sha256[2:4])
    assert (dump(service.settings.db_path), dump(service.settings.index_path)) == contents


def dump(path: Path) -> list[str]:
    """Every row of a database, as SQL (the file's bytes move with WAL checkpoints, its contents must not)."""
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def test_a_duplicate_heals_a_missing_index_entry(tmp_path, extractor):
    service = service_for(tmp_path, extractor)
    added = service.ingest_file(SEED_000)
    service.index.delete(added.protocol_id)
    assert service.index.count() == 0
    assert service.ingest_file(SEED_000).status == "duplicate"
    assert service.index.count() == 1 and service.index.count(Level.DECISIONS) == 1


def test_bad_files_raise_their_ingest_error_and_store_nothing(tmp_path, extractor):
    from ingest.errors import IngestError

    service = service_for(tmp_path, extractor)
    for name, code in (("corrupt.docx", "corrupt_file"), ("encrypted.pdf", "encrypted"), ("empty.docx", "empty_document")):
        with pytest.raises(IngestError) as raised:
            service.ingest_file(SAMPLES / "bad" / name)
        assert raised.value.code == code
    assert service.store.count() == 0 and service.index.count() == 0


def test_delete_removes_everywhere(tmp_path, extractor):
    service = service_for(tmp_path, extractor)
    added = service.ingest_file(SEED_000)
    api = client_for(service)
    assert get(api, "/protocols", q="наставничество")["total"] == 1
    assert service.delete_protocol(added.protocol_id) is True
    assert get(api, "/protocols", q="наставничество")["total"] == 0
    assert api.get(f"/protocols/{added.protocol_id}").status_code == 404
    assert api.get(f"/protocols/{added.protocol_id}/file").status_code == 404
    assert get(api, "/measures")["total"] == 0
    assert service.delete_protocol(added.protocol_id) is False


def test_reextract_and_rebuild_keep_ids_and_results(tmp_path, extractor):
    from search_api.index.sqlite import SqliteIndex

    service = service_for(tmp_path, extractor)
    for path in (SEED_000, SEED_004):
        service.ingest_file(path)
    api = client_for(service)
    before = get(api, "/decisions", limit=100)
    report = service.reextract_all()
    assert (report.total, report.done, report.failed) == (2, 2, [])
    after = get(api, "/decisions", limit=100)
    assert ids(after) == ids(before) and after["facets"] == before["facets"]
    fresh = SqliteIndex(tmp_path / "rebuilt.sqlite3")
    assert service.rebuild_index(fresh) == 2
    assert fresh.count() == 2 and fresh.count(Level.DECISIONS) == before["total"]
