#include "format/invalidation_encoder.h"

#include "format/json_writer.h"

namespace b2k::format {

Result<bool> append_primary_key(const binlog::RowChange& ch, const TableLayout& tl,
                                ValueEncoder& values, std::string& out) {
    if (ch.table.primary_key.empty()) return false;
    const std::size_t start = out.size();
    out.push_back('{');
    bool first = true;
    for (auto idx : ch.table.primary_key) {
        const binlog::Cell* cell = nullptr;
        for (const binlog::RowImage* image : {ch.after, ch.before}) {
            if (image != nullptr && idx < image->size() && (*image)[idx].present) {
                cell = &(*image)[idx];
                break;
            }
        }
        if (idx >= tl.columns.size() || cell == nullptr) {
            out.resize(start);
            return failure(
                Errc::bad_value,
                "primary-key column " +
                    (idx < tl.keys.size() ? tl.keys[idx].substr(0, tl.keys[idx].size() - 1)
                                          : "#" + std::to_string(idx + 1)) +
                    " of " + ch.table.db + "." + ch.table.table +
                    " is in neither row image (check binlog_row_image)");
        }
        if (!first) out.push_back(',');
        first = false;
        out.append(tl.keys[idx]);
        auto r = values.encode(tl.columns[idx], *cell, nullptr, out);
        if (!r) {
            out.resize(start);
            return failure(std::move(r).error().context("primary-key column " + tl.keys[idx]));
        }
    }
    out.push_back('}');
    return true;
}

Result<void> InvalidationEncoder::encode_row(const binlog::RowChange& ch, std::string& out) {
    const TableLayout& tl = layouts_.get(ch.table, ch.source.flavor);
    out.append("{\"db\":");
    append_json_string(out, ch.table.db);
    out.append(",\"table\":");
    append_json_string(out, ch.table.table);
    out.append(",\"op\":\"");
    switch (ch.kind) {
        case binlog::RowsKind::write:
            out.push_back('c');
            break;
        case binlog::RowsKind::del:
            out.push_back('d');
            break;
        case binlog::RowsKind::update:
        case binlog::RowsKind::partial_update:
            out.push_back('u');
            break;
    }
    out.append("\",\"key\":");
    B2K_TRY(auto has_key, append_primary_key(ch, tl, values_, out));
    if (!has_key) out.append("null");
    out.push_back('}');
    return success();
}

}  // namespace b2k::format
