# The protocols service: the HTTP API (`protocols serve`) and ingest workers (`protocols worker`).
# Configuration, credentials included, comes from the environment at run time (see .env.example);
# nothing secret is built into the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Only what the package is built from: a change to tests or corpus does not rebuild the image.
COPY pyproject.toml README.md ./
COPY protocols ./protocols
COPY ingest ./ingest
COPY extract ./extract
COPY search_api ./search_api
RUN pip install . \
    && useradd --system --create-home --uid 10001 --user-group protocols \
    && mkdir -p /data \
    && chown protocols:protocols /data

USER protocols
ENV PROTOCOLS_DATA_DIR=/data \
    PROTOCOLS_HOST=0.0.0.0 \
    PROTOCOLS_PORT=8000
VOLUME ["/data"]
EXPOSE 8000
CMD ["protocols", "serve"]
