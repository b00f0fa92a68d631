"""What only the SQLite backend has: columns saved next to the index and restored by a new process,
several processes' writes seen by each other, and coarse relevance past the bm25 window."""

from __future__ import annotations

import numpy as np
import pytest

from search_api.index.base import (
    SEARCH_FIELDS,
    FacetRequest,
    Filters,
    Level,
    OrQuery,
    PhraseQuery,
    SearchRequest,
    TermQuery,
)
from search_api.index.sqlite import SqliteIndex, _Pairs, match_expression
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


PHRASE_TEXTS = [
    ("Педсовет. Северо-Западный округ. Повестка: Итоги учебного года. Решили: Итоги учебного года принять к сведению.",
     "2021-06-01", "Итоги учебного года.", "Итоги учебного года принять к сведению."),
    ("Совет. Повестка: О плане на год. Решили: Учебный план принять. Год был учебный, итоги подвели. Северо-восток.",
     "2021-09-01", "О плане на год.", "Учебный план принять."),
    ("Совещание. Повестка: Итоги года и учебного процесса. Решили: Принять к сведению итоги. Год учебный, год трудный.",
     "2022-01-10", "Итоги года и учебного процесса.", "Принять к сведению итоги."),
]


def _phrase_documents(corpus):
    return [
        corpus.documents(make_protocol(text, date=date, agenda=[agenda], decisions=[(decision, None)]))
        for text, date, agenda, decision in PHRASE_TEXTS
    ]


PHRASE_QUERIES = [
    '"итоги учебного года"', '"учебного года"', '"принять к сведению"', '"к сведению принять"', '"год учебный"',
    "северо-западный", "северо-зап*", "итоги -\"учебного года\"", '"учебный год" OR "год учебный"', "учебного года",
]


def _reference_fts(db, index: SqliteIndex, level: Level) -> str:
    """A plain FTS5 table over the same lemmas, as the index had before pair columns: the oracle."""
    t = {Level.PROTOCOLS: "p", Level.DECISIONS: "d"}[level]
    fields = list(SEARCH_FIELDS[level])
    db.execute(f"CREATE VIRTUAL TABLE ref_{t} USING fts5({', '.join(fields)}, content='', tokenize='unicode61 remove_diacritics 0')")
    db.execute(f"INSERT INTO ref_{t}(ref_{t}, rank) VALUES ('rank', 'bm25({', '.join(map(str, SEARCH_FIELDS[level].values()))})')")
    for rowid, doc_id in db.execute(f"SELECT rowid, id FROM {t}_docs").fetchall():
        doc = index.get(doc_id, level)
        texts = [" ".join(doc.fields[f].lemmas) if f in doc.fields else "" for f in fields]
        db.execute(f"INSERT INTO ref_{t}(rowid, {', '.join(fields)}) VALUES (?{', ?' * len(fields)})", (rowid, *texts))
    return f"ref_{t}"


@pytest.mark.parametrize("level", [Level.PROTOCOLS, Level.DECISIONS])
def test_phrases_through_pair_columns_find_and_score_what_positions_do(tmp_path, corpus, parse, level):
    index = SqliteIndex(tmp_path / "index.sqlite3")
    index.index(_phrase_documents(corpus))
    db = index._database.connection
    reference = _reference_fts(db, index, level)
    t = reference[-1]
    for text in PHRASE_QUERIES:
        node = parse(text)
        plain = db.execute(
            f"SELECT rowid, rank FROM {reference} WHERE {reference} MATCH ? ORDER BY rowid", (_plain_expression(node),)
        ).fetchall()
        paired = db.execute(
            f"SELECT rowid, rank FROM {t}_fts WHERE {t}_fts MATCH ? ORDER BY rowid", (match_expression(node),)
        ).fetchall()
        assert paired == plain, text
    assert len({len(db.execute(f"SELECT rowid FROM {reference} WHERE {reference} MATCH ?", (_plain_expression(parse(q)),)).fetchall())
                for q in PHRASE_QUERIES}) > 1  # the queries tell the documents apart


def _plain_expression(node) -> str:
    """The FTS5 expression over plain lemma columns (phrases checked by position)."""
    if isinstance(node, TermQuery):
        return '"' + node.lemma + '"' + ("*" if node.prefix else "")
    if isinstance(node, PhraseQuery):
        return '"' + " ".join(node.lemmas) + '"'
    if isinstance(node, OrQuery):
        return "(" + " OR ".join(f"({_plain_expression(n)})" for n in node.should) + ")"
    positive = "(" + " AND ".join(f"({_plain_expression(n)})" for n in node.must) + ")"
    return positive + "".join(f" NOT ({_plain_expression(n)})" for n in node.must_not)


