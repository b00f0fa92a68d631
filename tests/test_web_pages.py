"""The web interface (server-rendered Russian pages) over a real SQLite store and index built from corpus/
through the real pipeline, called through an in-process HTTP client like a browser would."""

from __future__ import annotations

import hashlib
import html
import re
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from corpus.documents import write_docx
from ingest.queue import IngestQueue
from protocols.settings import Settings
from search_api.app import create_app
from search_api.params import SearchParams
from search_api.service import ProtocolService
from tests.conftest import SAMPLES_DIR

SEED_000 = SAMPLES_DIR / "seed-000-typed.docx"
SEED_004 = SAMPLES_DIR / "seed-004-typed.pdf"
SCHOOL_16 = "МБОУ «СШ № 16»"
TAKE_NOTE = "принять_информация_к_сведение"
TOKEN = "web-token-7Kp"

MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
TOTAL = re.compile(r"Найдено (\d+)")
# A facet value not selected yet: its link, label and count.
FACET_ENTRY = re.compile(r'<li><a href="([^"]+)"><span>([^<]*)</span><span class="count">(\d+)</span></a></li>')
HIT_LINK = re.compile(r'<div class="hit-title"><a href="/p/([0-9a-f]{16})">')
ERROR = re.compile(r'<div class="error" role="alert">(.*?)</div>', re.S)


def client_for(service: ProtocolService) -> TestClient:
    app = create_app(service.settings)
    app.state.service = service
    return TestClient(app)


def protocol_id_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def page(client: TestClient, url: str, params: dict | None = None, status: int = 200) -> str:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def squeezed(text: str) -> str:
    return " ".join(text.split())


def total_of(body: str) -> int:
    return int(TOTAL.search(body)[1])


def marked_span(client: TestClient, url: str) -> str:
    """Follow a "в тексте" link: the text inside the <mark> its anchor names, unescaped."""
    path, anchor = url.split("#")
    body = page(client, path)
    found = re.search(rf'<mark id="{anchor}">(.*?)</mark>', body, re.S)
    assert found, f"no <mark id={anchor}> on {path}"
    return html.unescape(found[1])


@pytest.fixture(scope="module")
def web(corpus_service) -> TestClient:
    return client_for(corpus_service)


@pytest.fixture(scope="module")
def two_seeds(tmp_path_factory, extractor) -> TestClient:
    """Only the two seed protocols, from a .docx and a .pdf."""
    service = ProtocolService(Settings(data_dir=tmp_path_factory.mktemp("web-seeds")), extractor=extractor)
    for path in (SEED_000, SEED_004):
        service.ingest_file(path)
    return client_for(service)


# ---------------------------------------------------------------- search page


def test_mentoring_at_school_16_shows_the_seed_with_a_marked_snippet(web, corpus_service):
    body = page(web, "/", {"q": "наставничество", "school": SCHOOL_16})
    expected = corpus_service.search_protocols(SearchParams(q="наставничество", school=[SCHOOL_16], limit=100))
    assert total_of(body) == expected.total > 0
    assert set(HIT_LINK.findall(body)) == {hit.id for hit in expected.hits}
    seed = protocol_id_of(SEED_000)
    hit = body[body.index(f'<a href="/p/{seed}">'):]
    hit = hit[:hit.index("</li>")]
    assert re.search(r"<mark>[Нн]аставничеств[а-я]*</mark>", hit)
    assert f'href="/p/{seed}/file"' in hit and "20.04.2022" in body
    # The school typed as written is the selected facet value, with its count, and a removable chip.
    assert re.search(r'class="on" title="Убрать"><span>✓ МБОУ «СШ № 16»</span><span class="count">\d+</span>', body)
    assert "Организации: МБОУ «СШ № 16» ✕" in body


def test_a_facet_link_narrows_the_results_and_its_chip_widens_them_again(web):
    start = page(web, "/", {"q": "наставничество"})
    everything = total_of(start)
    aside = start[start.index('<aside class="facets">'):start.index("</aside>")]
    years = aside[aside.index("<h3>Год</h3>"):]
    url, label, count = next((u, lab, int(c)) for u, lab, c in FACET_ENTRY.findall(years) if int(c) < everything)
    narrowed = page(web, html.unescape(url))
    assert total_of(narrowed) == count < everything
    assert f"Год: {label} ✕" in narrowed
    # Other facets now count only that year's protocols.
    schools = narrowed[narrowed.index("<h3>Организации</h3>"):narrowed.index("<h3>Выступающие</h3>")]
    assert all(int(c) <= count for _, _, c in FACET_ENTRY.findall(schools))
    chip = re.search(r'<a href="([^"]+)" title="Убрать фильтр">Год: ', narrowed)[1]
    assert total_of(page(web, html.unescape(chip))) == everything


