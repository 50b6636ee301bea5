#pragma once
// Metrics: the daemon's counters and gauges, rendered in the Prometheus text exposition format
// (version 0.0.4) for GET /metrics. prometheus-cpp is not packaged in Debian 12, and the format
// is small: "# HELP", "# TYPE", then `name{label="value"} number` lines
// (https://prometheus.io/docs/instrumenting/exposition_formats/).
//
// Names follow Prometheus conventions: a `binlog2kafka_` prefix, base units (seconds, bytes),
// `_total` for counters.
//
// Thread-safety: counters are relaxed atomics, updated by the pipeline threads without locks;
// table() takes a mutex only the first time a table is seen (the pointer it returns is stable);
// render() may run on any thread (the HTTP thread).

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace b2k::ops {

using Counter = std::atomic<std::uint64_t>;

inline void add(Counter& c, std::uint64_t n = 1) noexcept {
    c.fetch_add(n, std::memory_order_relaxed);
}

// Row changes and message bytes of one table, by op (c, u, d, plus tombstones counted as d
// bytes only).
struct TableCounters {
    enum Op { create = 0, update = 1, del = 2 };
    std::array<Counter, 3> rows{};
    std::array<Counter, 3> bytes{};
};

// Gauges read at scrape time from the parts that own them.
struct GaugeSources {
    std::function<std::size_t()> ring_items;
    std::function<std::size_t()> ring_bytes;
    std::function<std::int64_t()> producer_queue;
};

class Metrics {
  public:
    Metrics();

    TableCounters& table(const std::string& db, const std::string& table);

    Counter events_read{0};
    Counter transactions{0};
    Counter delivery_errors{0};
    Counter reconnects{0};
    Counter checkpoints_written{0};
    Counter oversize_skipped{0};
    // Seconds between an event's commit time on the server and its arrival here (set per event
    // with a timestamp; heartbeats carry none). Stored in milliseconds.
    std::atomic<std::int64_t> lag_ms{-1};
    // Unix time (ms) of the last checkpoint write; 0: none yet.
    std::atomic<std::int64_t> checkpoint_written_ms{0};
    // Commit time (ms) of the last checkpointed transaction; 0: none yet.
    std::atomic<std::int64_t> checkpoint_ts_ms{0};
    // Seconds the server keeps binlogs (-1: unknown), for the purge horizon.
    std::atomic<std::int64_t> binlog_retention_s{-1};
    std::atomic<int> connected{0};

    void set_gauges(GaugeSources g);
    std::string render() const;

  private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::unique_ptr<TableCounters>> tables_;
    GaugeSources gauges_;
};

}  // namespace b2k::ops
