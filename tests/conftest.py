"""Fixtures shared by the test files: where the corpus is, the seed protocols, settings for a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocols.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = REPO_ROOT / "corpus" / "samples"
GOLD_DIR = REPO_ROOT / "corpus" / "gold"
SEED_TEXT_FILES = {
    "000": GOLD_DIR / "000_2d1f58a6737913fc.txt",
    "004": GOLD_DIR / "004_6c2df33e76d030ba.txt",
}


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """corpus/samples: the real .docx/.pdf files made by corpus/make_samples.py (bad ones in bad/)."""
    return SAMPLES_DIR


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The two seed protocols' texts ("000", "004") as in corpus/gold, with their `**bold**` markers."""
    return {seed: path.read_text(encoding="utf-8") for seed, path in SEED_TEXT_FILES.items()}


@pytest.fixture(scope="session")
def extractor():
    """One extraction pipeline for the whole session: its models load once (about a second)."""
    from extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def corpus_service(tmp_path_factory, extractor):
    """Every good sample file and every gold text of corpus/, ingested through the real pipeline into a
    real SQLite store and index (shared by the API and the web page tests; do not write to it)."""
    from search_api.service import ProtocolService

    service = ProtocolService(Settings(data_dir=tmp_path_factory.mktemp("corpus")), extractor=extractor)
    for path in sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix in {".docx", ".pdf"}):
        assert service.ingest_file(path).status == "added"
    for path in sorted(GOLD_DIR.glob("*.txt")):
        service.ingest_text(path.read_text(encoding="utf-8"), path.name)
    return service


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings with the data directory in the test's tmp_path."""
    return Settings(data_dir=tmp_path / "var")
