#include "format/table_layout.h"

#include "config/filter_config.h"
#include "format/json_writer.h"

namespace b2k::format {

const TableLayout& TableLayouts::get(const binlog::TableMapEvent& tm, binlog::Flavor flavor) {
    // Rows of one event (and often of one transaction) share a table: skip the hash look-up.
    // Map nodes do not move, so the pointer stays valid.
    if (last_ == nullptr || last_id_ != tm.table_id) {
        last_ = &tables_[tm.table_id];
        last_id_ = tm.table_id;
    }
    auto& tl = *last_;
    if (tl.map_seq == tm.map_seq && tl.map_seq != 0 && tl.columns.size() == tm.columns.size() &&
        (tl.columns.empty() || tl.columns[0].def == &tm.columns[0])) {
        return tl;
    }
    tl.map_seq = tm.map_seq;
    tl.keys.clear();
    tl.columns.clear();
    tl.kept.clear();
    for (std::size_t i = 0; i < tm.columns.size(); ++i) {
        const auto& c = tm.columns[i];
        std::string key;
        if (c.name.empty()) {
            append_json_string(key, "@" + std::to_string(i + 1));
        } else {
            append_json_string(key, c.name);
        }
        key.push_back(':');
        tl.keys.push_back(std::move(key));
        tl.columns.push_back(resolve_rendering(c, flavor));
        const bool drop =
            filter_ != nullptr && !c.name.empty() && filter_->drops_column(tm.db, tm.table, c.name);
        tl.kept.push_back(drop ? 0 : 1);
    }
    return tl;
}

}  // namespace b2k::format
