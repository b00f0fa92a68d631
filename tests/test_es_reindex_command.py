"""`protocols reindex --to elasticsearch` before it touches a cluster: a clear refusal when no cluster is
configured or reachable, and only known targets. (The copy itself runs against a real cluster; see
README "Scaling out".)"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import typer

from protocols.settings import get_settings
from search_api.index.es_commands import EXIT_UNAVAILABLE, reindex_to


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.setenv("PROTOCOLS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("PROTOCOLS_ES_URL", raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_only_elasticsearch_is_a_target(environment) -> None:
    with pytest.raises(typer.BadParameter, match="elasticsearch"):
        reindex_to("sqlite")


def test_without_a_cluster_url_it_says_so(environment, capsys) -> None:
    with pytest.raises(typer.Exit) as exit_info:
        reindex_to("elasticsearch")
    assert exit_info.value.exit_code == EXIT_UNAVAILABLE
    assert "PROTOCOLS_ES_URL" in capsys.readouterr().err


def test_an_unreachable_cluster_is_reported_not_raised(environment, capsys) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    environment.setenv("PROTOCOLS_ES_URL", url)
    with pytest.raises(typer.Exit) as exit_info:
        reindex_to("elasticsearch")
    assert exit_info.value.exit_code == EXIT_UNAVAILABLE
    err = capsys.readouterr().err
    assert "недоступен" in err and url in err.replace("\n", "")


def test_the_reindex_command_hands_to_over(environment) -> None:
    from typer.testing import CliRunner

    from protocols.cli import app

    result = CliRunner().invoke(app, ["reindex", "--to", "elasticsearch"])
    assert result.exit_code == EXIT_UNAVAILABLE
    assert "PROTOCOLS_ES_URL" in result.output
    refused = CliRunner().invoke(app, ["reindex", "--to", "sqlite"])
    assert refused.exit_code == 2 and "elasticsearch" in refused.output
