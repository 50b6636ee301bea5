#include "app/schema_setup.h"

#include "replication/server_info.h"
#include "schema/information_schema_reader.h"

namespace b2k::app {

std::string schema_history_path(const std::string& checkpoint_path) {
    return checkpoint_path + ".schema-history.jsonl";
}

boost::asio::awaitable<Result<schema::SchemaTracker>> start_schema_tracker(
    mysql::Connection& conn, const SchemaStart& start) {
    schema::TrackerOptions topts;
    topts.flavor = replication::server_info_from_version(conn.server().server_version).flavor;
    topts.history = start.history;
    topts.warn = start.warn;
    topts.captured = start.captured;
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
            co_return schema::SchemaTracker(std::move(v->catalog), v->version, std::move(topts));
        }
        if (start.warn) {
            start.warn("schema tracker: the checkpoint names schema version " +
                       std::to_string(start.stored->version) + " but " + start.history->ref() +
                       " does not hold it; reading today's information_schema instead (correct "
                       "only if no DDL ran since the checkpoint)");
        }
    }
    auto cat = co_await schema::read_information_schema(conn);
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
