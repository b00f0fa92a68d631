"""All settings in one object, read from the environment (`PROTOCOLS_*`) once at start-up."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PROTOCOLS_", env_file=None, extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="database, originals and queue live here")
    max_file_bytes: int = Field(default=50 * 1024 * 1024, description="larger uploads fail as too_large")
    max_pdf_pages: int = Field(default=500, description="longer PDFs fail as too_large")

    # search (issue 4)
    index: str = Field(default="sqlite", description="search index backend: sqlite or elasticsearch")
    es_url: str | None = Field(default=None, description="Elasticsearch URL, for PROTOCOLS_INDEX=elasticsearch")
    host: str = Field(default="127.0.0.1", description="`protocols serve` listens here")
    port: int = Field(default=8000, description="`protocols serve` port")
    page_size: int = Field(default=20, ge=1, description="hits per page when a request does not say")
    max_page_size: int = Field(default=100, ge=1, description="largest page a request may ask for")
    max_result_window: int = Field(default=1000, ge=1, description="offset + limit may not go past this")
    facet_size: int = Field(default=20, ge=1, description="facet buckets when a request does not say")
    max_facet_size: int = Field(default=500, ge=1, description="most facet buckets a request may ask for")

    @property
    def db_path(self) -> Path:
        return self.data_dir / "protocols.sqlite3"

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def index_path(self) -> Path:
        """The SQLite search index (its own file, so a rebuild can be swapped in whole)."""
        return self.data_dir / "index.sqlite3"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
