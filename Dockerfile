# binlog2kafka container image: a Debian build stage and a slim runtime stage.
#   docker build -t binlog2kafka .
#   docker run -v $PWD/config.yaml:/etc/binlog2kafka/config.yaml binlog2kafka tail -c /etc/binlog2kafka/config.yaml
# (The daemon, health endpoints and HEALTHCHECK arrive with `run`; see the issues.)
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential cmake ninja-build pkg-config libboost-dev libssl-dev librdkafka-dev \
        nlohmann-json3-dev libyaml-cpp-dev libzstd-dev zlib1g-dev libdeflate-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt CMakePresets.json ./
COPY src ./src
COPY tests ./tests
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    && cmake --build build --target binlog2kafka

FROM debian:12-slim
# Runtime libraries only; libc6's gconv modules stay (iconv converts CJK/UTF-16 charsets).
RUN apt-get update && apt-get install -y --no-install-recommends \
        libssl3 librdkafka1 libyaml-cpp0.7 libzstd1 zlib1g libdeflate0 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/binlog2kafka --create-home binlog2kafka
COPY --from=build /src/build/binlog2kafka /usr/local/bin/binlog2kafka
COPY config/reference.yaml /etc/binlog2kafka/reference.yaml
USER binlog2kafka
WORKDIR /var/lib/binlog2kafka
# The config is mounted at /etc/binlog2kafka/config.yaml.
ENTRYPOINT ["/usr/local/bin/binlog2kafka"]
CMD ["tail", "-c", "/etc/binlog2kafka/config.yaml", "-f"]
