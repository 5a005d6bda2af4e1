# Build stage: a wheel of wirewatch with the classifier compiled (mypyc needs a C compiler,
# see setup.py), plus wheels of its dependencies.
FROM python:3.11-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY streams ./streams
COPY agents ./agents
COPY schemas ./schemas
COPY benchmarks ./benchmarks
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Run stage: no compiler, just the wheels; runs as the unprivileged user "wirewatch" (uid 10001).
FROM python:3.11-slim
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels wirewatch && rm -rf /wheels \
    && groupadd --system --gid 10001 wirewatch \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/wirewatch --no-create-home wirewatch \
    && mkdir -p /var/lib/wirewatch && chown wirewatch:wirewatch /var/lib/wirewatch
USER 10001:10001
ENV WIREWATCH_WEB_HOST=0.0.0.0 \
    WIREWATCH_DATA_DIR=/var/lib/wirewatch \
    WIREWATCH_BROKER_KIND=kafka
EXPOSE 6066
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import json, sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:6066/healthz', timeout=3); sys.exit(0 if json.load(r).get('ok') else 1)"]
STOPSIGNAL SIGTERM
CMD ["wirewatch", "worker"]
