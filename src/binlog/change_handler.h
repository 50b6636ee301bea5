#pragma once
// What the decoder hands to its sink: row changes, statements, transaction boundaries and
// incidents, each with its position. The sink (decode's JSON printer, later the Kafka stage)
// is injected, so the decoder knows nothing of where changes go.

#include <cstdint>
#include <string_view>

#include "binlog/events.h"
#include "binlog/row_reader.h"
#include "binlog/transaction_boundary.h"
#include "common/result.h"

namespace b2k::binlog {

struct ChangeSource {
    std::string_view file;      // binlog file name
    std::uint64_t pos = 0;      // start of the event that carried the change
    std::uint64_t end_pos = 0;  // position after the event (its log_pos; payload's end)
    std::uint32_t server_id = 0;
    std::uint64_t ts_ms = 0;  // event timestamp (seconds precision) in ms
    std::string_view gtid;    // GTID of the current transaction, "" when none
    Flavor flavor = Flavor::mysql;
    // Set by the decoder: differs for every event it hands on, across decoders too, so a sink
    // may cache what is the same for all rows of one event. 0: not set (always recompute).
    std::uint64_t event_seq = 0;
};

struct RowChange {
    const ChangeSource& source;
    const TableMapEvent& table;
    RowsKind kind;
    const RowImage* before;  // null for inserts
    const RowImage* after;   // null for deletes
    std::uint32_t row;       // index of the row within its event
};

struct StatementChange {
    const ChangeSource& source;
    const QueryEvent& query;
};

struct TransactionMark {
    const ChangeSource& source;
    bool begins;
    GroupEnd ends;
};

class ChangeHandler {
  public:
    virtual ~ChangeHandler() = default;
    virtual Result<void> on_row(const RowChange& change) = 0;
    // Every QUERY event that is not BEGIN/COMMIT/ROLLBACK (DDL, XA statements, ...).
    virtual Result<void> on_statement(const StatementChange&) { return success(); }
    virtual Result<void> on_transaction(const TransactionMark&) { return success(); }
    virtual Result<void> on_incident(const ChangeSource&, const IncidentEvent&) {
        return success();
    }
    // Every parsed event, before the decoder acts on it (for tools and tests).
    virtual Result<void> on_event(const Event&) { return success(); }
};

}  // namespace b2k::binlog
