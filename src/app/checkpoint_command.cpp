#include "app/checkpoint_command.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "app/checkpoint_store_factory.h"
#include "app/schema_setup.h"
#include "binlog/binlog_position.h"
#include "checkpoint/kafka_schema_history.h"
#include "config/config_loader.h"
#include "gtid/mariadb_gtid_list.h"
#include "gtid/mysql_gtid_set.h"
#include "schema/file_schema_history.h"

namespace b2k::app {
namespace {

constexpr const char* kUsage =
    "usage: binlog2kafka checkpoint show -c CONFIG.yaml\n"
    "       binlog2kafka checkpoint set -c CONFIG.yaml (--gtid SET | --file F --pos P)\n";

int fail(const std::string& message, int code = 1) {
    std::fprintf(stderr, "binlog2kafka checkpoint: %s\n", message.c_str());
    return code;
}

struct Args {
    std::string verb;
    std::string config_path;
    std::optional<std::string> gtid;
    std::optional<std::string> file;
    std::optional<std::uint64_t> pos;
};

std::optional<Args> parse(std::span<const std::string> args) {
    if (args.empty() || (args[0] != "show" && args[0] != "set")) return std::nullopt;
    Args out;
    out.verb = args[0];
    for (std::size_t i = 1; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if ((args[i] == "-c" || args[i] == "--config") && has_value) {
            out.config_path = args[++i];
        } else if (args[i] == "--gtid" && has_value && out.verb == "set") {
            out.gtid = args[++i];
        } else if (args[i] == "--file" && has_value && out.verb == "set") {
            out.file = args[++i];
        } else if (args[i] == "--pos" && has_value && out.verb == "set") {
            const std::string& p = args[++i];
            if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos) {
                return std::nullopt;
            }
            out.pos = std::stoull(p);
        } else {
            return std::nullopt;
        }
    }
    if (out.config_path.empty()) return std::nullopt;
    if (out.verb == "set") {
        const bool by_gtid = out.gtid && !out.file && !out.pos;
        const bool by_file = !out.gtid && out.file && out.pos;
        if (!by_gtid && !by_file) return std::nullopt;
    }
    return out;
}

// The flavor a GTID text belongs to: MySQL "uuid:interval[,…]" or MariaDB "domain-server-seq".
Result<binlog::Flavor> gtid_flavor(const std::string& text) {
    if (gtid::MysqlGtidSet::parse(text)) return binlog::Flavor::mysql;
    if (gtid::MariadbGtidList::parse(text)) return binlog::Flavor::mariadb;
    return failure(Errc::bad_value,
                   "--gtid '" + text +
                       "' is neither a MySQL GTID set (uuid:1-23,…) nor a MariaDB GTID list "
                       "(domain-server-sequence,…)");
}

// The schema version in force at a new position, so the history stays consistent with it: the
// newest version whose DDL lies at or before the position (version numbers grow with the
// stream), or the first-start snapshot. Refuses (Errc::config, with the reason) when the
// history cannot be ordered against the position.
Result<checkpoint::SchemaRef> schema_for(schema::SchemaHistory& history,
                                         const checkpoint::Checkpoint& target) {
    const std::string& history_path = history.ref();
    B2K_TRY(auto highest, history.highest());
    if (highest == 0) return checkpoint::SchemaRef{};  // no history: nothing to keep consistent
    std::uint64_t chosen = 0;
    bool has_ddl = false;
    for (std::uint64_t v = 1; v <= highest; ++v) {
        B2K_TRY(auto version, history.load(v));
        if (!version) continue;
        if (version->file.empty()) {  // information_schema at a first start
            if (chosen == 0) chosen = v;
            continue;
        }
        has_ddl = true;
        if (!target.file.empty() &&
            !binlog::binlog_before(target.file, target.pos, version->file, version->pos)) {
            chosen = v;
        }
    }
    if (target.file.empty() && has_ddl) {
        return failure(Errc::config,
                       "the schema history " + history_path +
                           " records DDL by binlog position, which a GTID set cannot be ordered "
                           "against: set the checkpoint with --file/--pos, or delete the history "
                           "so the next start reads today's information_schema (correct only if "
                           "no DDL ran after that GTID set)");
    }
    if (chosen == 0) {
        return failure(Errc::config, "no version of the schema history " + history_path +
                                         " is known at that position");
    }
    return checkpoint::SchemaRef{chosen, history_path};
}

}  // namespace