def test_decisions_toggle_searches_decisions(web, corpus_service):
    body = page(web, "/", {"q": "принять к сведению", "level": "decisions", "school": SCHOOL_16})
    expected = corpus_service.search_decisions(SearchParams(q="принять к сведению", school=[SCHOOL_16], limit=100))
    assert total_of(body) == expected.total > 0
    assert "<h3>Ответственные</h3>" in body
    # Each decision links to its place in its protocol's text.
    hit = expected.hits[0]
    link = f"/p/{hit.protocol_id}?span={hit.span.start}-{hit.span.end}#span-{hit.span.start}-{hit.span.end}"
    assert f'href="{link}"' in body
    assert hit.text in marked_span(web, link)


def test_pages_of_results_do_not_overlap(web):
    first = page(web, "/", {"sort": "date_desc", "limit": 5})
    nxt = re.search(r'<a href="([^"]+)">Дальше →</a>', first)[1]
    second = page(web, html.unescape(nxt))
    assert len(HIT_LINK.findall(first)) == len(HIT_LINK.findall(second)) == 5
    assert not set(HIT_LINK.findall(first)) & set(HIT_LINK.findall(second))


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"q": "(наставничество"}, "скобк"),
        ({"q": '"незакрытая фраза'}, "кавыч"),
        ({"year": "двадцатый"}, "год"),
        ({"date_from": "вчера"}, "дата"),
        ({"date_from": "2023-01-01", "date_to": "2022-01-01"}, "date_from"),
    ],
)
def test_a_bad_query_is_a_russian_message_on_the_page(web, params, words):
    body = page(web, "/", params, status=400)
    message = html.unescape(ERROR.search(body)[1])
    assert words in message.lower() and re.search(r"[а-яА-Я]{4}", message)
    assert '<form class="search"' in body  # the form is still there to fix the query
    if "q" in params:
        assert html.unescape(re.search(r'name="q" value="([^"]*)"', body)[1]) == params["q"]
        api = web.get("/protocols", params=params).json()
        assert api["message"] == message  # the same message as the JSON API's


# ---------------------------------------------------------------- escaping


def test_text_with_markup_is_shown_escaped(tmp_path, extractor, seed_texts):
    text = seed_texts["004"].rstrip() + '\n\nПримечание: <script>alert("взлом")</script> <b>жирный</b> &amp; «кавычки».\n'
    path = write_docx(text, tmp_path / "протокол со скриптом.docx")
    service = ProtocolService(Settings(data_dir=tmp_path / "var"), extractor=extractor)
    added = service.ingest_file(path)
    client = client_for(service)

    protocol = page(client, f"/p/{added.protocol_id}")
    assert "<script" not in protocol and "<b>жирный" not in protocol
    assert "&lt;script&gt;alert(&#34;взлом&#34;)&lt;/script&gt;" in protocol
    assert "&amp;amp;" in protocol  # the text's own "&amp;", escaped once

    results = page(client, "/", {"q": "взлом"})
    snippet = MARK.search(results)
    assert snippet and snippet[1] == "взлом"
    assert "<script" not in results and "&lt;script&gt;" in results
    assert "&amp;lt;" not in results  # the service's escaping is not doubled
    assert "<b>жирный" not in results and "&lt;b&gt;жирный" in results


# ---------------------------------------------------------------- protocol page


