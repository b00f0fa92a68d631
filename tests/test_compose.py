"""docker-compose.yml as Debian's docker-compose (1.29) reads it, without a Docker engine: the services,
health checks, a worker that scales, variables our Settings understand, and secrets only from the
environment. Plus the Dockerfile and .dockerignore keep secrets and local state out of the image."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from protocols.settings import Settings

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"
COMPOSE = shutil.which("docker-compose")
SECRETS = {
    "ELASTIC_PASSWORD": "elastic-pw-from-env",
    "PROTOCOLS_ES_PASSWORD": "app-pw-from-env",
    "PROTOCOLS_API_TOKENS": "token-one,token-two",
}
SERVICES = {"elasticsearch", "elasticsearch-setup", "redis", "api", "worker"}

needs_compose = pytest.mark.skipif(
    COMPOSE is None, reason="docker-compose is not installed (CI installs Debian's docker-compose package to validate the file)"
)


def run_config(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`docker-compose config` with only the given variables (no .env of the developer's, no inherited settings)."""
    empty = tmp_path / "empty.env"
    empty.write_text("")
    inherited = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("PROTOCOLS_", "ELASTIC_", "ES_", "API_PORT", "COMPOSE_", "DOCKER_"))
    }
    assert COMPOSE is not None
    return subprocess.run(
        [COMPOSE, "--env-file", str(empty), "-f", str(COMPOSE_FILE), "config", *args],
        env={**inherited, **env}, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if COMPOSE is None:
        pytest.skip("docker-compose is not installed (CI installs Debian's docker-compose package to validate the file)")
    result = run_config(tmp_path_factory.mktemp("compose"), SECRETS)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


@needs_compose
def test_the_file_validates_with_the_expected_services(config: dict[str, Any]) -> None:
    assert set(config["services"]) == SERVICES
    assert set(config["volumes"]) == {"es-data", "redis-data", "data"}


@needs_compose
def test_elasticsearch_is_one_secured_node_with_a_set_heap_a_volume_and_a_health_check(config: dict[str, Any]) -> None:
    es = config["services"]["elasticsearch"]
    assert es["image"].startswith("docker.elastic.co/elasticsearch/elasticsearch:")
    env = environment(es)
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "true"
    assert env["ELASTIC_PASSWORD"] == SECRETS["ELASTIC_PASSWORD"]
    heap = re.fullmatch(r"-Xms(\S+) -Xmx(\S+)", env["ES_JAVA_OPTS"])
    assert heap and heap.group(1) == heap.group(2)
    assert any(v.endswith(":/usr/share/elasticsearch/data:rw") and v.startswith("es-data") for v in es["volumes"])
    check = " ".join(es["healthcheck"]["test"])
    assert "_cluster/health" in check and "ELASTIC_PASSWORD" in check
    assert SECRETS["ELASTIC_PASSWORD"] not in check  # read inside the container, not written into the check
    # Reachable from the host for reindexing and the conformance suite, but only on loopback.
    assert all(str(p).startswith("127.0.0.1:") for p in es.get("ports", []))


@needs_compose
def test_redis_keeps_its_queue_and_has_a_health_check(config: dict[str, Any]) -> None:
    redis = config["services"]["redis"]
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "--appendonly" in redis["command"]
    assert any(v.startswith("redis-data:/data") for v in redis["volumes"])


@needs_compose
def test_api_and_worker_use_elasticsearch_redis_and_the_shared_volume(config: dict[str, Any]) -> None:
    services = config["services"]
    for name in ("api", "worker"):
        service = services[name]
        env = environment(service)
        assert env["PROTOCOLS_INDEX"] == "elasticsearch"
        assert env["PROTOCOLS_ES_URL"] == "http://elasticsearch:9200"
        assert env["PROTOCOLS_ES_PASSWORD"] == SECRETS["PROTOCOLS_ES_PASSWORD"]
        assert env["PROTOCOLS_QUEUE_URL"] == "redis://redis:6379/0"
        assert env["PROTOCOLS_DATA_DIR"] == "/data"
        assert "data:/data:rw" in service["volumes"]
        assert service["depends_on"] == {
            "redis": {"condition": "service_healthy"},
            "elasticsearch": {"condition": "service_healthy"},
            "elasticsearch-setup": {"condition": "service_completed_successfully"},
        }
        assert service["build"]["context"] == str(REPO)
    assert services["api"]["image"] == services["worker"]["image"]
    assert services["api"]["command"] == ["protocols", "serve"]
    assert services["worker"]["command"] == ["protocols", "worker"]
    assert "/health" in " ".join(services["api"]["healthcheck"]["test"])
    assert environment(services["api"])["PROTOCOLS_API_TOKENS"] == SECRETS["PROTOCOLS_API_TOKENS"]
    assert "PROTOCOLS_API_TOKENS" not in environment(services["worker"])


@needs_compose
def test_the_worker_scales(config: dict[str, Any]) -> None:
    worker = config["services"]["worker"]
    assert "container_name" not in worker
    assert "ports" not in worker
    # No service pins a container name: every one can be recreated and the worker scaled.
    assert all("container_name" not in service for service in config["services"].values())


@needs_compose
def test_compose_variables_are_settings_our_code_reads(config: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A misspelt PROTOCOLS_* variable would be ignored silently by the containers: every one must be a setting."""
    for name in ("api", "worker"):
        env = environment(config["services"][name])
        for variable in env:
            assert variable.startswith("PROTOCOLS_")
            assert variable.removeprefix("PROTOCOLS_").lower() in Settings.model_fields, variable
        for variable in [v for v in os.environ if v.startswith("PROTOCOLS_")]:
            monkeypatch.delenv(variable)
        for variable, value in env.items():
            monkeypatch.setenv(variable, value)
        settings = Settings()
        assert settings.index == "elasticsearch"
        assert settings.es_url == "http://elasticsearch:9200"
        assert settings.es_username == "protocols"
        assert settings.es_password is not None and settings.es_password.get_secret_value() == SECRETS["PROTOCOLS_ES_PASSWORD"]
        assert settings.queue_url == "redis://redis:6379/0"
        assert str(settings.data_dir) == "/data"


@needs_compose
def test_without_secrets_the_file_refuses_to_start(tmp_path: Path) -> None:
    for missing in SECRETS:
        result = run_config(tmp_path, {k: v for k, v in SECRETS.items() if k != missing}, "-q")
        assert result.returncode != 0
        assert missing in result.stderr and ".env" in result.stderr


def test_secrets_are_never_written_down() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for variable in SECRETS:
        for value in re.findall(rf"\b{variable}:\s*(.+)", text):
            assert value.startswith(f"${{{variable}:?"), f"{variable} must come from the environment: {value}"
    example = dict(
        line.split("=", 1) for line in (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert all(example[variable] == "" for variable in SECRETS)
    # Every variable the compose file reads is explained in .env.example.
    assert set(re.findall(r"\$\{(\w+)", text)) <= set(example)


def test_the_image_installs_the_package_as_a_non_root_user_without_secrets() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    assert re.search(r"pip install \.", dockerfile)
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert not re.search(r"(PASSWORD|TOKEN|SECRET|API_KEY)", dockerfile)
    ignored = {
        line.strip() for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".git", ".venv", "var"} <= ignored
    # What the image is built from must not be ignored.
    for needed in ("pyproject.toml", "README.md", "protocols", "ingest", "extract", "search_api"):
        assert needed not in ignored
        assert re.search(rf"^COPY .*\b{re.escape(needed)}\b", dockerfile, re.M)
