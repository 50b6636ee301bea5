#include "support/materialize.h"

#include <algorithm>

namespace b2k::test {
namespace {

using nlohmann::json;

std::string where(const kafka::Record& r) {
    return "partition " + std::to_string(r.partition) + " offset " + std::to_string(r.offset);
}

// Every column of `image` equals the row's (a before image of a keyless row).
bool matches(const json& row, const json& image) {
    for (const auto& [k, v] : image.items()) {
        const auto it = row.find(k);
        if (it == row.end() || *it != v) return false;
    }
    return true;
}

void merge_into(json& row, const json& after) {
    if (!row.is_object()) row = json::object();
    for (const auto& [k, v] : after.items())
        row[k] = v;
}

}  // namespace

std::string MaterializedTable::problems_text(std::size_t max) const {
    std::string s = std::to_string(problems.size()) + " problem(s):\n";
    for (std::size_t i = 0; i < problems.size() && i < max; ++i)
        s += "  " + problems[i] + "\n";
    if (problems.size() > max) s += "  …\n";
    return s;
}

MaterializedTable materialize_debezium(const std::vector<kafka::Record>& records) {
    MaterializedTable t;
    std::map<std::string, std::int32_t> key_partition;
    std::map<std::string, std::string> last_op;  // key -> op of its previous message
    std::size_t keyed = 0;
    std::size_t null_keyed = 0;

    for (const auto& r : records) {
        ++t.messages;
        ++t.per_partition[r.partition];
        const std::string at = where(r);

        std::string key;
        json key_json;
        if (r.key) {
            ++keyed;
            key_json = json::parse(*r.key, nullptr, false);
            if (key_json.is_discarded() || !key_json.is_object()) {
                t.problems.push_back(at + ": key is not a JSON object: " + *r.key);
                continue;
            }
            key = key_json.dump();
            auto [it, fresh] = key_partition.try_emplace(key, r.partition);
            if (!fresh && it->second != r.partition) {
                t.problems.push_back(at + ": key " + key + " also in partition " +
                                     std::to_string(it->second));
            }
        } else {
            ++null_keyed;
        }

        if (!r.value) {
            ++t.tombstones;
            if (!r.key) {
                t.problems.push_back(at + ": tombstone with a null key");
            } else if (last_op[key] != "d") {
                t.problems.push_back(at + ": tombstone for " + key +
                                     " does not follow a delete of that key (previous op: '" +
                                     last_op[key] + "')");
            } else if (t.rows.count(key) != 0) {
                t.problems.push_back(at + ": tombstone for " + key + " while the row exists");
            }
            last_op[key] = "tombstone";
            continue;
        }

        const json v = json::parse(*r.value, nullptr, false);
        if (v.is_discarded() || !v.is_object() || !v.contains("op")) {
            t.problems.push_back(at +
                                 ": value is not a debezium envelope: " + r.value->substr(0, 200));
            continue;
        }
        const std::string op = v["op"].get<std::string>();
        const json& before = v.value("before", json());
        const json& after = v.value("after", json());

        // The key's columns must be those of the row (after image; delete: before image),
        // where the image logged them.
        if (r.key) {
            const json& image = op == "d" ? before : after;
            if (image.is_object()) {
                for (const auto& [k, kv] : key_json.items()) {
                    const auto it = image.find(k);
                    if (it != image.end() && *it != kv) {
                        t.problems.push_back(at + ": key " + key + " but the row's " + k + " is " +
                                             it->dump());
                    }
                }
            }
        }

        if (op == "c" || op == "r") {
            ++t.creates;
            if (!after.is_object()) {
                t.problems.push_back(at + ": create without an after image");
                continue;
            }
            if (r.key) {
                if (t.rows.count(key) != 0)
                    t.problems.push_back(at + ": create of " + key + ", which exists");
                t.rows[key] = after;
                t.keys[key] = key_json;
            } else {
                t.keyless_rows.push_back(after);
            }
        } else if (op == "u") {
            ++t.updates;
            if (!after.is_object() || !before.is_object()) {
                t.problems.push_back(at + ": update without both images");
                continue;
            }
            if (r.key) {
                if (t.rows.count(key) == 0)
                    t.problems.push_back(at + ": update of " + key + ", which does not exist");
                merge_into(t.rows[key], after);
                t.keys[key] = key_json;
            } else {
                auto it = std::find_if(t.keyless_rows.begin(), t.keyless_rows.end(),
                                       [&](const json& row) { return matches(row, before); });
                if (it == t.keyless_rows.end()) {
                    t.problems.push_back(at +
                                         ": update of a keyless row not found: " + before.dump());
                    continue;
                }
                merge_into(*it, after);
            }
        } else if (op == "d") {
            ++t.deletes;
            if (!before.is_object()) {
                t.problems.push_back(at + ": delete without a before image");
                continue;
            }
            if (r.key) {
                if (t.rows.erase(key) == 0)
                    t.problems.push_back(at + ": delete of " + key + ", which does not exist");
                t.keys.erase(key);
            } else {
                auto it = std::find_if(t.keyless_rows.begin(), t.keyless_rows.end(),
                                       [&](const json& row) { return matches(row, before); });
                if (it == t.keyless_rows.end()) {
                    t.problems.push_back(at +
                                         ": delete of a keyless row not found: " + before.dump());
                    continue;
                }
                t.keyless_rows.erase(it);
            }
        } else {
            t.problems.push_back(at + ": unknown op '" + op + "'");
        }
        if (r.key) last_op[key] = op;
    }
    if (keyed != 0 && null_keyed != 0) {
        t.problems.push_back("the topic mixes keyed (" + std::to_string(keyed) +
                             ") and null-keyed (" + std::to_string(null_keyed) + ") messages");
    }
    t.keyless = keyed == 0 && null_keyed != 0;
    return t;
}

}  // namespace b2k::test
