#include "format/maxwell_encoder.h"

#include <algorithm>

#include "format/json_writer.h"

namespace b2k::format {
namespace {

std::string_view type_name(binlog::RowsKind k) {
    switch (k) {
        case binlog::RowsKind::write:
            return "insert";
        case binlog::RowsKind::del:
            return "delete";
        case binlog::RowsKind::update:
        case binlog::RowsKind::partial_update:
            return "update";
    }
    return "update";
}

const binlog::Cell* cell_at(const binlog::RowImage* image, std::size_t i) {
    if (image == nullptr || i >= image->size() || !(*image)[i].present) return nullptr;
    return &(*image)[i];
}

// Whether an update changed column i (both images logged it).
bool changed(const binlog::Cell& before, const binlog::Cell& after) {
    if (after.partial_json) return true;  // a JSON diff is only logged for a change
    if (before.is_null != after.is_null) return true;
    if (before.is_null) return false;
    return !std::equal(before.data.begin(), before.data.end(), after.data.begin(),
                       after.data.end());
}

Result<void> column_error(Result<void> r, const std::string& key) {
    return failure(std::move(r).error().context("column " + key.substr(0, key.size() - 1)));
}

}  // namespace

Result<void> MaxwellEncoder::encode_row(const binlog::RowChange& ch, const MaxwellRowInfo& info,
                                        std::string& out) {
    const TableLayout& tl = layouts_.get(ch.table, ch.source.flavor);
    const bool is_update = ch.before != nullptr && ch.after != nullptr;
    out.append("{\"database\":");
    append_json_string(out, ch.table.db);
    out.append(",\"table\":");
    append_json_string(out, ch.table.table);
    out.append(",\"type\":\"");
    out.append(type_name(ch.kind));
    out.append("\",\"ts\":");
    append_int(out, ch.source.ts_ms / 1000);
    if (info.xid) {
        out.append(",\"xid\":");
        append_int(out, *info.xid);
    }
    if (info.commit) out.append(",\"commit\":true");

    out.append(",\"data\":{");
    bool first = true;
    for (std::size_t i = 0; i < tl.columns.size(); ++i) {
        if (!tl.kept[i]) continue;
        const binlog::Cell* after = cell_at(ch.after, i);
        const binlog::Cell* before = cell_at(ch.before, i);
        const binlog::Cell* cell = ch.after != nullptr ? after : before;
        const binlog::Cell* diff_base = nullptr;
        if (is_update && after == nullptr) {
            cell = before;  // MINIMAL: not in the after image, so unchanged
        } else if (is_update) {
            diff_base = before;
        }
        if (cell == nullptr) continue;
        if (!first) out.push_back(',');
        first = false;
        out.append(tl.keys[i]);
        auto r = values_.encode(tl.columns[i], *cell, diff_base, out);
        if (!r) return column_error(std::move(r), tl.keys[i]);
    }
    out.push_back('}');

    if (is_update) {
        out.append(",\"old\":{");
        first = true;
        for (std::size_t i = 0; i < tl.columns.size(); ++i) {
            if (!tl.kept[i]) continue;
            const binlog::Cell* after = cell_at(ch.after, i);
            const binlog::Cell* before = cell_at(ch.before, i);
            if (after == nullptr || before == nullptr || !changed(*before, *after)) continue;
            if (!first) out.push_back(',');
            first = false;
            out.append(tl.keys[i]);
            auto r = values_.encode(tl.columns[i], *before, nullptr, out);
            if (!r) return column_error(std::move(r), tl.keys[i]);
        }
        out.push_back('}');
    }
    out.push_back('}');
    return success();
}

}  // namespace b2k::format
