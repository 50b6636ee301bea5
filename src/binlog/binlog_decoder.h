#pragma once
// BinlogDecoder: events from an EventSource -> row changes for a ChangeHandler.
// Keeps the TABLE_MAPs in force, expands TRANSACTION_PAYLOADs, tracks the GTID and file name,
// and asks TransactionBoundary where groups start and end.

#include <memory>
#include <string>
#include <unordered_map>

#include "binlog/change_handler.h"
#include "binlog/event_parser.h"
#include "binlog/event_source.h"
#include "binlog/transaction_boundary.h"

namespace b2k::binlog {

// Completes a TABLE_MAP from the schema in force at its position (the schema tracker, issue 4):
// names, signedness, charsets, ENUM/SET labels and the primary key when the event's optional
// metadata lacks them, after checking that the event agrees with that schema. An error stops
// decoding: no row is decoded with a schema the binlog contradicts.
class TableResolver {
  public:
    virtual ~TableResolver() = default;
    virtual Result<void> resolve(TableMapEvent& table, const ChangeSource& at) = 0;
    // >= 1; changes whenever the schema in force changes (a DDL was applied): tables mapped
    // before are resolved again before their next row.
    virtual std::uint64_t version() const noexcept = 0;
};

struct DecoderOptions {
    bool verify_checksums = true;
    bool skip_corrupt = false;          // log and continue after an event that does not parse
    TableResolver* resolver = nullptr;  // null: TABLE_MAP events are taken as they are
};

class BinlogDecoder {
  public:
    BinlogDecoder(ChangeHandler& handler, DecoderOptions opts) : handler_(handler), opts_(opts) {}

    // Decodes every event of `source` (a file: `file_name` names it in positions).
    Result<void> run(EventSource& source, std::string file_name);
    // Decodes one complete event (network stream). `offset` is its start position.
    Result<void> feed(wire::Bytes raw, std::uint64_t offset);

    EventParser& parser() noexcept { return parser_; }
    const std::string& file() const noexcept { return file_; }
    void set_file(std::string f) { file_ = std::move(f); }
    // Corrupt events skipped with skip_corrupt.
    std::uint64_t skipped() const noexcept { return skipped_; }

  private:
    // `raw` is the event's bytes (to recognise a TABLE_MAP that repeats the previous one).
    Result<void> handle(const Event& ev, std::uint64_t end_pos, wire::Bytes raw);
    Result<void> handle_rows(const Event& ev, const RowsEvent& rows);
    Result<void> emit_rows(const Event& ev, const RowsEvent& rows, const TableMapEvent& tm,
                           const ChangeSource& source);
    Result<void> track_savepoint(const QueryEvent& q);
    Result<void> release_held();
    Result<void> handle_payload(const Event& ev, const TransactionPayloadEvent& p);
    void set_gtid(const Event& ev);

    ChangeHandler& handler_;
    DecoderOptions opts_;
    EventParser parser_;
    TransactionBoundary boundary_;
    struct MappedTable {
        TableMapEvent table;         // as resolved (or as parsed, without a resolver)
        TableMapEvent parsed;        // as parsed (kept only with a resolver)
        std::vector<std::byte> raw;  // the event after its header and table id (for repeats)
        std::uint64_t resolved_version = 0;
    };
    // Resolves `slot` against the schema in force (a new map_seq when it changes).
    Result<void> resolve(MappedTable& slot);
    std::unordered_map<std::uint64_t, MappedTable> tables_;
    std::string file_;
    std::string gtid_;
    ChangeSource source_;
    RowImage before_;
    RowImage after_;
    std::uint64_t skipped_ = 0;
    std::uint64_t event_seq_ = 0;  // ChangeSource::event_seq of the last event
    // The current group's MariaDB two-phase ALTER flags (MariadbGtidEvent::flags_extra): the
    // statement of a START ALTER or ROLLBACK ALTER group is not delivered — the server applies
    // the ALTER when its COMMIT ALTER group (which repeats the statement) is logged.
    std::uint8_t alter_phase_ = 0;

    // Rows logged after a SAVEPOINT are held until it is released or the group ends, so that a
    // ROLLBACK TO can drop them (see transaction_boundary.h).
    struct HeldRows {
        Event event;
        TableMapEvent table;
        std::string file;
        std::string gtid;
        ChangeSource source;
    };
    std::vector<HeldRows> held_;
    std::vector<std::pair<std::string, std::size_t>> savepoints_;  // name, held_ size at it
};

}  // namespace b2k::binlog
