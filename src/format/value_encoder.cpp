#include "format/value_encoder.h"

#include <zlib.h>

#include <bit>
#include <cstring>

#include "binlog/charset.h"
#include "binlog/decimal.h"
#include "binlog/json_binary.h"
#include "binlog/json_diff.h"
#include "binlog/temporal.h"
#include "format/json_writer.h"

namespace b2k::format {
namespace {

using binlog::ColumnType;
using CT = binlog::ColumnType;

// Value bytes after a little-endian length prefix of `prefix` bytes (cell_length checked them).
std::string_view payload(wire::Bytes data, std::size_t prefix) {
    return wire::as_chars(data.subspan(prefix));
}

std::size_t string_prefix(const binlog::ColumnDef& c) {
    switch (c.type) {
        case CT::MYSQL_TYPE_VARCHAR:
        case CT::MYSQL_TYPE_VAR_STRING:
        case CT::MYSQL_TYPE_STRING:
        case CT::MYSQL_TYPE_VARCHAR_COMPRESSED:
            return c.length < 256 ? 1 : 2;
        default:
            return c.length;  // BLOB family: metadata holds the prefix size
    }
}

bool is_blob_family(CT t) {
    return t == CT::MYSQL_TYPE_BLOB || t == CT::MYSQL_TYPE_BLOB_COMPRESSED ||
           t == CT::MYSQL_TYPE_TINY_BLOB || t == CT::MYSQL_TYPE_MEDIUM_BLOB ||
           t == CT::MYSQL_TYPE_LONG_BLOB;
}

// MariaDB column compression (sql/field_comp.cc): empty values are stored empty; otherwise a
// header byte — bit 7 set: zlib, bits 0-2 the size of the big-endian original length that
// follows, bit 3 set: a raw deflate stream (column_compression_zlib_wrap=OFF, the default),
// clear: with a zlib header; bit 7 clear: the bytes follow uncompressed.
Result<void> mariadb_column_uncompress(std::string_view in, std::string& out) {
    if (in.empty()) return success();
    const auto head = static_cast<std::uint8_t>(in[0]);
    if ((head & 0x80) == 0) {
        out.append(in.substr(1));
        return success();
    }
    const unsigned lenlen = head & 0x07;
    if (lenlen == 0 || lenlen > 4 || in.size() < 1 + lenlen) {
        return failure(Errc::corrupt, "compressed column value has a bad header");
    }
    std::size_t len = 0;
    for (unsigned i = 0; i < lenlen; ++i)
        len = (len << 8) | static_cast<std::uint8_t>(in[1 + i]);
    const std::string_view data = in.substr(1 + lenlen);
    if (len > data.size() * 1032 + 64) {
        return failure(Errc::corrupt,
                       "compressed column value claims " + std::to_string(len) + " bytes");
    }
    z_stream zs{};
    if (inflateInit2(&zs, (head & 0x08) ? -MAX_WBITS : MAX_WBITS) != Z_OK) {
        return failure(Errc::internal, "zlib inflateInit2 failed");
    }
    const std::size_t start = out.size();
    out.resize(start + len);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + start);
    zs.avail_out = static_cast<uInt>(len);
    const int rc = inflate(&zs, Z_FINISH);
    const std::size_t produced = len - zs.avail_out;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || produced != len) {
        out.resize(start);
        return failure(Errc::corrupt, "compressed column value does not inflate (zlib " +
                                          std::to_string(rc) + ")");
    }
    return success();
}

template <class T>
T load_le(wire::Bytes b) {
    T v;
    std::memcpy(&v, b.data(), sizeof v);
    return v;  // little-endian host (x86_64/aarch64); see docs/decisions.md
}

// Text that append_json_string takes as it is (encode_label's first case).
bool needs_no_conversion(const binlog::Charset* cs) {
    return cs == nullptr || cs->kind == binlog::CharsetKind::utf8mb3 ||
           cs->kind == binlog::CharsetKind::utf8mb4 || cs->kind == binlog::CharsetKind::ascii ||
           cs->kind == binlog::CharsetKind::binary;
}

FastRendering fast_rendering(const ColumnRendering& r) {
    const auto& c = *r.def;
    if (c.type != CT::MYSQL_TYPE_VARCHAR && c.type != CT::MYSQL_TYPE_VAR_STRING &&
        c.type != CT::MYSQL_TYPE_STRING) {
        return FastRendering::none;
    }
    // Binary strings are base64 (and BINARY(n) is padded): the general path.
    if (r.binary || !needs_no_conversion(r.charset)) return FastRendering::none;
    return string_prefix(c) == 1 ? FastRendering::text_prefix1 : FastRendering::text_prefix2;
}

}  // namespace

ColumnRendering resolve_rendering(const binlog::ColumnDef& def, binlog::Flavor flavor) {
    ColumnRendering r;
    r.def = &def;
    r.is_unsigned = def.is_unsigned.value_or(false);
    if (def.collation) {
        r.charset = binlog::charset_for_collation(flavor, *def.collation);
        r.binary = r.charset != nullptr && r.charset->kind == binlog::CharsetKind::binary;
    } else {
        // No charset metadata (MySQL 5.x, binlog_row_metadata=MINIMAL): CHAR/VARCHAR are
        // rendered as UTF-8 text, the BLOB/TEXT family as base64 (docs/value-encoding.md).
        r.binary = is_blob_family(def.type);
    }
    r.fast = fast_rendering(r);
    return r;
}

