"""What only the SQLite backend has: columns saved next to the index and restored by a new process,
several processes' writes seen by each other, and coarse relevance past the bm25 window."""

from __future__ import annotations

import pytest

from search_api.index.base import FacetRequest, Filters, Level, SearchRequest
from search_api.index.sqlite import SqliteIndex
from tests.conformance.conftest import corpus, lemmatizer, make_protocol, morph, parse  # noqa: F401 (fixtures)

FACETS = (FacetRequest("school"), FacetRequest("year", order="key"), FacetRequest("measure"))


@pytest.fixture
def documents(corpus):
    texts = [
        ("Совет школы. Школа № 1. Повестка: О наставничестве. Решили: Информацию принять к сведению.", "2020-02-03", "Школа № 1"),
        ("Совет школы. Школа № 2. Повестка: Об олимпиаде. Решили: Информацию принять к сведению.", "2021-02-03", "Школа № 2"),
        ("Совет школы. Школа № 1. Повестка: О питании. Говорили о наставничестве. Решили: Провести проверку.", "2022-02-03", "Школа № 1"),
        ("Совет школы. Школа № 3. Повестка: О наставничестве молодых. Решили: Назначить наставников.", "2023-02-03", "Школа № 3"),
    ]
    docs = []
    for text, date, school in texts:
        agenda = text.split("Повестка: ")[1].split(".")[0] + "."
        decision = text.split("Решили: ")[1]
        docs.append(corpus.documents(make_protocol(text, date=date, schools=[school], agenda=[agenda], decisions=[(decision, None)])))
    return docs


def snapshot(index: SqliteIndex) -> tuple:
    result = index.search(SearchRequest(limit=50, facets=FACETS, sort="date_asc"))
    decisions = index.search(SearchRequest(level=Level.DECISIONS, limit=50, facets=FACETS, sort="date_asc"))
    return (
        [h.id for h in result.hits], {f: [(b.key, b.count) for b in v.buckets] for f, v in result.facets.items()},
        [h.id for h in decisions.hits], {f: [(b.key, b.count) for b in v.buckets] for f, v in decisions.facets.items()},
    )


def test_a_new_process_restores_saved_columns_and_applies_later_changes(tmp_path, documents):
    path = tmp_path / "index.sqlite3"
    first = SqliteIndex(path)
    first.index(documents[:2])
    first.search(SearchRequest())  # loads the columns and saves them next to the index
    assert (tmp_path / "index.sqlite3.p-columns.npz").exists()
    writer = SqliteIndex(path)
    writer.index(documents[2:])
    writer.delete(documents[0].id)
    restored = SqliteIndex(path)
    expected_ids = [d.id for d in documents[1:]]
    assert snapshot(restored)[0] == expected_ids
    # The same answers as reading everything from SQL, and as the first instance catching up.
    for saved in tmp_path.glob("*.npz"):
        saved.unlink()
    assert snapshot(restored) == snapshot(SqliteIndex(path)) == snapshot(first)


def test_saved_columns_of_another_index_are_ignored(tmp_path, documents):
    one, other = SqliteIndex(tmp_path / "one.sqlite3"), SqliteIndex(tmp_path / "other.sqlite3")
    one.index(documents[:1])
    other.index(documents[1:])
    one.search(SearchRequest())
    other.search(SearchRequest())
    (tmp_path / "other.sqlite3.p-columns.npz").replace(tmp_path / "one.sqlite3.p-columns.npz")
    assert snapshot(SqliteIndex(tmp_path / "one.sqlite3"))[0] == [documents[0].id]
    (tmp_path / "one.sqlite3.d-columns.npz").write_bytes(b"not an npz")
    assert snapshot(SqliteIndex(tmp_path / "one.sqlite3"))[2] == [d.id for d in documents[0].decisions]


def test_past_the_rank_window_weighted_fields_come_first_then_newest(tmp_path, documents, parse):
    index = SqliteIndex(tmp_path / "index.sqlite3", rank_window=2)
    index.index(documents)
    # "наставничество" is in the agenda of 1 and 4, only in the body of 3.
    hits = index.search(SearchRequest(query=parse("наставничество"))).hits
    assert [h.id for h in hits] == [documents[3].id, documents[0].id, documents[2].id]
    assert all(h.score is None for h in hits)
    exact = SqliteIndex(tmp_path / "index.sqlite3").search(SearchRequest(query=parse("наставничество"))).hits
    assert {h.id for h in exact[:2]} == {documents[3].id, documents[0].id} and all(h.score for h in exact)
    filtered = index.search(SearchRequest(query=parse("наставничество"), filters=Filters({"school": ("школа № 1",)})))
    assert [h.id for h in filtered.hits] == [documents[0].id, documents[2].id]


def test_a_query_matching_most_documents_lists_them_newest_first(tmp_path, documents, parse):
    index = SqliteIndex(tmp_path / "index.sqlite3", rank_window=1, tier_limit=2)
    index.index(documents)
    hits = index.search(SearchRequest(query=parse("наставничество"))).hits  # 3 of 4 documents
    assert [h.id for h in hits] == [documents[3].id, documents[2].id, documents[0].id]
    assert all(h.score is None for h in hits)
