#pragma once
// The schema tracker's re-reader (schema::TrackerOptions::reread, issue 4): when the tracker
// meets a table whose definition it lost (a DDL it could not follow) or, with
// schema.on_mismatch: reread_once, one the binlog contradicts, it asks for today's definition.
// Over a short ordinary connection this reads the table from information_schema, then where
// the binlog ends, then every statement logged from the tracker's position to that end (SHOW
// BINLOG EVENTS), so the tracker can tell whether today's definition is the one in force at its
// position. The connection runs on its own io_context: the reader thread blocks in it (rarely,
// for milliseconds), and the stream waits in the socket meanwhile.

#include <cstdint>

#include "mysql/connection.h"
#include "schema/table_reread.h"

namespace b2k::app {

// How far behind the binlog's end the stream may be for a re-read: more, and the tracker stops
// instead (docs/schema-tracker.md).
inline constexpr std::uint64_t kRereadMaxBehindBytes = 16ULL << 20;

schema::TableRereader make_schema_rereader(mysql::ConnectOptions options);

}  // namespace b2k::app
