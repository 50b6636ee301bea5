#include "pipeline/reader_stage.h"

#include <algorithm>
#include <utility>

#include "format/json_writer.h"
#include "format/schema_change_encoder.h"
#include "schema/ddl_statement.h"

namespace b2k::pipeline {
namespace {

format::MessageOptions message_options(const config::Config& cfg) {
    format::MessageOptions o;
    o.format = cfg.kafka.format;
    o.name = cfg.source.name;
    o.tombstones = cfg.kafka.tombstones;
    o.filter = &cfg.filter;
    return o;
}

// maxwell's "commit":true goes right after "ts":N (maxwell_encoder.h); the value was encoded
// without it. Returns the value with the flag inserted.
std::string with_maxwell_commit(std::string_view value) {
    std::string out(value);
    const auto ts = out.find(",\"ts\":");
    if (ts == std::string::npos) return out;
    std::size_t end = ts + 6;
    while (end < out.size() && out[end] >= '0' && out[end] <= '9')
        ++end;
    out.insert(end, ",\"commit\":true");
    return out;
}

ops::TableCounters::Op counter_op(binlog::RowsKind kind) noexcept {
    switch (kind) {
        case binlog::RowsKind::write:
            return ops::TableCounters::create;
        case binlog::RowsKind::del:
            return ops::TableCounters::del;
        case binlog::RowsKind::update:
        case binlog::RowsKind::partial_update:
            break;
    }
    return ops::TableCounters::update;
}

}  // namespace

ReaderStage::ReaderStage(ItemRing& ring, const config::Config& config, ops::Logger& log,
                         ops::Metrics* metrics, ops::DaemonStatus* status)
    : ring_(ring),
      config_(config),
      log_(log),
      metrics_(metrics),
      status_(status),
      message_options_(message_options(config)),
      encoder_(message_options_),
      ddl_encoder_(format::EnvelopeOptions{config.source.name, nullptr}),
      schema_topic_(config::TopicTemplate::parse("{name}.schema-changes",
                                                 config::TopicTemplate::Scope::source)
                        .value()
                        .expand(config.source.name)) {}

const ReaderStage::Route& ReaderStage::route(const binlog::TableMapEvent& table) {
    if (last_route_ && table.map_seq == last_map_seq_) return *last_route_;
    auto [it, inserted] = routes_.try_emplace(table.map_seq);
    if (inserted) {
        Route& r = it->second;
        r.captured = config_.filter.captures(table.db, table.table);
        r.keyless = table.primary_key.empty();
        if (r.captured) {
            r.topic = config_.kafka.topic.expand(config_.source.name, table.db, table.table);
            if (metrics_) r.counters = &metrics_->table(table.db, table.table);
        }
        // A re-mapped table id gets a new map_seq: drop routes of ids no longer mapped once
        // the cache grows (a server maps each table once per binlog, or per statement).
        if (routes_.size() > 65536) {
            Route keep = r;
            routes_.clear();
            it = routes_.emplace(table.map_seq, std::move(keep)).first;
        }
    }
    last_map_seq_ = table.map_seq;
    last_route_ = &it->second;
    return *last_route_;
}

Result<void> ReaderStage::push(PipelineItem item) {
    const std::size_t bytes = item.bytes();
    if (item.kind == PipelineItem::Kind::message) ++messages_;
    if (!ring_.push(std::move(item), bytes)) {
        return failure(Errc::stopped, "the publisher stopped; the reader stops too");
    }
    return success();
}

Result<void> ReaderStage::push_all(std::vector<PipelineItem> items) {
    for (auto& it : items)
        B2K_TRY(push(std::move(it)));
    return success();
}

Result<void> ReaderStage::emit(PipelineItem item) {
    if (xa_.collecting()) {
        // Held outside the ring until XA COMMIT: bounded by the ring's own byte budget, so
        // what the daemon may hold stays a multiple of pipeline.ring_bytes.
        if (xa_.held_bytes() + item.bytes() > config_.pipeline.ring_bytes) {
            return failure(
                Errc::unsupported,
                "the XA transaction " + xa_.current_xid() +
                    " (with any other prepared, unresolved XA transactions) needs more than "
                    "pipeline.ring_bytes (" +
                    std::to_string(config_.pipeline.ring_bytes) +
                    " bytes) of messages held until its XA COMMIT or XA ROLLBACK; binlog2kafka "
                    "stops rather than hold more. The checkpoint stays before the transaction: "
                    "raise pipeline.ring_bytes (and the memory limits with it) and restart");
        }
        xa_.hold(std::move(item));
        return success();
    }
    if (message_options_.format != config::MessageFormat::maxwell) return push(std::move(item));
    // maxwell: hold the newest row message back (with its tombstone) so the transaction's last
    // row can be marked.
    if (item.value()) B2K_TRY(release_last_row(false));
    last_row_.push_back(std::move(item));
    return success();
}

Result<void> ReaderStage::release_last_row(bool commit) {
    if (last_row_.empty()) return success();
    std::vector<PipelineItem> held = std::move(last_row_);
    last_row_.clear();
    if (commit) {
        for (auto& item : held) {
            if (!item.value()) continue;  // the tombstone after a delete
            const std::string value = with_maxwell_commit(*item.value());
            item = PipelineItem::message(item.topic(), item.key(), value, item.keyless, item.db(),
                                         item.table());
            break;
        }
    }
    return push_all(std::move(held));
}

Result<void> ReaderStage::on_event(const binlog::Event& ev) {
    // Debezium's envelope ts_ms is processing time: read the clock once per event, not per row.
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    now_ms_ = static_cast<std::uint64_t>(now);
    if (metrics_) {
        ops::add(metrics_->events_read);
        const auto type = ev.header.type();
        // Artificial events (log_pos 0) and heartbeats carry no commit time.
        const auto* gtid = std::get_if<binlog::MysqlGtidEvent>(&ev.body);
        if (gtid != nullptr && gtid->immediate_commit_timestamp != 0) {
            // MySQL 8: the commit time in microseconds on this server, more precise than the
            // header's seconds (which are the statement's start).
            metrics_->lag_ms.store(
                std::max<std::int64_t>(
                    0, now - static_cast<std::int64_t>(gtid->immediate_commit_timestamp / 1000)),
                std::memory_order_relaxed);
        } else if (ev.header.timestamp != 0 && ev.header.log_pos != 0 &&
                   type != binlog::EventType::HEARTBEAT_LOG_EVENT &&
                   type != binlog::EventType::HEARTBEAT_LOG_EVENT_V2) {
            metrics_->lag_ms.store(
                std::max<std::int64_t>(0, now - std::int64_t{ev.header.timestamp} * 1000),
                std::memory_order_relaxed);
        }
    }
    if (status_ && ++events_since_touch_ >= 256) {
        events_since_touch_ = 0;
        status_->touch();
    }
    if (status_ && (ev.header.type() == binlog::EventType::HEARTBEAT_LOG_EVENT ||
                    ev.header.type() == binlog::EventType::HEARTBEAT_LOG_EVENT_V2)) {
        status_->touch();
    }
    // MariaDB logs no "XA START" statement: the GTID event of an XA group carries the XID.
    if (const auto* g = std::get_if<binlog::MariadbGtidEvent>(&ev.body)) {
        if (!stopped_ && (g->flags2 & binlog::MariadbGtidEvent::kFlPreparedXa) && g->xid) {
            xa_.start(XaHoldback::xid_text(*g->xid));
        }
    }
    return success();
}

Result<void> ReaderStage::on_row(const binlog::RowChange& change) {
    if (stopped_) return success();
    const Route& r = route(change.table);
    if (!r.captured) return success();
    ++rows_;
    format::RowContext ctx;
    ctx.ts_ms = now_ms_;
    if (r.counters) ops::add(r.counters->rows[counter_op(change.kind)]);
    return encoder_.encode_row(
        change, ctx, key_buf_, value_buf_, [&](const format::Message& m) -> Result<void> {
            if (r.counters) {
                ops::add(r.counters->bytes[counter_op(m.change.kind)],
                         (m.key ? m.key->size() : 0) + (m.value ? m.value->size() : 0));
            }
            return emit(PipelineItem::message(r.topic, m.key, m.value, r.keyless, change.table.db,
                                              change.table.table));
        });
}

Result<void> ReaderStage::on_statement(const binlog::StatementChange& st) {
    if (stopped_) return success();
    // Every DDL, of captured tables or not, moves the tracked schema.
    if (tracker_ != nullptr) B2K_TRY(tracker_->on_statement(st));
    const std::string_view q = st.query.query;
    if (auto xid = XaHoldback::xid_of(q, "START"); !xid.empty()) {
        xa_.start(xid);
        return success();
    }
    if (auto xid = XaHoldback::xid_of(q, "BEGIN"); !xid.empty()) {
        xa_.start(xid);
        return success();
    }
    if (auto xid = XaHoldback::xid_of(q, "COMMIT"); !xid.empty()) {
        auto held = xa_.commit(xid);
        if (!held) {
            log_.warn("pipeline", "XA COMMIT " + std::string(xid) + " at " +
                                      std::string(st.source.file) + ":" +
                                      std::to_string(st.source.pos) +
                                      ": its XA PREPARE lies before the start position, so its "
                                      "rows were not read and are not published");
            return success();
        }
        return push_all(std::move(*held));
    }
    if (auto xid = XaHoldback::xid_of(q, "ROLLBACK"); !xid.empty()) {
        xa_.rollback(xid);
        return success();
    }
    const auto ddl = schema::classify_ddl(q);
    if (!ddl.is_schema_change || st.query.error_code != 0) return success();
    const std::string_view db = format::ddl_database(st, ddl);
    const bool captured = ddl.table.empty() ? config_.filter.captures(db, "*")
                                            : config_.filter.captures(db, ddl.table);
    if (!captured) return success();
    key_buf_.assign("{\"db\":");
    format::append_json_string(key_buf_, db);
    key_buf_.push_back('}');
    value_buf_.clear();
    format::encode_schema_change(st, ddl, ddl_encoder_, value_buf_);
    return push(PipelineItem::message(schema_topic_, key_buf_, value_buf_, false, {}, {}));
}

checkpoint::Checkpoint ReaderStage::current_checkpoint(std::uint64_t ts_ms) const {
    checkpoint::Checkpoint cp;
    const replication::ReplicaPosition* pos = session_ ? session_->position() : nullptr;
    if (pos == nullptr) return cp;
    cp.flavor = pos->flavor();
    if (!session_->server().is_mariadb() && !session_->server().server_uuid.empty()) {
        cp.server_uuid = session_->server().server_uuid;
    }
    cp.file = pos->file();
    cp.pos = pos->pos();
    cp.gtid_set = pos->gtid_text();
    cp.ts_ms = ts_ms;
    if (tracker_ != nullptr) cp.schema = {tracker_->version(), tracker_->history_ref()};
    return cp;
}

Result<void> ReaderStage::on_transaction(const binlog::TransactionMark& mark) {
    if (stopped_) return success();
    if (mark.begins && mark.ends == binlog::GroupEnd::none) {
        // Where the stream stood before this group (for an XA PREPARE that is the position no
        // checkpoint may pass while it is open).
        if (!last_checkpoint_) last_checkpoint_ = current_checkpoint(0);
        in_group_ = true;
        return success();
    }
    if (mark.ends == binlog::GroupEnd::none) return success();
    B2K_TRY(on_group_end(mark));
    in_group_ = false;
    if (stop_requested_) {
        stopped_ = true;
        if (session_) session_->stop();
    }
    return success();
}

Result<void> ReaderStage::on_group_end(const binlog::TransactionMark& mark) {
    ++transactions_;
    if (mark.ends == binlog::GroupEnd::xa_prepare) {
        if (!before_prepared_xa_) {
            before_prepared_xa_ = last_checkpoint_ ? *last_checkpoint_ : current_checkpoint(0);
        }
        xa_.prepared();
    } else if (xa_.collecting()) {
        // XA COMMIT … ONE PHASE: committed as it ends.
        B2K_TRY(push_all(xa_.committed_one_phase()));
    }
    B2K_TRY(release_last_row(true));
    last_checkpoint_ = current_checkpoint(mark.source.ts_ms);
    if (metrics_) ops::add(metrics_->transactions);
    if (status_) {
        status_->set_read(ops::StatusPosition{last_checkpoint_->file, last_checkpoint_->pos,
                                              last_checkpoint_->gtid_set, last_checkpoint_->ts_ms});
    }
    if (!xa_.any_prepared()) before_prepared_xa_.reset();
    const checkpoint::Checkpoint& resume =
        before_prepared_xa_ ? *before_prepared_xa_ : *last_checkpoint_;
    return push(PipelineItem::boundary(std::make_unique<checkpoint::Checkpoint>(resume)));
}

Result<void> ReaderStage::on_incident(const binlog::ChangeSource& src,
                                      const binlog::IncidentEvent& inc) {
    return failure(Errc::incident,
                   "the server logged an INCIDENT event (" + std::to_string(inc.incident) +
                       (inc.message.empty() ? std::string() : ": " + inc.message) + ") at " +
                       std::string(src.file) + ":" + std::to_string(src.pos) +
                       ". The binlog may lack changes made there (the server could not log "
                       "them), so binlog2kafka stops before publishing anything after it. "
                       "Compare the affected tables with the source, then move past it with "
                       "`binlog2kafka checkpoint set -c CONFIG --file " +
                       std::string(src.file) + " --pos " + std::to_string(src.end_pos) + "`");
}

void ReaderStage::stop_at_boundary() {
    stop_requested_ = true;
    if (!in_group_) {
        stopped_ = true;
        if (session_) session_->stop();
    }
}

}  // namespace b2k::pipeline
