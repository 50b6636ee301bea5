# binlog2kafka container image: a Debian build stage and a slim runtime stage.
#   docker build -t binlog2kafka:0.1.0 .
#   docker run -d --name binlog2kafka -p 127.0.0.1:9187:9187 \
#       -v $PWD/config.yaml:/etc/binlog2kafka/config.yaml:ro \
#       -v $PWD/mysql-password:/run/secrets/mysql-password:ro binlog2kafka:0.1.0
# The config goes at /etc/binlog2kafka/config.yaml; in a container its http.listen must be
# 0.0.0.0:9187 for -p to reach it. More: docs/operations.md, "Docker".
# tests/deploy/dockerfile_test.cpp checks the runtime stage against what the binary links.
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential cmake ninja-build pkg-config libboost-dev libssl-dev librdkafka-dev \
        nlohmann-json3-dev libyaml-cpp-dev libzstd-dev zlib1g-dev libdeflate-dev libjemalloc-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt CMakePresets.json ./
COPY src ./src
COPY tests ./tests
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    && cmake --build build --target binlog2kafka

FROM debian:12-slim
# Runtime libraries only: one package per library the binary links directly (readelf -d); the
# rest (liblz4-1, libsasl2-2 for librdkafka) come as their dependencies. libc6's gconv modules
# stay (iconv converts CJK/UTF-16 charsets). curl is for HEALTHCHECK: the image has no HTTP
# client, the daemon has no health subcommand, and curl -f turns an HTTP error into a failing
# exit status with a timeout, in one well-known command (also handy for
# `docker exec … curl -s localhost:9187/status`). wget would do too, at about the same size.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libssl3 librdkafka1 libyaml-cpp0.7 libzstd1 zlib1g libdeflate0 libjemalloc2 \
        ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 binlog2kafka \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/binlog2kafka --create-home \
        binlog2kafka
COPY --from=build /src/build/binlog2kafka /usr/local/bin/binlog2kafka
COPY config/reference.yaml /etc/binlog2kafka/reference.yaml
USER 10001:10001
# With checkpoint.store: file, keep the path here and mount a volume on this directory
# (-v binlog2kafka-state:/var/lib/binlog2kafka), or the position is lost with the container.
WORKDIR /var/lib/binlog2kafka
# http.listen: /metrics /healthz /readyz /status.
EXPOSE 9187
# /healthz: the process is alive and serving. Set B2K_HEALTH_URL when http.listen is not
# port 9187. (Kubernetes ignores HEALTHCHECK and uses its probes: deploy/kubernetes/.)
ENV B2K_HEALTH_URL=http://127.0.0.1:9187/healthz
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD curl -fsS --max-time 4 -o /dev/null "$B2K_HEALTH_URL" || exit 1
# SIGTERM (docker stop) drains and checkpoints within pipeline.shutdown_timeout_s (30 s):
# stop with `docker stop -t 45`, the default 10 s cuts the drain short.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/binlog2kafka"]
CMD ["run", "-c", "/etc/binlog2kafka/config.yaml"]
