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

    @property
    def db_path(self) -> Path:
        return self.data_dir / "protocols.sqlite3"

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
