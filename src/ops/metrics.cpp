#include "ops/metrics.h"

#include <chrono>

#include "format/json_writer.h"

namespace b2k::ops {
namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

// A label value: backslash, double quote and newline escaped (exposition format).
void label_value(std::string& out, std::string_view v) {
    for (const char c : v) {
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out.append("\\n");
        } else {
            out.push_back(c);
        }
    }
}

void sample(std::string& out, std::string_view name, std::string_view labels, double value) {
    out.append(name);
    if (!labels.empty()) out.append("{").append(labels).append("}");
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.17g\n", value);
    out.append(buf);
}

void simple(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            double value) {
    header(out, name, type, help);
    sample(out, name, {}, value);
}

double load(const Counter& c) {
    return static_cast<double>(c.load(std::memory_order_relaxed));
}

}  // namespace

Metrics::Metrics() = default;

TableCounters& Metrics::table(const std::string& db, const std::string& table) {
    const std::lock_guard lock(mutex_);
    auto& slot = tables_[{db, table}];
    if (!slot) slot = std::make_unique<TableCounters>();
    return *slot;
}

void Metrics::set_gauges(GaugeSources g) {
    const std::lock_guard lock(mutex_);
    gauges_ = std::move(g);
}

std::string Metrics::render() const {
    std::string out;
    out.reserve(4096);
    header(out, "binlog2kafka_build_info", "gauge", "Build information; always 1.");
    sample(out, "binlog2kafka_build_info", "version=\"" B2K_VERSION "\"", 1);

    static constexpr std::array<const char*, 3> kOps{"c", "u", "d"};
    {
        const std::lock_guard lock(mutex_);
        // One sample per table and op of a per-table counter family.
        const auto per_table = [&](std::string_view name, std::string_view help,
                                   std::array<Counter, 3> TableCounters::*field) {
            header(out, name, "counter", help);
            for (const auto& [key, t] : tables_) {
                for (std::size_t op = 0; op < kOps.size(); ++op) {
                    std::string labels = "db=\"";
                    label_value(labels, key.first);
                    labels.append("\",table=\"");
                    label_value(labels, key.second);
                    labels.append("\",op=\"").append(kOps[op]).append("\"");
                    sample(out, name, labels, load(((*t).*field)[op]));
                }
            }
        };
        per_table("binlog2kafka_rows_published_total",
                  "Row changes handed to the Kafka producer, by table and op (c, u, d).",
                  &TableCounters::rows);
        per_table("binlog2kafka_bytes_published_total",
                  "Key and value bytes handed to the Kafka producer, by table and op.",
                  &TableCounters::bytes);
        if (gauges_.ring_items) {
            simple(out, "binlog2kafka_ring_items", "gauge",
                   "Items waiting in the ring between reader and publisher.",
                   static_cast<double>(gauges_.ring_items()));
        }
        if (gauges_.ring_bytes) {
            simple(out, "binlog2kafka_ring_bytes", "gauge", "Bytes waiting in the ring.",
                   static_cast<double>(gauges_.ring_bytes()));
        }
        if (gauges_.producer_queue) {
            simple(out, "binlog2kafka_producer_queue_messages", "gauge",
                   "Messages in the producer not yet acknowledged by Kafka.",
                   static_cast<double>(gauges_.producer_queue()));
        }
    }
    simple(out, "binlog2kafka_events_read_total", "counter",
           "Binlog events received from the server.", load(events_read));
    simple(out, "binlog2kafka_transactions_total", "counter", "Transactions read.",
           load(transactions));
    simple(out, "binlog2kafka_delivery_errors_total", "counter",
           "Kafka delivery reports with an error (retried by the producer unless permanent).",
           load(delivery_errors));
    simple(out, "binlog2kafka_reconnects_total", "counter",
           "Replication connections re-established.", load(reconnects));
    simple(out, "binlog2kafka_checkpoints_written_total", "counter", "Checkpoints written.",
           load(checkpoints_written));
    simple(out, "binlog2kafka_oversize_skipped_total", "counter",
           "Messages over message.max.bytes skipped (kafka.oversize: skip).",
           load(oversize_skipped));
    simple(out, "binlog2kafka_connected", "gauge", "1 while the replication stream is established.",
           static_cast<double>(connected.load(std::memory_order_relaxed)));
    const std::int64_t lag = lag_ms.load(std::memory_order_relaxed);
    if (lag >= 0) {
        simple(out, "binlog2kafka_replication_lag_seconds", "gauge",
               "Arrival time minus the server's commit time of the last event read.",
               static_cast<double>(lag) / 1000.0);
    }
    const std::int64_t now = now_ms();
    const std::int64_t written = checkpoint_written_ms.load(std::memory_order_relaxed);
    if (written > 0) {
        simple(out, "binlog2kafka_checkpoint_age_seconds", "gauge",
               "Seconds since the checkpoint was last written.",
               static_cast<double>(now - written) / 1000.0);
    }
    const std::int64_t cp_ts = checkpoint_ts_ms.load(std::memory_order_relaxed);
    const std::int64_t retention = binlog_retention_s.load(std::memory_order_relaxed);
    if (cp_ts > 0 && retention > 0) {
        // The binlog holding the checkpointed transaction was written no later than its commit:
        // it is purged at the latest retention seconds after that commit.
        simple(out, "binlog2kafka_binlog_purge_horizon_seconds", "gauge",
               "Seconds until the server may purge the binlog the checkpoint needs "
               "(commit time of the checkpointed transaction + retention - now).",
               static_cast<double>(cp_ts + retention * 1000 - now) / 1000.0);
    }
    return out;
}

}  // namespace b2k::ops
