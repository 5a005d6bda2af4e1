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

# Run stage: no compiler, just the wheels.
FROM python:3.11-slim
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels wirewatch && rm -rf /wheels
ENV WIREWATCH_WEB_HOST=0.0.0.0 \
    WIREWATCH_DATA_DIR=/var/lib/wirewatch
EXPOSE 6066
CMD ["wirewatch", "worker"]
