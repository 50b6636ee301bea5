#pragma once
// ReaderStage: the reader thread's end of the pipeline (DESIGN.md "Pipeline"). It receives the
// replica session's decoded changes and turns them into PipelineItems in the ring:
//
//  - a row of a captured table (filter.include/exclude) → its Kafka messages in the configured
//    format (MessageEncoder: key, value, primary-key split, tombstones), addressed to the
//    table's topic (kafka.topic); a table without a primary key is marked keyless so the
//    publisher sends all its messages to one partition;
//  - a DDL statement on a captured table or database → a record on `{name}.schema-changes`
//    (key {"db":…}, so one database's schema changes stay in order);
//  - the end of a transaction → a boundary carrying the position a restart resumes from;
//  - XA transactions: held from XA START until XA COMMIT (published) or XA ROLLBACK (dropped);
//    while one is prepared, boundaries carry the position from before its XA PREPARE;
//  - an INCIDENT event → the session stops with Errc::incident (the daemon stops there).
//
// Encoding runs here, on the reader thread, because a decoded row refers to the event's bytes
// and the table map: moving the row across the ring would copy every value; the encoded
// message is one allocation (docs/pipeline.md explains the split).
//
// When the ring is full, push blocks: the reader stops reading the socket and the server feels
// TCP back-pressure. stop_at_boundary() ends the stream at the next transaction boundary, so a
// shutdown publishes whole transactions only.
//
// Thread-safety: every member runs on the reader thread (the session's io_context).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "config/config.h"
#include "format/debezium_encoder.h"
#include "format/message_encoder.h"
#include "ops/daemon_status.h"
#include "ops/logger.h"
#include "ops/metrics.h"
#include "pipeline/pipeline_item.h"
#include "pipeline/spsc_ring.h"
#include "pipeline/xa_holdback.h"
#include "replication/replica_session.h"
#include "schema/schema_tracker.h"

namespace b2k::pipeline {

using ItemRing = SpscRing<PipelineItem>;

class ReaderStage final : public binlog::ChangeHandler {
  public:
    // `metrics` and `status` may be null (tools and tests); they must outlive the stage.
    ReaderStage(ItemRing& ring, const config::Config& config, ops::Logger& log,
                ops::Metrics* metrics = nullptr, ops::DaemonStatus* status = nullptr);
    // The session whose position the boundaries carry and which stop_at_boundary() stops.
    void attach(replication::ReplicaSession& session) noexcept { session_ = &session; }
    // The schema tracker that follows every DDL of the stream (null: none); its version goes
    // into each boundary's checkpoint.
    void set_tracker(schema::SchemaTracker* tracker) noexcept { tracker_ = tracker; }

    Result<void> on_event(const binlog::Event& ev) override;
    Result<void> on_row(const binlog::RowChange& change) override;
    Result<void> on_statement(const binlog::StatementChange& st) override;
    Result<void> on_transaction(const binlog::TransactionMark& mark) override;
    Result<void> on_incident(const binlog::ChangeSource& src,
                             const binlog::IncidentEvent& inc) override;

    // Stops the session at the next transaction boundary (at once when between transactions).
    void stop_at_boundary();
    bool stopped() const noexcept { return stopped_; }

    std::uint64_t rows() const noexcept { return rows_; }
    std::uint64_t messages() const noexcept { return messages_; }
    std::uint64_t transactions() const noexcept { return transactions_; }

  private:
    struct Route {
        bool captured = false;
        bool keyless = false;
        std::string topic;
        ops::TableCounters* counters = nullptr;
    };
    const Route& route(const binlog::TableMapEvent& table);
    Result<void> emit(PipelineItem item);
    Result<void> push(PipelineItem item);
    Result<void> push_all(std::vector<PipelineItem> items);
    Result<void> release_last_row(bool commit);
    Result<void> on_group_end(const binlog::TransactionMark& mark);
    checkpoint::Checkpoint current_checkpoint(std::uint64_t ts_ms) const;

    ItemRing& ring_;
    const config::Config& config_;
    ops::Logger& log_;
    ops::Metrics* metrics_;
    ops::DaemonStatus* status_;
    replication::ReplicaSession* session_ = nullptr;
    schema::SchemaTracker* tracker_ = nullptr;
    format::MessageOptions message_options_;
    format::MessageEncoder encoder_;
    format::DebeziumEncoder ddl_encoder_;
    std::string schema_topic_;
    std::unordered_map<std::uint64_t, Route> routes_;  // by TableMapEvent::map_seq
    std::uint64_t last_map_seq_ = 0;
    const Route* last_route_ = nullptr;
    std::string key_buf_;
    std::string value_buf_;
    XaHoldback xa_;
    // maxwell only: the last row message (and the tombstone that follows it) is held until the
    // next row or the transaction's end, which marks it "commit":true.
    std::vector<PipelineItem> last_row_;
    std::optional<checkpoint::Checkpoint> last_checkpoint_;     // after the last transaction
    std::optional<checkpoint::Checkpoint> before_prepared_xa_;  // while an XA is prepared
    bool in_group_ = false;
    bool stop_requested_ = false;
    bool stopped_ = false;
    std::uint64_t now_ms_ = 0;  // wall clock at the current event (debezium's envelope ts_ms)
    std::uint32_t events_since_touch_ = 0;
    std::uint64_t rows_ = 0;
    std::uint64_t messages_ = 0;
    std::uint64_t transactions_ = 0;
};

}  // namespace b2k::pipeline
