#pragma once
// SchemaTracker: every row decoded with the table definition in force at its binlog position
// (issue 4, DESIGN.md "Pipeline" step 3).
//
// It keeps a versioned SchemaCatalog: the starting point (information_schema at the first
// start, or the version a checkpoint names, from the SchemaHistory), then every DDL statement
// of the stream applied in order (DdlInterpreter) — also for tables the filter excludes. As the
// decoder's TableResolver it completes each TABLE_MAP that lacks FULL metadata: names,
// signedness, charsets (as collation ids), ENUM/SET labels, visibility, primary key. Before
// that it checks the event against the tracked definition — column count, each column's type
// family, DECIMAL precision/scale and temporal precision — and a mismatch stops decoding with
// an error naming the table, the position and the column: no row is ever decoded with a
// schema the binlog contradicts. With FULL metadata the TABLE_MAP is authoritative and is
// taken as it is.
//
// Where the TABLE_MAP carries them (MINIMAL metadata), signedness, charsets and the
// CHAR/VARCHAR/BINARY/VARBINARY/BIT lengths are checked too.
//
// A DDL it cannot interpret marks the table the statement names as unknown
// (TableSchema::unknown_since, a new version in the history, so it survives a restart). At its
// next TABLE_MAP without FULL metadata the tracker re-reads the table from today's
// information_schema (TrackerOptions::reread) — and uses that definition only when the stream
// has caught up and no statement logged between that TABLE_MAP and the binlog's end changes the
// table: then today's definition is the one in force there. Otherwise (or without a re-reader)
// it stops with an error that says why and what to do. schema.on_mismatch: reread_once does
// the same for a table whose tracked definition the TABLE_MAP contradicts. Tables the filter
// does not capture are not resolved at all (TrackerOptions::captured).
//
// Thread-safety: none; the reader thread owns it (it runs inside the decoder).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "binlog/binlog_decoder.h"
#include "schema/ddl_interpreter.h"
#include "schema/schema_history.h"
#include "schema/table_reread.h"
#include "schema/table_schema.h"

namespace b2k::schema {

struct TrackerOptions {
    binlog::Flavor flavor = binlog::Flavor::mysql;
    std::string server_charset = "utf8mb4";
    std::map<std::string, std::uint32_t> collation_ids;  // charset -> a collation id of it
    std::shared_ptr<SchemaHistory> history;              // null: versions kept in memory only
    // New versions are numbered above this (the history's highest, which may be above the
    // version a restart resumes with).
    std::uint64_t version_floor = 0;
    // Called with a message for every DDL it could not interpret (a log line).
    std::function<void(const std::string&)> warn;
    // The tables whose rows are published (the filter); null: every table. The TABLE_MAP of
    // any other table is left as the binlog has it — its rows are never published, so neither
    // an unknown definition nor one the tracker could not follow stops the stream (the server's
    // own schemas, where RDS writes heartbeat rows, included). DDL is followed for every table.
    std::function<bool(std::string_view db, std::string_view table)> captured;
    // The first start's snapshot: information_schema was read while the server's binlog went
    // from `from` (where the stream starts) to `to`. A DDL logged in between may or may not be
    // in the snapshot, so the tables it names become unknown (TableSchema::unknown_since)
    // instead of being changed a second time or not at all. Unset: no window (a snapshot
    // while nothing was logged, or a resumed history).
    struct SnapshotWindow {
        std::string from_file;
        std::uint64_t from_pos = 0;
        std::string to_file;
        std::uint64_t to_pos = 0;
    };
    std::optional<SnapshotWindow> snapshot_window;
    // Reads a table's definition from today's information_schema and the statements logged
    // after a position (app/schema_rereader.h). Null: never re-read; an unknown table stops.
    TableRereader reread;
    // schema.on_mismatch: reread_once — a TABLE_MAP that contradicts the tracked definition
    // re-reads the table (as an unknown one is) before it stops the stream.
    bool reread_on_mismatch = false;
};

class SchemaTracker final : public binlog::TableResolver {
  public:
    // `catalog` is version `version` (>= 1), in force from the stream's start position.
    SchemaTracker(SchemaCatalog catalog, std::uint64_t version, TrackerOptions options);

    // A QUERY event of the stream (DDL or not). Errc::io when the history cannot be written.
    [[nodiscard]] Result<void> on_statement(const binlog::StatementChange& st);

    Result<void> resolve(binlog::TableMapEvent& table, const binlog::ChangeSource& at) override;
    std::uint64_t version() const noexcept override { return version_; }

    const SchemaCatalog& catalog() const noexcept { return catalog_; }
    const std::string& history_ref() const noexcept;

  private:
    // Numbers the catalog as it is now as a new version and stores it in the history.
    Result<void> new_version(const binlog::ChangeSource& at, const std::string& ddl);
    bool in_snapshot_window(const binlog::ChangeSource& at) const noexcept;
    // The table's definition is unknown from here on (TableSchema::unknown_since = `since`).
    void mark_unknown(const std::string& db, const std::string& table, const std::string& since);
    // Marks `tables` unknown: the DDL at `at` ran while the first snapshot was read.
    void mark_ambiguous(const binlog::ChangeSource& at, const std::string& ddl,
                        const std::vector<std::pair<std::string, std::string>>& tables);
    Result<void> check(const TableSchema& t, const binlog::TableMapEvent& tm,
                       const binlog::ChangeSource& at) const;
    // Replaces the table's definition with today's (TrackerOptions::reread) when that is the
    // definition in force at `at` and `tm` agrees with it; otherwise an error whose message
    // says why not (Errc::corrupt when today's definition contradicts `tm`).
    Result<void> reread(const binlog::TableMapEvent& tm, const binlog::ChangeSource& at);
    DdlOptions ddl_options() const;
    std::optional<std::uint32_t> collation_for(const std::string& charset) const;

    SchemaCatalog catalog_;
    std::uint64_t version_;
    TrackerOptions opts_;
};

}  // namespace b2k::schema