int checkpoint_command(std::span<const std::string> args) {
    auto parsed = parse(args);
    if (!parsed) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    auto cfg = config::load_config_file(parsed->config_path, config::ConfigUse::run);
    if (!cfg) return fail(cfg.error().message, 2);
    if (cfg.value().checkpoint.store == config::CheckpointStore::kafka &&
        cfg.value().kafka.embedded()) {
        return fail(
            "checkpoint.store is kafka and kafka.brokers is \"embedded\": that checkpoint lives "
            "inside the running daemon's in-process cluster and cannot be reached from here",
            2);
    }
    auto store = open_checkpoint_store(cfg.value(), cfg.value().kafka.brokers);
    if (!store) return fail(store.error().message);
    auto& s = *store.value();

    if (parsed->verb == "show") {
        auto cp = s.load();
        if (!cp) return fail(cp.error().message);
        if (!cp.value()) {
            std::printf("no checkpoint stored in %s: `run` starts at source.start\n",
                        s.describe().c_str());
            return 0;
        }
        std::printf("%s\n", checkpoint::to_json(*cp.value()).c_str());
        return 0;
    }

    // set: refuse while a daemon holds the store.
    if (auto locked = s.lock(); !locked) {
        return fail(locked.error().message + ". Stop the daemon first, then set the checkpoint");
    }
    auto existing = s.load();
    if (!existing) return fail(existing.error().message);
    checkpoint::Checkpoint cp;
    if (existing.value()) {
        cp.flavor = existing.value()->flavor;
        cp.server_uuid = existing.value()->server_uuid;
        cp.schema = existing.value()->schema;
    }
    if (parsed->gtid) {
        auto flavor = gtid_flavor(*parsed->gtid);
        if (!flavor) return fail(flavor.error().message, 2);
        cp.flavor = flavor.value();
        cp.gtid_set = *parsed->gtid;
        // A GTID start resumes by GTID; file/pos are informational and unknown here.
        cp.file = existing.value() ? existing.value()->file : std::string();
        cp.pos = existing.value() ? existing.value()->pos : 4;
    } else {
        cp.file = *parsed->file;
        cp.pos = *parsed->pos < 4 ? 4 : *parsed->pos;
    }
    {
        checkpoint::Checkpoint target = cp;
        if (parsed->gtid) target.file.clear();
        std::unique_ptr<schema::SchemaHistory> history;
        if (cfg.value().checkpoint.store == config::CheckpointStore::file) {
            history = std::make_unique<schema::FileSchemaHistory>(
                schema_history_path(cfg.value().checkpoint.path));
        } else {
            auto kh = checkpoint::KafkaSchemaHistory::create(
                cfg.value().kafka, cfg.value().kafka.brokers,
                cfg.value().schema.history_topic.expand(cfg.value().source.name),
                cfg.value().source.name);
            if (!kh) return fail(kh.error().message);
            history = std::move(kh).value();
        }
        auto ref = schema_for(*history, target);
        if (!ref) return fail(ref.error().message, 2);
        cp.schema = ref.value();
        if (cp.schema.version > 0) {
            std::fprintf(stderr, "binlog2kafka checkpoint: schema version %llu applies there\n",
                         static_cast<unsigned long long>(cp.schema.version));
        }
    }
    cp.ts_ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    if (auto saved = s.save(cp); !saved) return fail(saved.error().message);
    std::printf("%s\n", checkpoint::to_json(cp).c_str());
    if (cfg.value().checkpoint.store == config::CheckpointStore::kafka) {
        std::fprintf(stderr,
                     "binlog2kafka checkpoint: note: the Kafka store cannot tell whether a daemon "
                     "is running elsewhere; a running daemon overwrites this at its next commit\n");
    }
    return 0;
}

}  // namespace b2k::app
