FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY streams ./streams
COPY agents ./agents
COPY schemas ./schemas
COPY benchmarks ./benchmarks
RUN pip install --no-cache-dir .
ENV WIREWATCH_WEB_HOST=0.0.0.0 \
    WIREWATCH_DATA_DIR=/var/lib/wirewatch
EXPOSE 6066
CMD ["wirewatch", "worker"]