def test_protocol_page_shows_decisions_and_links_every_value_to_its_span(web, corpus_service):
    protocol_id = protocol_id_of(SEED_004)
    record = corpus_service.get_protocol(protocol_id).record
    body = page(web, f"/p/{protocol_id}")
    decisions = body[body.index("<h2>Решения"):body.index('<h2 id="text">')]
    assert f"Решения ({len(record.decisions)})" in decisions and len(record.decisions) == 9
    for decision in record.decisions:
        assert html.escape(decision.text, quote=False) in decisions
        assert f'href="?span={decision.span.start}-{decision.span.end}#span-{decision.span.start}-{decision.span.end}"' in decisions
    assert re.search(r'<a href="/m/[^"]+">', decisions)  # each decision's measure
    assert f'href="/p/{protocol_id}/file"' in body
    assert web.get(f"/p/{protocol_id}/file").content == SEED_004.read_bytes()

    # The agenda: each item's "в тексте" link marks exactly the item's text (wrapped over lines in the PDF).
    agenda = re.findall(r'<li value="\d+">(.*?) <a class="src" href="(\?span=\d+-\d+#span-\d+-\d+)"', body)
    assert len(agenda) == len(record.agenda) > 0
    for shown, link in agenda:
        assert squeezed(marked_span(web, f"/p/{protocol_id}{html.unescape(link)}")) == html.unescape(shown)
    # So do the header's number and the schools.
    number = re.search(r'<tr><th>Номер</th><td>(.*?) <a class="src" href="([^"]+)"', body)
    assert marked_span(web, f"/p/{protocol_id}{html.unescape(number[2])}") == html.unescape(number[1]) == record.number.value


def test_a_selected_span_outside_the_text_is_ignored_and_a_missing_protocol_is_a_page(web):
    protocol_id = protocol_id_of(SEED_000)
    body = page(web, f"/p/{protocol_id}", {"span": "5-999999"})
    assert "<mark" not in body
    missing = page(web, "/p/ffffffffffffffff", status=404)
    assert "Протокол ffffffffffffffff не найден" in missing


def test_pdf_pages_are_labelled_in_the_text(web, corpus_service):
    protocol_id = protocol_id_of(SEED_004)
    record = corpus_service.get_protocol(protocol_id).record
    body = page(web, f"/p/{protocol_id}")
    labels = re.findall(r'<span class="page-label" id="page-(\d+)">', body)
    assert [int(n) for n in labels] == [p.number for p in record.pages[1:]] and labels


# ---------------------------------------------------------------- measures


def test_the_seeds_take_note_measure_has_two_occurrences(two_seeds):
    listing = page(two_seeds, "/m")
    row = re.search(r'<a href="/m/([^"]+)">Информацию о работе принять к сведению\.</a></td><td>(\d+)</td><td>(\d+)</td>', listing)
    assert row and (row[2], row[3]) == ("2", "2")

    assert unquote(row[1]) == TAKE_NOTE
    body = page(two_seeds, f"/m/{row[1]}")
    assert re.search(r"<b>2 решения</b> в\s*<b>2 протоколах</b>", body)
    assert "с 20.01.2021 по 20.04.2022" in body
    years = re.findall(r'<td class="label">(\d{4})</td>\s*<td><div class="bar[^"]*" style="width: ([\d.]+)%"></div></td>\s*<td class="n">(\d+)</td>', body)
    assert years == [("2021", "100.0", "1"), ("2022", "100.0", "1")]
    assert SCHOOL_16 in body
    occurrences = re.findall(r'href="(/p/[0-9a-f]{16}\?span=\d+-\d+#span-\d+-\d+)"', body)
    assert len(occurrences) == 2
    texts = ["Информацию о работе принять к сведению.", "Принять к сведению и использованию в работе рассмотренную информацию."]
    for link, text in zip(occurrences, texts, strict=True):
        assert text in marked_span(two_seeds, link)
    # A school bar narrows the occurrences to that school's protocols.
    school_link = re.search(r'<a href="([^"]+)">МБОУ «СШ № 16»</a>', body)[1]
    narrowed = page(two_seeds, html.unescape(school_link))
    assert re.search(r"<b>1 решение</b> в\s*<b>1 протоколе</b>", narrowed)
    assert page(two_seeds, "/m/нет_такой_меры", status=404)


# ---------------------------------------------------------------- access and upload


def web_settings(tmp_path: Path, **overrides) -> Settings:
    return Settings(**({"data_dir": tmp_path / "var", "api_tokens": [TOKEN]} | overrides))


