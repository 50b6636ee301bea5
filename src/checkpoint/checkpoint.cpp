#include "checkpoint/checkpoint.h"

#include <nlohmann/json.hpp>

namespace b2k::checkpoint {

std::string to_json(const Checkpoint& cp) {
    nlohmann::ordered_json j;
    j["flavor"] = std::string(binlog::flavor_name(cp.flavor));
    if (cp.server_uuid) {
        j["server_uuid"] = *cp.server_uuid;
    } else {
        j["server_uuid"] = nullptr;
    }
    j["file"] = cp.file;
    j["pos"] = cp.pos;
    j["gtid_set"] = cp.gtid_set;
    j["ts_ms"] = cp.ts_ms;
    j["schema"] = {{"version", cp.schema.version}, {"ref", cp.schema.ref}};
    return j.dump();
}

Result<Checkpoint> from_json(std::string_view text, std::string_view what) {
    const std::string where = "checkpoint " + std::string(what);
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return failure(Errc::corrupt, where + ": not valid JSON");
    if (!j.is_object()) return failure(Errc::corrupt, where + ": not a JSON object");
    auto field = [&](const nlohmann::json& obj, const char* key,
                     const std::string& prefix) -> Result<const nlohmann::json*> {
        auto it = obj.find(key);
        if (it == obj.end()) {
            return failure(Errc::corrupt, where + ": field \"" + prefix + key + "\" is missing");
        }
        return &*it;
    };
    auto bad = [&](const std::string& key, const char* expected) {
        return failure(Errc::corrupt, where + ": field \"" + key + "\" must be " + expected);
    };

    Checkpoint cp;
    B2K_TRY(auto flavor, field(j, "flavor", ""));
    if (*flavor == "mysql") {
        cp.flavor = binlog::Flavor::mysql;
    } else if (*flavor == "mariadb") {
        cp.flavor = binlog::Flavor::mariadb;
    } else {
        return bad("flavor", "\"mysql\" or \"mariadb\"");
    }
    B2K_TRY(auto uuid, field(j, "server_uuid", ""));
    if (uuid->is_string()) {
        cp.server_uuid = uuid->get<std::string>();
    } else if (!uuid->is_null()) {
        return bad("server_uuid", "a string or null");
    }
    B2K_TRY(auto file, field(j, "file", ""));
    if (!file->is_string()) return bad("file", "a string");
    cp.file = file->get<std::string>();
    B2K_TRY(auto pos, field(j, "pos", ""));
    if (!pos->is_number_unsigned()) return bad("pos", "a non-negative integer");
    cp.pos = pos->get<std::uint64_t>();
    B2K_TRY(auto gtid, field(j, "gtid_set", ""));
    if (!gtid->is_string()) return bad("gtid_set", "a string");
    cp.gtid_set = gtid->get<std::string>();
    B2K_TRY(auto ts, field(j, "ts_ms", ""));
    if (!ts->is_number_unsigned()) return bad("ts_ms", "a non-negative integer");
    cp.ts_ms = ts->get<std::uint64_t>();
    B2K_TRY(auto schema, field(j, "schema", ""));
    if (!schema->is_object()) return bad("schema", "an object");
    B2K_TRY(auto version, field(*schema, "version", "schema."));
    if (!version->is_number_unsigned()) return bad("schema.version", "a non-negative integer");
    cp.schema.version = version->get<std::uint64_t>();
    B2K_TRY(auto ref, field(*schema, "ref", "schema."));
    if (!ref->is_string()) return bad("schema.ref", "a string");
    cp.schema.ref = ref->get<std::string>();
    return cp;
}

}  // namespace b2k::checkpoint
