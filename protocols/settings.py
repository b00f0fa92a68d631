"""All settings in one object, read from the environment (`PROTOCOLS_*`) once at start-up."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PROTOCOLS_", env_file=None, extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="database, originals and queue live here")
    max_file_bytes: int = Field(default=50 * 1024 * 1024, description="larger uploads fail as too_large")
    max_pdf_pages: int = Field(default=500, description="longer PDFs fail as too_large")
    docx_max_unpacked_bytes: int = Field(
        default=256 * 1024 * 1024, description="a .docx whose parts unpack to more fails as too_large (zip bomb)"
    )

    # search (issue 4)
    index: str = Field(default="sqlite", description="search index backend: sqlite or elasticsearch")
    es_url: str | None = Field(default=None, description="Elasticsearch URL, for PROTOCOLS_INDEX=elasticsearch")
    # Elasticsearch (issue 6): credentials only ever come from the environment, never from an image
    es_username: str | None = Field(default=None, description="Elasticsearch user for basic auth, e.g. elastic")
    es_password: SecretStr | None = Field(default=None, description="that user's password")
    es_api_key: SecretStr | None = Field(default=None, description="an encoded Elasticsearch API key (instead of user and password)")
    es_index_prefix: str = Field(
        default="protocols", pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="aliases <prefix>-protocols and <prefix>-decisions point at versioned indices <prefix>-v<N>-<time>-<level>",
    )
    es_verify_certs: bool = Field(default=True, description="verify the server's TLS certificate")
    es_ca_certs: Path | None = Field(default=None, description="CA bundle for a self-signed cluster certificate")
    es_request_timeout: float = Field(default=30.0, gt=0, description="seconds per Elasticsearch request")
    es_bulk_chunk_size: int = Field(default=500, ge=1, description="documents per bulk request")
    es_shards: int = Field(default=1, ge=1, description="primary shards of a new index")
    es_replicas: int = Field(default=0, ge=0, description="replicas of a new index (0 on a single node)")
    es_compatible_with: int | None = Field(
        default=None, ge=7, description="REST compatibility version to request; unset: the server's major version"
    )
    host: str = Field(default="127.0.0.1", description="`protocols serve` listens here")
    port: int = Field(default=8000, description="`protocols serve` port")
    page_size: int = Field(default=20, ge=1, description="hits per page when a request does not say")
    max_page_size: int = Field(default=100, ge=1, description="largest page a request may ask for")
    max_result_window: int = Field(default=1000, ge=1, description="offset + limit may not go past this")
    facet_size: int = Field(default=20, ge=1, description="facet buckets when a request does not say")
    max_facet_size: int = Field(default=500, ge=1, description="most facet buckets a request may ask for")

    # bulk ingest (issue 5)
    api_tokens: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="bearer tokens allowed to write over HTTP, comma-separated; none: writing is closed"
    )
    read_requires_token: bool = Field(default=False, description="reading over HTTP needs a token too")
    queue_url: str | None = Field(default=None, description="redis://… for the Redis queue; unset: SQLite queue in data_dir")
    serve_workers: int = Field(default=1, ge=0, description="consumers `protocols serve` runs in-process on the SQLite queue")
    worker_lease_seconds: float = Field(default=60.0, gt=0, description="a worker silent this long is dead: its files go back to the queue")
    ingest_max_attempts: int = Field(default=3, ge=1, description="a file whose worker died this many times fails as internal_error")
    zip_max_ratio: float = Field(default=100.0, gt=1, description="an archive entry unpacking to more than this many times its packed size is a zip bomb")
    zip_max_total_bytes: int = Field(default=2 * 1024**3, description="an archive unpacking to more than this in all is a zip bomb")
    zip_max_entries: int = Field(default=20_000, ge=1, description="an archive with more entries is refused")
    zip_max_depth: int = Field(default=2, ge=1, description="archives nested deeper than this are refused")

    @field_validator("api_tokens", mode="before")
    @classmethod
    def _split_tokens(cls, value: object) -> object:
        if isinstance(value, str):
            return [token.strip() for token in value.split(",") if token.strip()]
        return value

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

    @property
    def batches_path(self) -> Path:
        """Bulk-ingest batches and the status of every file in them."""
        return self.data_dir / "batches.sqlite3"

    @property
    def queue_path(self) -> Path:
        """The SQLite task queue (when no PROTOCOLS_QUEUE_URL is set)."""
        return self.data_dir / "queue.sqlite3"

    @property
    def staging_dir(self) -> Path:
        """Uploaded files and unpacked archive entries wait here until a worker has taken them."""
        return self.data_dir / "staging"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