def test_closed_reading_asks_for_the_token_and_remembers_it(tmp_path, extractor):
    service = ProtocolService(web_settings(tmp_path, read_requires_token=True), extractor=extractor)
    service.ingest_file(SEED_000)
    client = client_for(service)
    protocol_id = protocol_id_of(SEED_000)

    for url in ("/", f"/p/{protocol_id}", "/m", f"/p/{protocol_id}/file", "/b"):
        refused = client.get(url)
        assert refused.status_code == 401 and 'action="/login"' in refused.text, url
    assert client.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200

    wrong = client.post("/login", data={"token": "не тот", "next": "/m"})
    assert wrong.status_code == 401 and "Токен не подходит" in wrong.text
    for elsewhere in ("//evil.example", "/\\evil.example", "https://evil.example"):
        away = client.post("/login", data={"token": TOKEN, "next": elsewhere}, follow_redirects=False)
        assert away.headers["location"] == "/", elsewhere
    logged_in = client.post("/login", data={"token": TOKEN, "next": "/m"}, follow_redirects=False)
    assert logged_in.status_code == 303 and logged_in.headers["location"] == "/m"
    assert "httponly" in logged_in.headers["set-cookie"].lower() and "samesite=lax" in logged_in.headers["set-cookie"].lower()
    assert "Выйти" in page(client, "/m")
    assert client.get(f"/p/{protocol_id}/file").content == SEED_000.read_bytes()
    assert client.get("/protocols").status_code == 401  # the JSON API still wants its header

    client.post("/logout")
    assert client.get("/").status_code == 401


def test_reading_closed_without_tokens_is_a_page_saying_so(tmp_path):
    client = TestClient(create_app(web_settings(tmp_path, api_tokens=[], read_requires_token=True)))
    refused = client.get("/")
    assert refused.status_code == 403 and "PROTOCOLS_API_TOKENS" in refused.text and 'action="/login"' not in refused.text


def test_upload_form_makes_a_batch_with_russian_statuses(tmp_path):
    settings = web_settings(tmp_path)
    client = TestClient(create_app(settings))
    files = [
        ("files", (SEED_000.name, SEED_000.read_bytes(), "application/octet-stream")),
        ("files", ("испорченный.docx", (SAMPLES_DIR / "bad" / "corrupt.docx").read_bytes(), "application/octet-stream")),
        ("files", ("", b"", "application/octet-stream")),  # the form's empty folder input
    ]
    form = page(client, "/upload")
    assert 'action="/login"' in form and 'type="file"' not in form
    refused = client.post("/upload", files=files, data={"label": "Педсоветы"})
    assert refused.status_code == 401 and 'action="/login"' in refused.text
    assert client.get("/batches").json()["total"] == 0  # nothing was received

    client.post("/login", data={"token": TOKEN, "next": "/upload"})
    assert 'type="file"' in page(client, "/upload")
    accepted = client.post("/upload", files=files, data={"label": "Педсоветы"}, follow_redirects=False)
    assert accepted.status_code == 303
    batch_url = accepted.headers["location"]
    queued = page(client, batch_url)
    assert "Пакет: Педсоветы" in queued and '<meta http-equiv="refresh"' in queued
    with IngestQueue(settings).consumers(1, processes=False):
        deadline = time.monotonic() + 120
        while "<b>готово</b>" not in (body := page(client, batch_url)):
            assert time.monotonic() < deadline, body
            time.sleep(0.2)
    assert '<meta http-equiv="refresh"' not in body
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td class=\"status-(\w+)\">(.*?)</td>\s*<td>(.*?)</td>", body, re.S)
    by_file = {html.unescape(name): (status, shown, details) for name, status, shown, details in rows}
    assert set(by_file) == {SEED_000.name, "испорченный.docx"}
    assert by_file[SEED_000.name][:2] == ("done", "загружен")
    assert f'href="/p/{protocol_id_of(SEED_000)}"' in by_file[SEED_000.name][2]
    assert by_file["испорченный.docx"][:2] == ("failed", "ошибка") and "файл повреждён" in by_file["испорченный.docx"][2]
    assert "Педсоветы" in page(client, "/b")

    empty = client.post("/upload", files=[("files", ("", b"", "application/octet-stream"))])
    assert empty.status_code == 400 and "нет файлов" in html.unescape(ERROR.search(empty.text)[1])


def test_json_api_paths_are_unchanged(web):
    assert web.get("/protocols", params={"q": "наставничество"}).headers["content-type"].startswith("application/json")
    spec = web.get("/openapi.json").json()
    assert not {"/", "/p/{protocol_id}", "/m", "/upload"} & set(spec["paths"])
    assert web.get("/static/style.css").status_code == 200