def test_an_index_from_before_pair_columns_is_rebuilt_when_opened(tmp_path, corpus, parse):
    path = tmp_path / "index.sqlite3"
    index = SqliteIndex(path)
    index.index(_phrase_documents(corpus))
    requests = [
        SearchRequest(level=level, query=parse(q), facets=FACETS) for q in PHRASE_QUERIES for level in Level
    ]
    before = [index.search(r) for r in requests]
    db = index._database.connection
    for level in Level:
        t = {Level.PROTOCOLS: "p", Level.DECISIONS: "d"}[level]
        _reference_fts(db, index, level)
        db.execute(f"DROP TABLE {t}_fts")
        db.execute(f"ALTER TABLE ref_{t} RENAME TO {t}_fts")
    index.close()
    reopened = SqliteIndex(path)
    columns = [r[1] for r in reopened._database.connection.execute("PRAGMA table_info(p_fts)")]
    assert "body_pairs" in columns
    after = [reopened.search(r) for r in requests]
    assert [(r.total, [(h.id, h.score) for h in r.hits]) for r in after] == [
        (r.total, [(h.id, h.score) for h in r.hits]) for r in before
    ]
    assert any(r.total for r in after)


def test_facet_counts_by_runs_equal_counts_by_pairs():
    """Decisions of one protocol share values: counting runs once, weighted, gives the exact counts."""
    rng = np.random.default_rng(7)
    size, values_count = 3000, 40
    docs, values = [], []
    shared: list[int] = []
    for rowid in range(1, size):
        if rng.random() < 0.2:  # a new protocol: another set of shared values
            shared = rng.choice(values_count, rng.integers(0, 4), replace=False).tolist()
        own = shared + ([int(rng.integers(values_count))] if rng.random() < 0.1 else [])
        own = list(dict.fromkeys(own))
        docs += [rowid] * len(own)
        values += own
    docs, values = np.array(docs, dtype=np.int32), np.array(values, dtype=np.int32)
    whole = _Pairs(docs, values, size)
    half = int(np.searchsorted(docs, size // 2))
    grown = _Pairs(docs[:half], values[:half], size // 2).appended(docs[half:], values[half:], size)
    assert whole.runs is not None and grown.runs is not None and whole.runs.count < size // 2
    for share in (0.01, 0.3, 0.9):
        selected = rng.random(size) < share
        rowids = np.flatnonzero(selected)
        expected = np.zeros(values_count, dtype=np.int64)
        for doc, value in zip(docs.tolist(), values.tolist(), strict=True):
            expected[value] += selected[doc]
        assert whole.runs.counts(rowids, values_count).tolist() == expected.tolist()
        assert grown.runs.counts(rowids, values_count).tolist() == expected.tolist()
        assert whole.counts(selected, rowids, values_count).tolist() == expected.tolist()
        assert whole.counts(selected, None, values_count).tolist() == expected.tolist()


@pytest.mark.parametrize("sort", ["date_desc", "date_asc"])
@pytest.mark.parametrize("tiered", [False, True])
def test_a_page_of_many_matches_is_the_head_of_their_full_order(sort, tiered):
    """Past a few thousand matches only those up to the page's last date are ordered: the page must be
    what ordering all of them gives, undated documents last and ties broken the same way."""
    from types import SimpleNamespace

    from search_api.index.sqlite import NO_DATE, _Ranking

    rng = np.random.default_rng(7)
    size = 20_000
    dates = rng.integers(17_000, 17_400, size=size).astype(np.int32)  # many ties per day
    dates[rng.random(size) < 0.1] = NO_DATE
    columns = SimpleNamespace(
        date=dates, order=rng.integers(0, 50, size=size).astype(np.int64), ordinal=np.arange(size, dtype=np.int32)[::-1].copy(),
    )
    ranking = None
    if tiered:
        values = np.full(size, np.nan)
        values[rng.random(size) < 0.3] = 0.0
        ranking = _Ranking(values, scored=False)
    candidates = np.flatnonzero(rng.random(size) < 0.8)
    request = SearchRequest(sort=sort)
    full = SqliteIndex._ordered(request, candidates, ranking, columns, None)
    for needed in (1, 20, 500):
        assert SqliteIndex._ordered(request, candidates, ranking, columns, needed) == full[:needed]
