"""Bulk ingest end to end: one real mixed batch (good files and every kind of bad input) through the
HTTP API (upload, queue consumers, batch status) and through the CLI, each file with its right status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.queue import IngestQueue
from protocols.settings import Settings
from search_api.app import create_app
from tests.bulk_inputs import (
    BULK_ENV,
    MAX_FILE_BYTES,
    ZIP_MAX_DEPTH,
    ZIP_MAX_TOTAL_BYTES,
    build_mixed_batch,
    check_statuses,
)
from tests.conftest import REPO_ROOT, SAMPLES_DIR

TOKEN = "test-token-x9Qz"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WAIT_SECONDS = 180


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return build_mixed_batch(tmp_path_factory.mktemp("mixed"))


def bulk_settings(tmp_path: Path, **overrides) -> Settings:
    values = dict(
        data_dir=tmp_path / "var", api_tokens=[TOKEN], max_file_bytes=MAX_FILE_BYTES,
        zip_max_total_bytes=ZIP_MAX_TOTAL_BYTES, zip_max_depth=ZIP_MAX_DEPTH,
    )
    return Settings(**(values | overrides))


def upload(client: TestClient, files: list[tuple[str, bytes]], **extra) -> dict:
    response = client.post(
        "/uploads", files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers=AUTH, **extra,
    )
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/batches/{response.json()['id']}"
    return response.json()


def wait_finished(client: TestClient, batch_id: str) -> dict:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        report = client.get(f"/batches/{batch_id}").json()
        if report["state"] == "finished":
            return report
        time.sleep(0.1)
    raise AssertionError(f"batch {batch_id} not finished in {WAIT_SECONDS} s: {report['counts']}")


def test_mixed_batch_over_http(mixed, tmp_path):
    settings = bulk_settings(tmp_path)
    client = TestClient(create_app(settings))
    accepted = upload(
        client, [(path.relative_to(mixed.root).as_posix(), path.read_bytes()) for path in mixed.files()],
        data={"label": "Архив педсоветов"},
    )
    assert accepted["label"] == "Архив педсоветов"
    assert accepted["state"] in ("queued", "running", "finished")
    assert accepted["total"] == len(mixed.expected)

    with IngestQueue(settings).consumers(1, processes=False):
        report = wait_finished(client, accepted["id"])
    check_statuses(report["items"], mixed)
    assert report["counts"]["done"] == sum(1 for status, _ in mixed.expected.values() if status == "done") + 1
    assert report["counts"]["queued"] == report["counts"]["processing"] == 0
    assert report["rate"] > 0 and report["eta_seconds"] == 0
    assert not list(settings.staging_dir.rglob("*.*")), "staged copies are removed once processed"

    stored = [item for item in report["items"] if item["status"] == "done"]
    for item in stored:
        record = client.get(f"/protocols/{item['protocol_id']}").json()
        assert record["record"]["source"]["filename"] == item["path"].rsplit("/", 1)[-1]
    cp866 = next(i for i in stored if i["path"].endswith("Протокол педсовета №5.docx"))
    assert client.get(f"/protocols/{cp866['protocol_id']}/file").status_code == 200

    failed_only = client.get(f"/batches/{accepted['id']}", params={"status": "failed"}).json()
    assert {i["status"] for i in failed_only["items"]} == {"failed"}
    assert failed_only["items_total"] == report["counts"]["failed"]
    listing = client.get("/batches").json()
    assert [b["id"] for b in listing["batches"]] == [accepted["id"]]


def test_duplicates_across_batches_and_deletion(tmp_path):
    settings = bulk_settings(tmp_path)
    client = TestClient(create_app(settings))
    seed = (SAMPLES_DIR / "seed-004-typed.docx").read_bytes()
    other = (SAMPLES_DIR / "seed-000-typed.pdf").read_bytes()
    with IngestQueue(settings).consumers(1, processes=False):
        first = wait_finished(client, upload(client, [("педсовет.docx", seed), ("другой.pdf", other)])["id"])
        second = wait_finished(client, upload(client, [("повторно/тот же.docx", seed)])["id"])
        original = next(i for i in first["items"] if i["path"] == "педсовет.docx")
        assert original["status"] == "done"
        (again,) = second["items"]
        assert again["status"] == "duplicate"
        assert again["duplicate_of"] == {
            "protocol_id": original["protocol_id"], "item_id": original["id"], "batch_id": first["id"],
            "display_path": "педсовет.docx",
        }
        assert client.get("/health").json()["protocols"] == 2

        assert client.delete(f"/protocols/{original['protocol_id']}").status_code == 401
        assert client.delete(f"/protocols/{original['protocol_id']}", headers=AUTH).status_code == 204
        assert client.get(f"/protocols/{original['protocol_id']}").status_code == 404
        assert client.delete(f"/protocols/{original['protocol_id']}", headers=AUTH).status_code == 404
        third = wait_finished(client, upload(client, [("вернули.docx", seed)])["id"])
    (back,) = third["items"]
    assert back["status"] == "done" and back["protocol_id"] == original["protocol_id"]
    assert client.get("/health").json()["protocols"] == 2


def test_writing_needs_a_token_reading_is_open_unless_closed(tmp_path):
    client = TestClient(create_app(bulk_settings(tmp_path)))
    files = [("files", ("a.docx", b"x", "application/octet-stream"))]
    missing = client.post("/uploads", files=files)
    assert missing.status_code == 401 and missing.json()["code"] == "token_required"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = client.post("/uploads", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["code"] == "bad_token"
    assert client.get("/batches").status_code == 200
    assert client.get("/protocols").status_code == 200
    no_files = client.post("/uploads", data={"label": "пусто"}, headers=AUTH)
    assert no_files.status_code == 400 and no_files.json()["code"] == "bad_upload"
    assert client.get("/batches").json()["total"] == 0, "a refused upload leaves no batch behind"

    closed = TestClient(create_app(bulk_settings(tmp_path, read_requires_token=True)))
    assert closed.get("/batches").status_code == 401
    assert closed.get("/protocols").status_code == 401
    assert closed.get("/batches", headers=AUTH).status_code == 200
    assert closed.get("/health").status_code == 200

    no_tokens = TestClient(create_app(bulk_settings(tmp_path, api_tokens=[])))
    refused = no_tokens.post("/uploads", files=files, headers=AUTH)
    assert refused.status_code == 403 and refused.json()["code"] == "access_disabled"


def test_oversized_upload_part_is_cut_off_while_streaming(tmp_path):
    settings = bulk_settings(tmp_path, max_file_bytes=50_000, zip_max_total_bytes=60_000)
    client = TestClient(create_app(settings))
    accepted = upload(client, [("огромный.pdf", b"%PDF-1.4\n" + b"0" * 200_000), ("маленький.pdf", b"%PDF")])
    report = client.get(f"/batches/{accepted['id']}").json()
    big = next(i for i in report["items"] if i["path"] == "огромный.pdf")
    assert (big["status"], big["code"]) == ("failed", "too_large")
    staged = list(settings.staging_dir.rglob("*"))
    assert all(p.stat().st_size <= 60_000 for p in staged if p.is_file())


def run_cli(args: list[str], cwd: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = os.environ | BULK_ENV | {"PROTOCOLS_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "protocols", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=WAIT_SECONDS
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_mixed_batch_through_cli(mixed, tmp_path, jobs):
    data_dir = tmp_path / "var"
    result = run_cli(["ingest", "batch", "--jobs", str(jobs), "--json"], mixed.root, data_dir)
    assert result.returncode == 1, result.stderr  # some files failed
    report = json.loads(result.stdout)
    assert report["state"] == "finished"
    check_statuses(report["items"], mixed)
    assert "Загрузка" in result.stderr and "файл/с" in result.stderr

    table = run_cli(["batches", report["id"]], mixed.root, data_dir)
    assert table.returncode == 0
    assert "archive_too_deep" in table.stdout and "дубликат" in table.stdout

    again = run_cli(["ingest", "batch/seed-004-typed.pdf", "--json"], mixed.root, data_dir)
    assert again.returncode == 0, again.stderr  # a duplicate is not a failure
    (item,) = json.loads(again.stdout)["items"]
    first = next(i for i in report["items"] if i["path"] == "batch/seed-004-typed.pdf")
    assert item["status"] == "duplicate"
    assert item["duplicate_of"]["item_id"] == first["id"]
    assert item["duplicate_of"]["batch_id"] == report["id"]


def test_serve_alone_processes_uploads(tmp_path):
    """`protocols serve` runs queue consumers in-process on the embedded default: one command is enough."""
    import signal
    import socket

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "PROTOCOLS_DATA_DIR": str(tmp_path / "var"), "PROTOCOLS_API_TOKENS": TOKEN, "PROTOCOLS_PORT": str(port),
        "PYTHONPATH": str(REPO_ROOT),
    }
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "protocols", "serve"], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, log.read_text()
                time.sleep(0.2)
        files = [("files", ("seed.pdf", (SAMPLES_DIR / "seed-004-typed.pdf").read_bytes())),
                 ("files", ("скан.pdf", (SAMPLES_DIR / "bad" / "scan.pdf").read_bytes()))]
        accepted = httpx.post(f"{base}/uploads", files=files, headers=AUTH, timeout=30)
        assert accepted.status_code == 202, accepted.text
        batch_url = f"{base}/batches/{accepted.json()['id']}"
        while (report := httpx.get(batch_url, timeout=5).json())["state"] != "finished":
            assert time.monotonic() < deadline + WAIT_SECONDS, report
            time.sleep(0.2)
        assert {i["path"]: (i["status"], i["code"]) for i in report["items"]} == {
            "seed.pdf": ("done", None), "скан.pdf": ("failed", "no_text_layer"),
        }
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0, log.read_text()
    deadline = time.monotonic() + 10
    while _group_alive(server.pid):  # the consumer processes stop with the server
        if time.monotonic() > deadline:
            os.killpg(server.pid, signal.SIGKILL)
            raise AssertionError("queue consumers outlived `protocols serve`")
        time.sleep(0.1)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