Result<void> ValueEncoder::encode_string(const ColumnRendering& col, std::string_view v,
                                         std::string& out) {
    if (col.binary) {
        out.push_back('"');
        append_base64(out, v);
        out.push_back('"');
        return success();
    }
    return encode_label(col, v, out);
}

Result<void> ValueEncoder::encode_label(const ColumnRendering& col, std::string_view v,
                                        std::string& out) {
    const auto* cs = col.charset;
    if (needs_no_conversion(cs)) {
        append_json_string(out, v);  // invalid UTF-8 becomes U+FFFD here
        return success();
    }
    scratch_.clear();
    B2K_TRY(binlog::append_utf8(*cs, v, scratch_));
    append_json_string(out, scratch_);
    return success();
}

void ValueEncoder::append_json_document(std::string& out) const {
    if (json_ == JsonColumns::as_string) {
        append_json_string(out, scratch_);
    } else if (scratch_.empty()) {
        out.append("null");  // an empty value (not a document) cannot be embedded
    } else {
        out.append(scratch_);  // MySQL's canonical text form is JSON
    }
}

Result<void> ValueEncoder::encode(const ColumnRendering& col, const binlog::Cell& cell,
                                  const binlog::Cell* before, std::string& out) {
    const binlog::ColumnDef& c = *col.def;
    if (cell.is_null) {
        out.append("null");
        return success();
    }
    const wire::Bytes d = cell.data;
    if (col.fast != FastRendering::none) {
        append_json_string(out, payload(d, col.fast == FastRendering::text_prefix1 ? 1 : 2));
        return success();
    }
    switch (c.type) {
        case CT::MYSQL_TYPE_TINY:
            col.is_unsigned ? append_int(out, load_le<std::uint8_t>(d))
                            : append_int(out, load_le<std::int8_t>(d));
            return success();
        case CT::MYSQL_TYPE_SHORT:
            col.is_unsigned ? append_int(out, load_le<std::uint16_t>(d))
                            : append_int(out, load_le<std::int16_t>(d));
            return success();
        case CT::MYSQL_TYPE_INT24: {
            std::uint32_t v = static_cast<std::uint32_t>(d[0]) |
                              (static_cast<std::uint32_t>(d[1]) << 8) |
                              (static_cast<std::uint32_t>(d[2]) << 16);
            if (col.is_unsigned) {
                append_int(out, v);
            } else {
                append_int(out, static_cast<std::int32_t>(v << 8) >> 8);
            }
            return success();
        }
        case CT::MYSQL_TYPE_LONG:
            col.is_unsigned ? append_int(out, load_le<std::uint32_t>(d))
                            : append_int(out, load_le<std::int32_t>(d));
            return success();
        case CT::MYSQL_TYPE_LONGLONG:
            col.is_unsigned ? append_int(out, load_le<std::uint64_t>(d))
                            : append_int(out, load_le<std::int64_t>(d));
            return success();
        case CT::MYSQL_TYPE_FLOAT:
            append_float(out, load_le<float>(d));
            return success();
        case CT::MYSQL_TYPE_DOUBLE:
            append_double(out, load_le<double>(d));
            return success();
        case CT::MYSQL_TYPE_YEAR: {
            append_int(out, binlog::year_from_byte(static_cast<std::uint8_t>(d[0])));
            return success();
        }
        case CT::MYSQL_TYPE_NEWDECIMAL: {
            wire::ByteReader r(d);
            out.push_back('"');
            B2K_TRY(binlog::decode_decimal(r, c.precision, c.scale, out));
            out.push_back('"');
            return success();
        }
        case CT::MYSQL_TYPE_DATE:
        case CT::MYSQL_TYPE_NEWDATE:
        case CT::MYSQL_TYPE_TIME:
        case CT::MYSQL_TYPE_DATETIME:
        case CT::MYSQL_TYPE_TIMESTAMP:
        case CT::MYSQL_TYPE_TIME2:
        case CT::MYSQL_TYPE_DATETIME2:
        case CT::MYSQL_TYPE_TIMESTAMP2: {
            wire::ByteReader r(d);
            auto t = binlog::decode_temporal(r, c.type, c.fsp);
            if (!t) {
                if (c.type == CT::MYSQL_TYPE_TIME || c.type == CT::MYSQL_TYPE_DATETIME ||
                    c.type == CT::MYSQL_TYPE_TIMESTAMP) {
                    // MariaDB 5.3's fractional-second formats reuse these type codes with no
                    // metadata, so the binlog alone cannot size them.
                    return failure(std::move(t).error().context(
                        "old-format " + std::string(binlog::column_type_name(c.type)) +
                        " column (if it is a MariaDB column with fractional seconds created with "
                        "mysql56_temporal_format=OFF, convert it with ALTER TABLE ... FORCE)"));
                }
                return failure(std::move(t).error());
            }
            binlog::append_temporal_json(t.value(), out);
            return success();
        }
        case CT::MYSQL_TYPE_BIT: {
            std::uint64_t v = 0;
            for (auto b : d)
                v = (v << 8) | static_cast<std::uint8_t>(b);
            append_int(out, v);
            return success();
        }
        case CT::MYSQL_TYPE_ENUM: {
            std::uint64_t idx = 0;
            for (std::size_t i = 0; i < d.size(); ++i)
                idx |= static_cast<std::uint64_t>(d[i]) << (8 * i);
            if (c.labels.empty()) {
                append_int(out, idx);  // labels unknown (no metadata): the index, 1-based
            } else if (idx == 0 || idx > c.labels.size()) {
                append_json_string(out, "");  // MySQL's "invalid enum value" is index 0, ''
            } else {
                B2K_TRY(encode_label(col, c.labels[idx - 1], out));
            }
            return success();
        }
        case CT::MYSQL_TYPE_SET: {
            std::uint64_t bits = 0;
            for (std::size_t i = 0; i < d.size(); ++i)
                bits |= static_cast<std::uint64_t>(d[i]) << (8 * i);
            if (c.labels.empty()) {
                append_int(out, bits);  // labels unknown: the bitmask
                return success();
            }
            out.push_back('[');
            bool first = true;
            for (std::size_t i = 0; i < c.labels.size() && i < 64; ++i) {
                if (((bits >> i) & 1) == 0) continue;
                if (!first) out.push_back(',');
                first = false;
                B2K_TRY(encode_label(col, c.labels[i], out));
            }
            out.push_back(']');
            return success();
        }
        case CT::MYSQL_TYPE_VARCHAR:
        case CT::MYSQL_TYPE_VAR_STRING:
        case CT::MYSQL_TYPE_STRING:
        case CT::MYSQL_TYPE_BLOB:
        case CT::MYSQL_TYPE_TINY_BLOB:
        case CT::MYSQL_TYPE_MEDIUM_BLOB:
        case CT::MYSQL_TYPE_LONG_BLOB: {
            const std::string_view v = payload(d, string_prefix(c));
            if (c.type == CT::MYSQL_TYPE_STRING && col.binary && v.size() < c.length) {
                // BINARY(n) is logged without its trailing 0x00 padding; the value is n bytes.
                plain_.assign(v);
                plain_.resize(c.length, '\0');
                return encode_string(col, plain_, out);
            }
            return encode_string(col, v, out);
        }
        case CT::MYSQL_TYPE_VARCHAR_COMPRESSED:
        case CT::MYSQL_TYPE_BLOB_COMPRESSED: {
            const std::string_view v = payload(d, string_prefix(c));
            plain_.clear();
            B2K_TRY(mariadb_column_uncompress(v, plain_));
            return encode_string(col, plain_, out);
        }
        case CT::MYSQL_TYPE_JSON: {
            const wire::Bytes doc = d.subspan(c.length);
            scratch_.clear();
            if (cell.partial_json) {
                wire::ByteReader r(d);  // the diff list's own 4-byte length included
                B2K_TRY(auto diffs, binlog::parse_json_diffs(r));
                if (before != nullptr && before->present && !before->is_null) {
                    B2K_TRY(
                        binlog::apply_json_diffs(before->data.subspan(c.length), diffs, scratch_));
                    append_json_document(out);
                } else {
                    // No full before-image (MINIMAL/NOBLOB): the operations as logged.
                    B2K_TRY(binlog::json_diffs_to_text(diffs, out));
                }
                return success();
            }
            B2K_TRY(binlog::json_binary_to_text(doc, scratch_));
            append_json_document(out);
            return success();
        }
        case CT::MYSQL_TYPE_GEOMETRY: {
            // MySQL geometry: 4-byte little-endian SRID, then WKB.
            const wire::Bytes v = d.subspan(c.length);
            if (v.size() < 4) {
                return failure(Errc::bad_value, "GEOMETRY value shorter than its SRID");
            }
            out.append("{\"srid\":");
            append_int(out, load_le<std::uint32_t>(v));
            out.append(",\"wkb\":\"");
            append_base64(out, wire::as_chars(v.subspan(4)));
            out.append("\"}");
            return success();
        }
        case CT::MYSQL_TYPE_VECTOR: {
            const wire::Bytes v = d.subspan(c.length);
            if (v.size() % 4 != 0) {
                return failure(Errc::bad_value, "VECTOR value of " + std::to_string(v.size()) +
                                                    " bytes is not a whole number of float32");
            }
            out.push_back('[');
            for (std::size_t i = 0; i < v.size(); i += 4) {
                if (i != 0) out.push_back(',');
                append_float(out, load_le<float>(v.subspan(i, 4)));
            }
            out.push_back(']');
            return success();
        }
        default:
            return failure(Errc::unsupported, "column type " +
                                                  std::string(binlog::column_type_name(c.type)) +
                                                  " has no JSON rendering");
    }
}

}  // namespace b2k::format
