#include "format/debezium_encoder.h"

#include "config/filter_config.h"
#include "format/json_writer.h"

namespace b2k::format {
namespace {

bool is_blob_like(binlog::ColumnType t) {
    using CT = binlog::ColumnType;
    return t == CT::MYSQL_TYPE_BLOB || t == CT::MYSQL_TYPE_TINY_BLOB ||
           t == CT::MYSQL_TYPE_MEDIUM_BLOB || t == CT::MYSQL_TYPE_LONG_BLOB ||
           t == CT::MYSQL_TYPE_JSON || t == CT::MYSQL_TYPE_GEOMETRY;
}

std::string_view op_code(binlog::RowsKind k) {
    switch (k) {
        case binlog::RowsKind::write:
            return "c";
        case binlog::RowsKind::del:
            return "d";
        case binlog::RowsKind::update:
        case binlog::RowsKind::partial_update:
            return "u";
    }
    return "u";
}

}  // namespace

std::string_view row_image_kind(const binlog::TableMapEvent& tm, const binlog::RowImage* image) {
    if (image == nullptr) return "full";
    bool missing = false;
    bool only_blobs = true;
    for (std::size_t i = 0; i < image->size() && i < tm.columns.size(); ++i) {
        if ((*image)[i].present) continue;
        missing = true;
        if (!is_blob_like(tm.columns[i].type)) only_blobs = false;
    }
    if (image->size() < tm.columns.size()) missing = true;
    if (!missing) return "full";
    return only_blobs ? "noblob" : "minimal";
}

Result<void> DebeziumEncoder::encode_image(const TableLayout& tc, const binlog::RowImage& image,
                                           const binlog::RowImage* before, std::string& out) {
    out.push_back('{');
    bool first = true;
    for (std::size_t i = 0; i < image.size() && i < tc.columns.size(); ++i) {
        const auto& cell = image[i];
        if (!cell.present) continue;  // MINIMAL/NOBLOB: absent, not null
        if (!tc.kept[i]) continue;    // filter.exclude_columns
        if (!first) out.push_back(',');
        first = false;
        out.append(tc.keys[i]);
        const binlog::Cell* b = before != nullptr && i < before->size() ? &(*before)[i] : nullptr;
        auto r = values_.encode(tc.columns[i], cell, b, out);
        if (!r) {
            return failure(std::move(r).error().context(
                "column " + tc.keys[i].substr(0, tc.keys[i].size() - 1)));
        }
    }
    out.push_back('}');
    return success();
}

void DebeziumEncoder::source_head(const binlog::ChangeSource& src, std::string_view db,
                                  std::string_view table, std::string& out) const {
    out.append("{\"version\":\"" B2K_VERSION "\",\"connector\":\"");
    out.append(binlog::flavor_name(src.flavor));
    out.append("\",\"name\":");
    append_json_string(out, opts_.name);
    out.append(",\"server_id\":");
    append_int(out, src.server_id);
    out.append(",\"ts_ms\":");
    append_int(out, src.ts_ms);
    out.append(",\"db\":");
    append_json_string(out, db);
    out.append(",\"table\":");
    if (table.empty()) {
        out.append("null");
    } else {
        append_json_string(out, table);
    }
    out.append(",\"file\":");
    append_json_string(out, src.file);
    out.append(",\"pos\":");
}

void DebeziumEncoder::source_tail(const binlog::ChangeSource& src, std::string_view row_image,
                                  std::string& out) {
    out.append(",\"gtid\":");
    if (src.gtid.empty()) {
        out.append("null");
    } else {
        append_json_string(out, src.gtid);
    }
    out.append(",\"snapshot\":false");
    if (row_image != "full" && !row_image.empty()) {
        out.append(",\"row_image\":\"");
        out.append(row_image);
        out.push_back('"');
    }
    out.push_back('}');
}

void DebeziumEncoder::encode_source(const binlog::ChangeSource& src, std::string_view db,
                                    std::string_view table, std::uint32_t row,
                                    std::string_view row_image, std::string& out) const {
    source_head(src, db, table, out);
    append_int(out, src.pos);
    out.append(",\"row\":");
    append_int(out, row);
    source_tail(src, row_image, out);
}

void DebeziumEncoder::append_row_source(const binlog::RowChange& ch, std::string_view row_image,
                                        std::string& out) {
    auto& c = source_cache_;
    const auto& src = ch.source;
    // row_image is one of row_image_kind's literals: comparing where it points is enough (a
    // false difference only rebuilds the cache).
    if (src.event_seq == 0 || src.event_seq != c.event_seq || c.map_seq != ch.table.map_seq ||
        c.row_image.data() != row_image.data()) {
        refresh_source_cache(ch, row_image);
    }
    out.append(c.prefix);
    append_int(out, src.pos);
    out.append(",\"row\":");
    append_int(out, ch.row);
    out.append(c.suffix);
}

void DebeziumEncoder::refresh_source_cache(const binlog::RowChange& ch,
                                           std::string_view row_image) {
    auto& c = source_cache_;
    const auto& src = ch.source;
    c.event_seq = src.event_seq;
    if (!c.valid || c.map_seq != ch.table.map_seq || c.server_id != src.server_id ||
        c.ts_ms != src.ts_ms || c.flavor != src.flavor || c.file != src.file ||
        ch.table.map_seq == 0) {
        c.prefix.clear();
        source_head(src, ch.table.db, ch.table.table, c.prefix);
        c.map_seq = ch.table.map_seq;
        c.server_id = src.server_id;
        c.ts_ms = src.ts_ms;
        c.flavor = src.flavor;
        c.file.assign(src.file);
        c.valid = true;
    }
    if (!c.suffix_valid || c.gtid != src.gtid || c.row_image != row_image) {
        c.suffix.clear();
        source_tail(src, row_image, c.suffix);
        c.gtid.assign(src.gtid);
        c.row_image = row_image;
        c.suffix_valid = true;
    }
}

std::string_view DebeziumEncoder::image_kind(const binlog::RowChange& ch) {
    auto& c = image_kind_cache_;
    if (ch.source.event_seq != 0 && c.event_seq == ch.source.event_seq) return c.kind;
    std::string_view kind = row_image_kind(ch.table, ch.after != nullptr ? ch.after : ch.before);
    if (kind == "full" && ch.before != nullptr && ch.after != nullptr) {
        kind = row_image_kind(ch.table, ch.before);
    }
    c.event_seq = ch.source.event_seq;
    c.kind = kind;
    return kind;
}

Result<void> DebeziumEncoder::encode_row(const binlog::RowChange& ch, std::uint64_t ts_ms,
                                         std::string& out) {
    const TableLayout& tc = layouts_.get(ch.table, ch.source.flavor);
    out.append("{\"before\":");
    if (ch.before != nullptr) {
        B2K_TRY(encode_image(tc, *ch.before, nullptr, out));
    } else {
        out.append("null");
    }
    out.append(",\"after\":");
    if (ch.after != nullptr) {
        B2K_TRY(encode_image(tc, *ch.after, ch.before, out));
    } else {
        out.append("null");
    }
    out.append(",\"source\":");
    append_row_source(ch, image_kind(ch), out);
    // The envelope's tail is the same for every row of an event with one processing time.
    auto& t = tail_cache_;
    if (t.kind != ch.kind || t.ts_ms != ts_ms || t.text.empty()) {
        t.kind = ch.kind;
        t.ts_ms = ts_ms;
        t.text = ",\"op\":\"";
        t.text.append(op_code(ch.kind));
        t.text.append("\",\"ts_ms\":");
        append_int(t.text, ts_ms);
        t.text.push_back('}');
    }
    out.append(t.text);
    return success();
}

Result<bool> DebeziumEncoder::encode_key(const binlog::RowChange& ch, std::string& out) {
    if (ch.table.primary_key.empty()) return false;
    const TableLayout& tc = layouts_.get(ch.table, ch.source.flavor);
    const binlog::RowImage* image = ch.after != nullptr ? ch.after : ch.before;
    out.push_back('{');
    bool first = true;
    for (auto idx : ch.table.primary_key) {
        if (idx >= image->size() || !(*image)[idx].present) {
            return failure(Errc::bad_value, "primary-key column " + tc.keys[idx] +
                                                " is not in the row image (binlog_row_image?)");
        }
        if (!first) out.push_back(',');
        first = false;
        out.append(tc.keys[idx]);
        B2K_TRY(values_.encode(tc.columns[idx], (*image)[idx], nullptr, out));
    }
    out.push_back('}');
    return true;
}

}  // namespace b2k::format
