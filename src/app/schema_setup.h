#pragma once
// The schema tracker's starting point (issue 4), read over an ordinary connection before the
// replica session starts: the server's charsets, then either the version a checkpoint names
// (from the schema history beside it) or — at the first start — today's information_schema.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "checkpoint/checkpoint.h"
#include "mysql/connection.h"
#include "replication/replica_session.h"
#include "schema/schema_history.h"
#include "schema/schema_tracker.h"

namespace b2k::app {

struct SchemaStart {
    std::optional<checkpoint::SchemaRef> stored;     // the checkpoint's schema reference
    std::shared_ptr<schema::SchemaHistory> history;  // null: nothing persisted (tail)
    std::function<void(const std::string&)> info;
    std::function<void(const std::string&)> warn;
    // The tables that are published (TrackerOptions::captured); null: all (tail).
    std::function<bool(std::string_view db, std::string_view table)> captured;
    // schema.accept_current: tables whose unknown definition (TableSchema::unknown_since) is
    // replaced by today's information_schema, as a new version applying from `from_file`:
    // `from_pos` (the stored checkpoint's position). Null: none.
    std::function<bool(std::string_view db, std::string_view table)> accept_current;
    std::string from_file;
    std::uint64_t from_pos = 0;
    // A first start at source.start `latest`: the session that will stream. When
    // information_schema is read, the binlog's end is read just before it — the session is
    // set to start there (ReplicaSession::set_start), so no DDL falls between the snapshot and
    // the stream — and just after; DDL logged in between is ambiguous to the tracker
    // (TrackerOptions::snapshot_window). Null: the stream's start does not depend on it.
    replication::ReplicaSession* pin_latest = nullptr;
    // Today's definition of a table the tracker lost, when the stream has caught up
    // (TrackerOptions::reread; app/schema_rereader.h). Null: never re-read.
    schema::TableRereader reread;
    bool reread_on_mismatch = false;  // schema.on_mismatch: reread_once
};

// The path of the history kept beside a file checkpoint.
std::string schema_history_path(const std::string& checkpoint_path);

boost::asio::awaitable<Result<schema::SchemaTracker>> start_schema_tracker(
    mysql::Connection& conn, const SchemaStart& start);

}  // namespace b2k::app
