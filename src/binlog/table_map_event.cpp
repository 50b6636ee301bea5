#include "binlog/table_map_event.h"

namespace b2k::binlog {
namespace {

using CT = ColumnType;

// Reads the per-type metadata block of the TABLE_MAP (field->save_field_metadata in MySQL).
Result<void> read_column_metadata(wire::ByteReader& r, ColumnDef& c) {
    switch (c.wire_type) {
        case CT::MYSQL_TYPE_FLOAT:
        case CT::MYSQL_TYPE_DOUBLE:
        case CT::MYSQL_TYPE_BLOB:
        case CT::MYSQL_TYPE_TINY_BLOB:
        case CT::MYSQL_TYPE_MEDIUM_BLOB:
        case CT::MYSQL_TYPE_LONG_BLOB:
        case CT::MYSQL_TYPE_GEOMETRY:
        case CT::MYSQL_TYPE_JSON:
        case CT::MYSQL_TYPE_VECTOR:
        case CT::MYSQL_TYPE_BLOB_COMPRESSED:
            c.meta0 = r.u8();
            c.length = c.meta0;
            break;
        case CT::MYSQL_TYPE_TIME2:
        case CT::MYSQL_TYPE_DATETIME2:
        case CT::MYSQL_TYPE_TIMESTAMP2:
            c.meta0 = r.u8();
            c.fsp = c.meta0;
            break;
        case CT::MYSQL_TYPE_VARCHAR:
        case CT::MYSQL_TYPE_VAR_STRING:
        case CT::MYSQL_TYPE_VARCHAR_COMPRESSED:
            c.meta0 = r.u8();
            c.meta1 = r.u8();
            c.length = c.meta0 | (c.meta1 << 8);
            break;
        case CT::MYSQL_TYPE_BIT:
            c.meta0 = r.u8();  // bits in the last, partial byte
            c.meta1 = r.u8();  // whole bytes
            c.bits = static_cast<std::uint16_t>(c.meta1 * 8 + c.meta0);
            break;
        case CT::MYSQL_TYPE_NEWDECIMAL:
            c.meta0 = r.u8();
            c.meta1 = r.u8();
            c.precision = c.meta0;
            c.scale = c.meta1;
            break;
        case CT::MYSQL_TYPE_DECIMAL:  // pre-5.0 DECIMAL: MySQL writes 2 bytes as for NEWDECIMAL
            c.meta0 = r.u8();
            c.meta1 = r.u8();
            c.precision = c.meta0;
            c.scale = c.meta1;
            break;
        case CT::MYSQL_TYPE_STRING:
        case CT::MYSQL_TYPE_ENUM:
        case CT::MYSQL_TYPE_SET: {
            c.meta0 = r.u8();  // real type
            c.meta1 = r.u8();  // length
            std::uint8_t real = c.meta0;
            std::uint32_t len = c.meta1;
            // CHAR(N) with N*maxlen > 255 stores the length's high bits inverted in the real
            // type byte (Field_string::save_field_metadata, bug #37426).
            if (real != 0 && (real & 0x30) != 0x30) {
                len |= ((real & 0x30) ^ 0x30) << 4;
                real |= 0x30;
            }
            if (real == static_cast<std::uint8_t>(CT::MYSQL_TYPE_ENUM) ||
                real == static_cast<std::uint8_t>(CT::MYSQL_TYPE_SET)) {
                c.type = static_cast<CT>(real);
            } else if (c.wire_type == CT::MYSQL_TYPE_STRING) {
                c.type = CT::MYSQL_TYPE_STRING;
            }
            c.length = len;
            break;
        }
        default:
            break;
    }
    return r.status("TABLE_MAP_EVENT column metadata");
}

template <class Pred, class Fn>
Result<void> for_each_column_where(std::vector<ColumnDef>& cols, Pred pred, Fn fn) {
    for (auto& c : cols) {
        if (pred(c)) B2K_TRY(fn(c));
    }
    return success();
}

}  // namespace

bool is_numeric_column(ColumnType t) noexcept {
    switch (t) {
        case CT::MYSQL_TYPE_TINY:
        case CT::MYSQL_TYPE_SHORT:
        case CT::MYSQL_TYPE_INT24:
        case CT::MYSQL_TYPE_LONG:
        case CT::MYSQL_TYPE_LONGLONG:
        case CT::MYSQL_TYPE_NEWDECIMAL:
        case CT::MYSQL_TYPE_DECIMAL:
        case CT::MYSQL_TYPE_FLOAT:
        case CT::MYSQL_TYPE_DOUBLE:
        case CT::MYSQL_TYPE_YEAR:
            return true;
        default:
            return false;
    }
}

bool is_enum_or_set_column(const ColumnDef& c) noexcept {
    return c.type == CT::MYSQL_TYPE_ENUM || c.type == CT::MYSQL_TYPE_SET;
}

bool is_character_column(const ColumnDef& c, Flavor flavor) noexcept {
    switch (c.type) {
        case CT::MYSQL_TYPE_STRING:
        case CT::MYSQL_TYPE_VAR_STRING:
        case CT::MYSQL_TYPE_VARCHAR:
        case CT::MYSQL_TYPE_BLOB:
        case CT::MYSQL_TYPE_TINY_BLOB:
        case CT::MYSQL_TYPE_MEDIUM_BLOB:
        case CT::MYSQL_TYPE_LONG_BLOB:
        case CT::MYSQL_TYPE_VARCHAR_COMPRESSED:
        case CT::MYSQL_TYPE_BLOB_COMPRESSED:
            return true;
        case CT::MYSQL_TYPE_GEOMETRY:
        case CT::MYSQL_TYPE_JSON:
            return flavor == Flavor::mariadb;  // MariaDB counts them, MySQL does not
        case CT::MYSQL_TYPE_VECTOR:
            return flavor == Flavor::mysql;  // a binary-charset BLOB underneath
        default:
            return false;
    }
}

Result<TableMapEvent> parse_table_map(wire::Bytes body, std::uint8_t post_header_len,
                                      Flavor flavor) {
    wire::ByteReader r(body);
    TableMapEvent tm;
    tm.table_id = post_header_len == 6 ? r.u32le() : r.u48le();
    tm.flags = r.u16le();
    if (post_header_len > 8) r.skip(post_header_len - 8u);
    const std::uint8_t db_len = r.u8();
    tm.db = std::string(r.str(db_len));
    r.skip(1);  // NUL
    const std::uint8_t table_len = r.u8();
    tm.table = std::string(r.str(table_len));
    r.skip(1);
    const std::uint64_t ncols = r.lenenc_int();
    B2K_TRY(r.status("TABLE_MAP_EVENT header"));
    if (ncols > r.remaining()) {
        return failure(Errc::corrupt, "TABLE_MAP_EVENT for " + tm.db + "." + tm.table +
                                          " declares " + std::to_string(ncols) +
                                          " columns but has fewer type bytes");
    }
    tm.columns.resize(ncols);
    for (auto& c : tm.columns) {
        c.wire_type = static_cast<ColumnType>(r.u8());
        c.type = c.wire_type;
    }
    if (r.ok() && r.empty()) {
        // Pre-release 5.1 trees (a_drop5p/6p) wrote no metadata block and no null bitmap.
        return tm;
    }
    const std::uint64_t meta_len = r.lenenc_int();
    auto meta =
        r.sub(static_cast<std::size_t>(meta_len > r.remaining() ? r.remaining() + 1 : meta_len));
    B2K_TRY(r.status("TABLE_MAP_EVENT metadata length"));
    for (auto& c : tm.columns)
        B2K_TRY(read_column_metadata(meta, c));
    B2K_TRY(meta.finish("TABLE_MAP_EVENT column metadata block"));
    auto nullbits = r.bytes((ncols + 7) / 8);
    B2K_TRY(r.status("TABLE_MAP_EVENT null bitmap"));
    for (std::size_t i = 0; i < ncols; ++i) {
        tm.columns[i].nullable = (static_cast<unsigned>(nullbits[i / 8]) >> (i % 8)) & 1;
    }

    // Optional metadata: TLV fields until the end of the body.
    while (!r.empty()) {
        const std::uint8_t kind = r.u8();
        const std::uint64_t len = r.lenenc_int();
        if (!r.ok() || len > r.remaining()) {
            return failure(Errc::truncated, "TABLE_MAP_EVENT optional metadata field " +
                                                std::to_string(kind) + " is truncated");
        }
        auto f = r.sub(static_cast<std::size_t>(len));
        if (kind < 32) tm.optional_kinds |= 1u << kind;
        auto bitmap_over = [&](auto pred, auto assign) -> Result<void> {
            std::size_t bit = 0;
            std::uint8_t byte = 0;
            for (auto& c : tm.columns) {
                if (!pred(c)) continue;
                if (bit % 8 == 0) byte = f.u8();
                assign(c, ((byte >> (7 - bit % 8)) & 1) != 0);
                ++bit;
            }
            return f.status("TABLE_MAP_EVENT bitmap metadata");
        };
        auto is_char = [&](const ColumnDef& c) { return is_character_column(c, flavor); };
        switch (static_cast<OptionalMetadata>(kind)) {
            case OptionalMetadata::SIGNEDNESS:
                B2K_TRY(bitmap_over([](const ColumnDef& c) { return is_numeric_column(c.type); },
                                    [](ColumnDef& c, bool v) { c.is_unsigned = v; }));
                break;
            case OptionalMetadata::DEFAULT_CHARSET:
            case OptionalMetadata::ENUM_AND_SET_DEFAULT_CHARSET: {
                const bool es = kind == static_cast<std::uint8_t>(
                                            OptionalMetadata::ENUM_AND_SET_DEFAULT_CHARSET);
                const auto def = static_cast<std::uint32_t>(f.lenenc_int());
                std::vector<ColumnDef*> targets;
                for (auto& c : tm.columns) {
                    if (es ? is_enum_or_set_column(c) : is_char(c)) targets.push_back(&c);
                }
                for (auto* c : targets)
                    c->collation = def;
                while (f.ok() && !f.empty()) {
                    const auto idx = f.lenenc_int();
                    const auto coll = static_cast<std::uint32_t>(f.lenenc_int());
                    if (!f.ok() || idx >= targets.size()) {
                        return failure(Errc::corrupt,
                                       "TABLE_MAP_EVENT charset metadata names column " +
                                           std::to_string(idx) + " of " +
                                           std::to_string(targets.size()));
                    }
                    targets[idx]->collation = coll;
                }
                B2K_TRY(f.status("TABLE_MAP_EVENT default charset metadata"));
                break;
            }
            case OptionalMetadata::COLUMN_CHARSET:
            case OptionalMetadata::ENUM_AND_SET_COLUMN_CHARSET: {
                const bool es = kind == static_cast<std::uint8_t>(
                                            OptionalMetadata::ENUM_AND_SET_COLUMN_CHARSET);
                for (auto& c : tm.columns) {
                    if (es ? is_enum_or_set_column(c) : is_char(c)) {
                        c.collation = static_cast<std::uint32_t>(f.lenenc_int());
                    }
                }
                B2K_TRY(f.finish("TABLE_MAP_EVENT column charset metadata"));
                break;
            }
            case OptionalMetadata::COLUMN_NAME:
                for (auto& c : tm.columns)
                    c.name = std::string(f.lenenc_str());
                B2K_TRY(f.finish("TABLE_MAP_EVENT column names"));
                break;
            case OptionalMetadata::SET_STR_VALUE:
            case OptionalMetadata::ENUM_STR_VALUE: {
                const auto want = kind == static_cast<std::uint8_t>(OptionalMetadata::SET_STR_VALUE)
                                      ? CT::MYSQL_TYPE_SET
                                      : CT::MYSQL_TYPE_ENUM;
                for (auto& c : tm.columns) {
                    if (c.type != want) continue;
                    const auto n = f.lenenc_int();
                    if (n > f.remaining()) f.fail();
                    for (std::uint64_t i = 0; i < n && f.ok(); ++i) {
                        c.labels.emplace_back(f.lenenc_str());
                    }
                }
                B2K_TRY(f.finish("TABLE_MAP_EVENT ENUM/SET strings"));
                break;
            }
            case OptionalMetadata::GEOMETRY_TYPE:
                for (auto& c : tm.columns) {
                    if (c.type == CT::MYSQL_TYPE_GEOMETRY) {
                        c.geometry_type = static_cast<std::uint32_t>(f.lenenc_int());
                    }
                }
                B2K_TRY(f.finish("TABLE_MAP_EVENT geometry types"));
                break;
            case OptionalMetadata::SIMPLE_PRIMARY_KEY:
                while (f.ok() && !f.empty()) {
                    tm.primary_key.push_back(static_cast<std::uint32_t>(f.lenenc_int()));
                    tm.primary_key_prefix.push_back(0);
                }
                B2K_TRY(f.status("TABLE_MAP_EVENT primary key"));
                break;
            case OptionalMetadata::PRIMARY_KEY_WITH_PREFIX:
                while (f.ok() && !f.empty()) {
                    tm.primary_key.push_back(static_cast<std::uint32_t>(f.lenenc_int()));
                    tm.primary_key_prefix.push_back(static_cast<std::uint32_t>(f.lenenc_int()));
                }
                B2K_TRY(f.status("TABLE_MAP_EVENT primary key with prefix"));
                break;
            case OptionalMetadata::COLUMN_VISIBILITY:
                B2K_TRY(bitmap_over([](const ColumnDef&) { return true; },
                                    [](ColumnDef& c, bool v) { c.visible = v; }));
                break;
            case OptionalMetadata::VECTOR_DIMENSIONALITY:
                for (auto& c : tm.columns) {
                    if (c.type == CT::MYSQL_TYPE_VECTOR) {
                        c.vector_dimensions = static_cast<std::uint32_t>(f.lenenc_int());
                    }
                }
                B2K_TRY(f.finish("TABLE_MAP_EVENT vector dimensions"));
                break;
            default:
                break;  // unknown optional metadata: newer server; skip it whole
        }
    }
    for (auto idx : tm.primary_key) {
        if (idx >= tm.columns.size()) {
            return failure(Errc::corrupt, "TABLE_MAP_EVENT primary key names column " +
                                              std::to_string(idx) + " of " +
                                              std::to_string(tm.columns.size()));
        }
    }
    return tm;
}

}  // namespace b2k::binlog
