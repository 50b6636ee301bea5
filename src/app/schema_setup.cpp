#include "app/schema_setup.h"

#include <algorithm>
#include <vector>

#include "replication/binlog_end.h"
#include "replication/server_info.h"
#include "schema/information_schema_reader.h"

namespace b2k::app {

std::string schema_history_path(const std::string& checkpoint_path) {
    return checkpoint_path + ".schema-history.jsonl";
}

namespace {

// schema.accept_current: the listed tables whose definition is unknown take today's
// information_schema definition, stored as a new version. Returns the version in force.
boost::asio::awaitable<Result<std::uint64_t>> accept_current(mysql::Connection& conn,
                                                             const SchemaStart& start,
                                                             schema::SchemaCatalog& catalog,
                                                             std::uint64_t version) {
    std::vector<schema::SchemaCatalog::Key> accepted;
    for (const auto& [key, t] : catalog.tables()) {
        if (!t.unknown_since.empty() && start.accept_current &&
            start.accept_current(key.first, key.second)) {
            accepted.push_back(key);
        }
    }
    if (accepted.empty()) co_return version;
    auto today = co_await schema::read_information_schema(conn);
    if (!today) {
        co_return failure(Errc::config, "schema.accept_current: cannot read information_schema (" +
                                            today.error().message +
                                            "); GRANT SELECT on the tables to the user");
    }
    std::string names;
    for (const auto& [db, table] : accepted) {
        const std::string name = db + "." + table;
        const schema::TableSchema* now = today.value().find(db, table);
        if (now == nullptr) {
            co_return failure(Errc::config, "schema.accept_current: " + name +
                                                " is not in information_schema today; remove it "
                                                "from the list or exclude the table");
        }
        if (start.warn) {
            start.warn("schema tracker: " + name + " was unknown since '" +
                       catalog.find(db, table)->unknown_since +
                       "'; taking today's definition from information_schema "
                       "(schema.accept_current) — correct only if no DDL changed it after " +
                       (start.from_file.empty()
                            ? std::string("the start position")
                            : start.from_file + ":" + std::to_string(start.from_pos)) +
                       ". Remove the entry once the daemon runs");
        }
        catalog.put(*now);
        names += (names.empty() ? "" : ", ") + name;
    }
    std::uint64_t next = version + 1;
    if (start.history) {
        std::uint64_t highest = 0;
        B2K_CO_TRY(highest, start.history->highest());
        next = std::max(next, highest + 1);
        schema::SchemaVersion v{next, start.from_file, start.from_pos,
                                "(schema.accept_current: information_schema for " + names + ")",
                                catalog};
        B2K_CO_TRY(start.history->append(v));
    }
    co_return next;
}

}  // namespace

boost::asio::awaitable<Result<schema::SchemaTracker>> start_schema_tracker(
    mysql::Connection& conn, const SchemaStart& start) {
    schema::TrackerOptions topts;
    topts.flavor = replication::server_info_from_version(conn.server().server_version).flavor;
    topts.history = start.history;
    topts.warn = start.warn;
    topts.captured = start.captured;
    topts.reread = start.reread;
    topts.reread_on_mismatch = start.reread_on_mismatch;
    if (auto cs = co_await schema::read_server_charsets(conn)) {
        topts.server_charset = cs.value().server_charset;
        topts.collation_ids = std::move(cs.value().default_ids);
    } else if (start.warn) {
        start.warn("schema tracker: cannot read the server's charsets (" + cs.error().message +
                   "); using built-in collation ids");
    }
    std::uint64_t highest = 0;
    if (start.history) {
        B2K_CO_TRY(highest, start.history->highest());
    }
    topts.version_floor = highest;

    if (start.stored && start.stored->version > 0 && start.history) {
        B2K_CO_TRY(auto v, start.history->load(start.stored->version));
        if (v) {
            if (start.info) {
                start.info("schema tracker: resuming with schema version " +
                           std::to_string(v->version) + " from " + start.history->ref() + " (" +
                           std::to_string(v->catalog.tables().size()) + " tables)");
            }
            B2K_CO_TRY(const std::uint64_t in_force,
                       co_await accept_current(conn, start, v->catalog, v->version));
            topts.version_floor = std::max(topts.version_floor, in_force);
            co_return schema::SchemaTracker(std::move(v->catalog), in_force, std::move(topts));
        }
        if (start.warn) {
            start.warn("schema tracker: the checkpoint names schema version " +
                       std::to_string(start.stored->version) + " but " + start.history->ref() +
                       " does not hold it; reading today's information_schema instead (correct "
                       "only if no DDL ran since the checkpoint)");
        }
    }
    // A pinned start: the binlog's end before the snapshot is where the stream starts.
    std::optional<replication::BinlogEnd> before;
    replication::ServerInfo server;
    if (start.pin_latest != nullptr) {
        // Failures leave the start to the session, which reports them with their fix.
        if (auto info = co_await replication::probe_server(conn)) {
            server = std::move(info).value();
            if (auto end = co_await replication::read_binlog_end(conn, server)) {
                before = std::move(end).value();
            }
        }
    }
    auto cat = co_await schema::read_information_schema(conn);
    if (before) {
        B2K_CO_TRY(auto after, co_await replication::read_binlog_end(conn, server));
        if (after.file != before->file || after.pos != before->pos) {
            topts.snapshot_window = schema::TrackerOptions::SnapshotWindow{
                before->file, before->pos, after.file, after.pos};
        }
        if (start.info) {
            start.info("schema tracker: the stream starts at " + before->file + ":" +
                       std::to_string(before->pos) +
                       ", where the binlog ended before information_schema was read" +
                       (topts.snapshot_window
                            ? " (it ended at " + after.file + ":" + std::to_string(after.pos) +
                                  " after: a DDL logged in between makes its tables unknown)"
                            : std::string(" (and after: nothing was logged in between)")));
        }
        start.pin_latest->set_start(
            replication::StartFilePos{before->file, before->pos, before->gtid});
    }
    if (!cat) {
        if (start.warn) {
            start.warn("schema tracker: cannot read information_schema (" + cat.error().message +
                       "); only tables created in the stream are known (GRANT SELECT to the "
                       "user, or use binlog_row_metadata=FULL)");
        }
        co_return schema::SchemaTracker(schema::SchemaCatalog{}, highest + 1, std::move(topts));
    }
    const std::uint64_t version = highest + 1;
    if (start.history) {
        schema::SchemaVersion v{version, "", 0, "(information_schema at the first start)",
                                cat.value()};
        B2K_CO_TRY(start.history->append(v));
    }
    if (start.info) {
        start.info("schema tracker: read " + std::to_string(cat.value().tables().size()) +
                   " table definitions from information_schema (schema version " +
                   std::to_string(version) + ")");
    }
    co_return schema::SchemaTracker(std::move(cat).value(), version, std::move(topts));
}

}  // namespace b2k::app
