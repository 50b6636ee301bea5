#pragma once
// What every format needs to know about a table once per TABLE_MAP (not per row): each column's
// pre-escaped JSON key ("\"name\":"), its rendering, and whether the filter keeps it
// (filter.exclude_columns). Shared by the maxwell and invalidation encoders and the message key.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "binlog/table_map_event.h"
#include "format/value_encoder.h"

namespace b2k::config {
struct FilterConfig;
}

namespace b2k::format {

struct TableLayout {
    std::uint64_t map_seq = 0;
    std::vector<std::string> keys;  // "\"name\":" pre-escaped; "@N" (1-based) when unnamed
    std::vector<ColumnRendering> columns;
    // 1: published; 0: dropped by filter.exclude_columns. Columns without a name (no
    // binlog_row_metadata=FULL and no schema) cannot be matched and are kept.
    std::vector<char> kept;
};

// Per-table cache keyed by table id, rebuilt when TableMapEvent::map_seq changes. The
// renderings point into the TableMapEvent, which the decoder keeps alive for its map_seq.
class TableLayouts {
  public:
    // `filter` may be null (keep every column); it must outlive this object.
    explicit TableLayouts(const config::FilterConfig* filter = nullptr) : filter_(filter) {}

    const TableLayout& get(const binlog::TableMapEvent& tm, binlog::Flavor flavor);

  private:
    const config::FilterConfig* filter_;
    std::unordered_map<std::uint64_t, TableLayout> tables_;
    std::uint64_t last_id_ = 0;
    TableLayout* last_ = nullptr;
};

}  // namespace b2k::format
