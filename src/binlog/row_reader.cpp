#include "binlog/row_reader.h"

#include "binlog/decimal.h"

namespace b2k::binlog {
namespace {

using CT = ColumnType;

bool bit_set(const std::vector<std::uint8_t>& bitmap, std::size_t i) {
    return (bitmap[i / 8] >> (i % 8)) & 1;
}

std::size_t fsp_bytes(unsigned fsp) {
    return (fsp + 1) / 2;
}

// Length-prefixed value: `prefix` little-endian length bytes, then that many bytes.
Result<std::size_t> prefixed(wire::Bytes at, std::size_t prefix) {
    wire::ByteReader r(at);
    const std::uint64_t n = r.uint_le(prefix);
    if (!r.ok() || n > r.remaining()) {
        return failure(Errc::truncated,
                       "value length " + std::to_string(n) + " runs past the end of the row");
    }
    return prefix + static_cast<std::size_t>(n);
}

// The common cases of cell_length, inline: fixed-width integers and short strings. False sends
// everything else (and a row too short for its length prefix) to cell_length.
inline bool quick_cell_length(const ColumnDef& c, wire::Bytes at, std::size_t& len) {
    switch (c.type) {
        case CT::MYSQL_TYPE_TINY:
            len = 1;
            return true;
        case CT::MYSQL_TYPE_SHORT:
            len = 2;
            return true;
        case CT::MYSQL_TYPE_INT24:
            len = 3;
            return true;
        case CT::MYSQL_TYPE_LONG:
            len = 4;
            return true;
        case CT::MYSQL_TYPE_LONGLONG:
            len = 8;
            return true;
        case CT::MYSQL_TYPE_VARCHAR:
        case CT::MYSQL_TYPE_VAR_STRING:
        case CT::MYSQL_TYPE_STRING:
            if (c.length < 256) {
                if (at.empty()) return false;
                len = 1 + static_cast<std::size_t>(at[0]);
            } else {
                if (at.size() < 2) return false;
                len =
                    2 + (static_cast<std::size_t>(at[0]) | (static_cast<std::size_t>(at[1]) << 8));
            }
            return true;
        default:
            return false;
    }
}

}  // namespace

Result<std::size_t> cell_length(const ColumnDef& c, wire::Bytes at) {
    switch (c.type) {
        case CT::MYSQL_TYPE_TINY:
        case CT::MYSQL_TYPE_YEAR:
            return 1;
        case CT::MYSQL_TYPE_SHORT:
            return 2;
        case CT::MYSQL_TYPE_INT24:
        case CT::MYSQL_TYPE_DATE:
        case CT::MYSQL_TYPE_NEWDATE:
        case CT::MYSQL_TYPE_TIME:
            return 3;
        case CT::MYSQL_TYPE_LONG:
        case CT::MYSQL_TYPE_TIMESTAMP:
            return 4;
        case CT::MYSQL_TYPE_LONGLONG:
        case CT::MYSQL_TYPE_DATETIME:
            return 8;
        case CT::MYSQL_TYPE_FLOAT:
            return c.length != 0 ? c.length : 4u;
        case CT::MYSQL_TYPE_DOUBLE:
            return c.length != 0 ? c.length : 8u;
        case CT::MYSQL_TYPE_NULL:
            return 0;
        case CT::MYSQL_TYPE_TIME2:
            return 3 + fsp_bytes(c.fsp);
        case CT::MYSQL_TYPE_DATETIME2:
            return 5 + fsp_bytes(c.fsp);
        case CT::MYSQL_TYPE_TIMESTAMP2:
            return 4 + fsp_bytes(c.fsp);
        case CT::MYSQL_TYPE_NEWDECIMAL: {
            const std::size_t n = decimal_binary_size(c.precision, c.scale);
            if (n == 0) {
                return failure(Errc::bad_value, "DECIMAL(" + std::to_string(c.precision) + "," +
                                                    std::to_string(c.scale) + ") is not valid");
            }
            return n;
        }
        case CT::MYSQL_TYPE_VARCHAR:
        case CT::MYSQL_TYPE_VAR_STRING:
        case CT::MYSQL_TYPE_STRING:
        case CT::MYSQL_TYPE_VARCHAR_COMPRESSED:
            return prefixed(at, c.length < 256 ? 1 : 2);
        case CT::MYSQL_TYPE_ENUM:
        case CT::MYSQL_TYPE_SET:
            if (c.length == 0 || c.length > 8) {
                return failure(Errc::bad_value,
                               "ENUM/SET storage of " + std::to_string(c.length) + " bytes");
            }
            return c.length;
        case CT::MYSQL_TYPE_BIT:
            return (c.bits + 7u) / 8u;
        case CT::MYSQL_TYPE_BLOB:
        case CT::MYSQL_TYPE_TINY_BLOB:
        case CT::MYSQL_TYPE_MEDIUM_BLOB:
        case CT::MYSQL_TYPE_LONG_BLOB:
        case CT::MYSQL_TYPE_GEOMETRY:
        case CT::MYSQL_TYPE_JSON:
        case CT::MYSQL_TYPE_VECTOR:
        case CT::MYSQL_TYPE_BLOB_COMPRESSED:
            if (c.length < 1 || c.length > 4) {
                return failure(Errc::bad_value,
                               "length prefix of " + std::to_string(c.length) + " bytes");
            }
            return prefixed(at, c.length);
        default:
            return failure(Errc::unsupported, std::string("column type ") +
                                                  std::string(column_type_name(c.type)) +
                                                  " cannot appear in a row event");
    }
}

namespace {
std::size_t count_present(const std::vector<std::uint8_t>& present, std::size_t n) {
    std::size_t k = 0;
    for (std::size_t i = 0; i < n && i / 8 < present.size(); ++i)
        k += bit_set(present, i) ? 1 : 0;
    return k;
}
}  // namespace

RowReader::RowReader(const RowsEvent& ev, const TableMapEvent& tm)
    : ev_(ev),
      tm_(tm),
      r_(ev.rows),
      npresent_before_(count_present(ev.present_before, ev.column_count)),
      npresent_after_(count_present(ev.present_after, ev.column_count)) {}

Result<void> RowReader::read_image(const std::vector<std::uint8_t>& present, std::size_t npresent,
                                   RowImage& image, bool after_of_partial) {
    const std::size_t n = ev_.column_count;
    image.resize(n);
    // PARTIAL_UPDATE_ROWS after-image: value_options, then one bit per JSON column of the
    // image saying whether it holds a diff instead of a document.
    std::vector<std::uint8_t> partial;
    std::size_t json_index = 0;
    if (after_of_partial) {
        const std::uint64_t options = r_.lenenc_int();
        if (options & 1) {  // PARTIAL_JSON_UPDATES
            std::size_t json_cols = 0;
            for (std::size_t i = 0; i < n && i < tm_.columns.size(); ++i) {
                if (bit_set(present, i) && tm_.columns[i].type == CT::MYSQL_TYPE_JSON) ++json_cols;
            }
            auto bits = r_.bytes((json_cols + 7) / 8);
            partial.assign(reinterpret_cast<const std::uint8_t*>(bits.data()),
                           reinterpret_cast<const std::uint8_t*>(bits.data()) + bits.size());
        }
    }
    // Pre-GA rows events (MySQL 5.1.0-5.1.15 and the a_drop trees) copied the record's null
    // bytes, whose bit 0 is the record's "X" bit: column null bits start at bit 1.
    const std::size_t base = ev_.version == 0 ? 1 : 0;
    auto nulls = r_.bytes((npresent + base + 7) / 8);
    B2K_TRY(r_.status("row image null bitmap"));
    std::size_t k = base;
    for (std::size_t i = 0; i < n; ++i) {
        Cell& cell = image[i];
        if (!bit_set(present, i)) {
            cell = Cell{};
            continue;
        }
        cell.present = true;
        cell.partial_json = false;
        cell.is_null = (static_cast<unsigned>(nulls[k / 8]) >> (k % 8)) & 1;
        ++k;
        const ColumnDef& c = tm_.columns[i];
        if (after_of_partial && c.type == CT::MYSQL_TYPE_JSON && !cell.is_null) {
            cell.partial_json =
                !partial.empty() && ((partial[json_index / 8] >> (json_index % 8)) & 1);
        }
        if (c.type == CT::MYSQL_TYPE_JSON && after_of_partial) ++json_index;
        if (cell.is_null) {
            cell.data = {};
            continue;
        }
        auto at = r_.peek_rest();
        std::size_t len = 0;
        if (!quick_cell_length(c, at, len)) {
            auto slow = cell_length(c, at);
            if (!slow) {
                return failure(slow.error().context("column " + std::to_string(i + 1) + " (" +
                                                    std::string(column_type_name(c.type)) + ")"));
            }
            len = slow.value();
        }
        if (len > at.size()) {
            return failure(Errc::truncated, "column " + std::to_string(i + 1) + " (" +
                                                std::string(column_type_name(c.type)) + ") needs " +
                                                std::to_string(len) + " bytes, the row has " +
                                                std::to_string(at.size()));
        }
        cell.data = r_.bytes(len);
    }
    return success();
}

Result<void> RowReader::next(RowImage& before, RowImage& after) {
    const std::size_t start = r_.offset();
    B2K_TRY(read_row(before, after));
    if (r_.offset() == start) {
        // Every real row has a null bitmap or a value; a row of zero bytes would repeat forever.
        return failure(Errc::corrupt, "rows event holds a row image of zero bytes");
    }
    return success();
}

Result<void> RowReader::read_row(RowImage& before, RowImage& after) {
    if (tm_.columns.size() < ev_.column_count) {
        return failure(Errc::corrupt, "rows event for table id " + std::to_string(ev_.table_id) +
                                          " has " + std::to_string(ev_.column_count) +
                                          " columns, its TABLE_MAP only " +
                                          std::to_string(tm_.columns.size()));
    }
    switch (ev_.kind) {
        case RowsKind::write:
            before.clear();
            return read_image(ev_.present_before, npresent_before_, after, false);
        case RowsKind::del:
            after.clear();
            return read_image(ev_.present_before, npresent_before_, before, false);
        case RowsKind::update:
        case RowsKind::partial_update:
            break;
    }
    B2K_TRY(read_image(ev_.present_before, npresent_before_, before, false));
    return read_image(ev_.present_after, npresent_after_, after,
                      ev_.kind == RowsKind::partial_update);
}

}  // namespace b2k::binlog
