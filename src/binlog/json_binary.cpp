#include "binlog/json_binary.h"

#include "binlog/decimal.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>

#include "binlog/column_type.h"
#include "format/json_writer.h"

namespace b2k::binlog {
namespace {

using wire::ByteReader;
using wire::Bytes;

auto corrupt(const std::string& what) {
    return failure(Errc::corrupt, "binary JSON: " + what + " (the JSON value is corrupt)");
}

std::string num(std::uint64_t v) {
    return std::to_string(v);
}

// A reader over b starting at `off`; failed if `off` lies past the end.
ByteReader reader_at(Bytes b, std::uint64_t off) {
    if (off > b.size()) {
        ByteReader r;
        r.fail();
        return r;
    }
    return ByteReader(b.subspan(static_cast<std::size_t>(off)));
}

bool is_object_type(JsonbType t) {
    return t == JsonbType::JSONB_TYPE_SMALL_OBJECT || t == JsonbType::JSONB_TYPE_LARGE_OBJECT;
}
bool is_large_type(JsonbType t) {
    return t == JsonbType::JSONB_TYPE_LARGE_OBJECT || t == JsonbType::JSONB_TYPE_LARGE_ARRAY;
}

// json_binary.h "data-length ::= uint8*": 7 bits per byte, least significant group first, high
// bit set when another byte follows; MySQL stops at 5 bytes and at values above UINT32_MAX.
bool read_variable_length(ByteReader& r, std::uint32_t& out) {
    std::uint64_t len = 0;
    for (int i = 0; i < 5; ++i) {
        const std::uint8_t b = r.u8();
        if (!r.ok()) return false;
        len |= static_cast<std::uint64_t>(b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
            if (len > std::numeric_limits<std::uint32_t>::max()) return false;
            out = static_cast<std::uint32_t>(len);
            return true;
        }
    }
    return false;
}

// Appends v in decimal, left-padded with zeros to `width` digits.
void append_padded(std::string& out, std::uint64_t v, std::size_t width) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    const auto n = static_cast<std::size_t>(res.ptr - buf);
    if (n < width) out.append(width - n, '0');
    out.append(buf, n);
}

// Work accounting (see append_json_text): fails once the budget is spent.
bool consume(std::size_t& budget, std::size_t n) {
    if (n > budget) return false;
    budget -= n;
    return true;
}
auto overlap_error() {
    return corrupt("values overlap: the document references more data than it holds");
}

// --- Opaque values -----------------------------------------------------------------------------

// DECIMAL: precision byte, scale byte, then the decimal in MySQL's binary format, printed
// as MySQL's decimal2string (decimal.h); precision 0 is MySQL's zero.
Result<void> append_decimal(Bytes payload, std::string& out) {
    ByteReader r(payload);
    const unsigned precision = r.u8();
    const unsigned scale = r.u8();
    if (!r.ok()) return corrupt("DECIMAL value shorter than its precision and scale");
    if (precision == 0 && scale == 0 && r.empty()) {
        out.push_back('0');
        return success();
    }
    const std::size_t need = json_decimal_binary_size(precision, scale);
    if (need == 0 || r.remaining() != need) {
        return corrupt("DECIMAL(" + num(precision) + "," + num(scale) + ") needs " + num(need) +
                       " bytes, has " + num(r.remaining()));
    }
    auto dec = decode_json_decimal(r, precision, scale, out);
    if (!dec) return corrupt("DECIMAL: " + dec.error().message);
    return success();
}

// DATE, TIME, DATETIME and TIMESTAMP are stored as MySQL's 8-byte packed temporal
// (mysys/my_time.cc TIME_to_longlong_*_packed): a signed int64 whose magnitude is
// (int part << 24) | microseconds. DATETIME/DATE int part: (((year * 13 + month) << 5 | day)
// << 17) | hour << 12 | minute << 6 | second. TIME int part: hours << 12 | minute << 6 | second,
// negated for a negative time. MySQL renders them with my_TIME_to_str(..., 6).
Result<void> append_temporal(ColumnType t, Bytes payload, std::string& out) {
    if (payload.size() != 8) {
        return corrupt("packed temporal of " + num(payload.size()) + " bytes (expected 8)");
    }
    ByteReader r(payload);
    const auto packed = static_cast<std::int64_t>(r.u64le());
    const bool negative = packed < 0;
    const std::uint64_t mag =
        negative ? ~static_cast<std::uint64_t>(packed) + 1 : static_cast<std::uint64_t>(packed);
    const std::uint64_t micros = mag & 0xffffff;
    const std::uint64_t int_part = mag >> 24;

    out.push_back('"');
    if (t == ColumnType::MYSQL_TYPE_TIME) {
        if (negative) out.push_back('-');
        append_padded(out, (int_part >> 12) % (1 << 10), 2);
        out.push_back(':');
        append_padded(out, (int_part >> 6) % 64, 2);
        out.push_back(':');
        append_padded(out, int_part % 64, 2);
        out.push_back('.');
        append_padded(out, micros, 6);
    } else {
        const std::uint64_t ymd = int_part >> 17;
        const std::uint64_t hms = int_part % (1 << 17);
        const std::uint64_t ym = ymd >> 5;
        append_padded(out, ym / 13, 4);
        out.push_back('-');
        append_padded(out, ym % 13, 2);
        out.push_back('-');
        append_padded(out, ymd % 32, 2);
        if (t != ColumnType::MYSQL_TYPE_DATE) {
            out.push_back(' ');
            append_padded(out, hms >> 12, 2);
            out.push_back(':');
            append_padded(out, (hms >> 6) % 64, 2);
            out.push_back(':');
            append_padded(out, hms % 64, 2);
            out.push_back('.');
            append_padded(out, micros, 6);
        }
    }
    out.push_back('"');
    return success();
}

// Any other opaque value: "base64:type<N>:<base64>" (sql-common/json_dom.cc). MySQL's
// base64_encode (mysys/base64.cc) starts a new line after every 76 characters; the newline is
// part of the string, so it comes out escaped as \n.
void append_opaque_base64(std::uint8_t type, Bytes data, std::string& out) {
    static constexpr std::size_t kBytesPerLine = 57;  // 76 base64 characters
    out.append("\"base64:type");
    format::append_int(out, static_cast<unsigned>(type));
    out.push_back(':');
    const std::string_view s = wire::as_chars(data);
    for (std::size_t i = 0; i < s.size(); i += kBytesPerLine) {
        if (i > 0) out.append("\\n");
        format::append_base64(out, s.substr(i, kBytesPerLine));
    }
    out.push_back('"');
}

Result<void> append_opaque(const JsonbValue& v, std::string& out) {
    const auto t = static_cast<ColumnType>(v.opaque_type());
    switch (t) {
        case ColumnType::MYSQL_TYPE_NEWDECIMAL:
            return append_decimal(v.opaque_data(), out);
        case ColumnType::MYSQL_TYPE_DATE:
        case ColumnType::MYSQL_TYPE_TIME:
        case ColumnType::MYSQL_TYPE_DATETIME:
        case ColumnType::MYSQL_TYPE_TIMESTAMP:
            return append_temporal(t, v.opaque_data(), out);
        default:
            append_opaque_base64(v.opaque_type(), v.opaque_data(), out);
            return success();
    }
}

}  // namespace

// --- JsonbValue --------------------------------------------------------------------------------

double JsonbValue::double_value() const noexcept {
    return std::bit_cast<double>(bits_);
}

Result<JsonbValue> JsonbValue::parse_document(Bytes doc) {
    if (doc.empty()) return JsonbValue{};
    return parse(static_cast<JsonbType>(doc[0]), doc.subspan(1));
}

Result<JsonbValue> JsonbValue::parse(JsonbType type, Bytes data) {
    JsonbValue v;
    v.type_ = type;
    ByteReader r(data);
    switch (type) {
        case JsonbType::JSONB_TYPE_SMALL_OBJECT:
        case JsonbType::JSONB_TYPE_LARGE_OBJECT:
        case JsonbType::JSONB_TYPE_SMALL_ARRAY:
        case JsonbType::JSONB_TYPE_LARGE_ARRAY:
            return parse_container(type, data);
        case JsonbType::JSONB_TYPE_LITERAL: {
            const std::uint8_t lit = r.u8();
            if (!r.ok()) return corrupt("literal truncated");
            switch (lit) {
                case 0x00:
                    v.kind_ = JsonKind::null_literal;
                    break;
                case 0x01:
                    v.kind_ = JsonKind::true_literal;
                    break;
                case 0x02:
                    v.kind_ = JsonKind::false_literal;
                    break;
                default:
                    return corrupt("unknown literal " + num(lit));
            }
            return v;
        }
        case JsonbType::JSONB_TYPE_INT16:
            v.kind_ = JsonKind::signed_int;
            v.bits_ = static_cast<std::uint64_t>(
                static_cast<std::int64_t>(static_cast<std::int16_t>(r.u16le())));
            break;
        case JsonbType::JSONB_TYPE_UINT16:
            v.kind_ = JsonKind::unsigned_int;
            v.bits_ = r.u16le();
            break;
        case JsonbType::JSONB_TYPE_INT32:
            v.kind_ = JsonKind::signed_int;
            v.bits_ = static_cast<std::uint64_t>(
                static_cast<std::int64_t>(static_cast<std::int32_t>(r.u32le())));
            break;
        case JsonbType::JSONB_TYPE_UINT32:
            v.kind_ = JsonKind::unsigned_int;
            v.bits_ = r.u32le();
            break;
        case JsonbType::JSONB_TYPE_INT64:
            v.kind_ = JsonKind::signed_int;
            v.bits_ = r.u64le();
            break;
        case JsonbType::JSONB_TYPE_UINT64:
            v.kind_ = JsonKind::unsigned_int;
            v.bits_ = r.u64le();
            break;
        case JsonbType::JSONB_TYPE_DOUBLE:
            v.kind_ = JsonKind::floating;
            v.bits_ = r.u64le();
            break;
        case JsonbType::JSONB_TYPE_STRING: {
            std::uint32_t len = 0;
            if (!read_variable_length(r, len)) return corrupt("string length truncated or invalid");
            v.kind_ = JsonKind::string;
            v.data_ = r.bytes(len);
            if (!r.ok()) return corrupt("string of " + num(len) + " bytes truncated");
            return v;
        }
        case JsonbType::JSONB_TYPE_OPAQUE: {
            v.opaque_type_ = r.u8();
            std::uint32_t len = 0;
            if (!r.ok() || !read_variable_length(r, len)) {
                return corrupt("opaque value header truncated or invalid");
            }
            v.kind_ = JsonKind::opaque;
            v.data_ = r.bytes(len);
            if (!r.ok()) return corrupt("opaque value of " + num(len) + " bytes truncated");
            return v;
        }
        default:
            return corrupt("unknown value type 0x" +
                           std::string(1, "0123456789abcdef"[static_cast<unsigned>(type) >> 4]) +
                           std::string(1, "0123456789abcdef"[static_cast<unsigned>(type) & 15]));
    }
    if (!r.ok()) return corrupt("number truncated");
    return v;
}

// object ::= element-count size key-entry* value-entry* key* value*
// array  ::= element-count size value-entry* value*
// Counts, sizes and offsets are 2 bytes in the small and 4 in the large format; offsets are
// relative to the start of the object/array (its element-count).
Result<JsonbValue> JsonbValue::parse_container(JsonbType type, Bytes data) {
    const bool large = is_large_type(type);
    const bool object = is_object_type(type);
    const std::size_t off = large ? 4 : 2;
    ByteReader r(data);
    const std::uint64_t count = r.uint_le(off);
    const std::uint64_t size = r.uint_le(off);
    const char* what = object ? "object" : "array";
    if (!r.ok()) return corrupt(std::string(what) + " header truncated");
    if (size > data.size()) {
        return corrupt(std::string(what) + " declares " + num(size) + " bytes, only " +
                       num(data.size()) + " remain");
    }
    const std::uint64_t header =
        2 * off + count * ((object ? off + 2 : 0) + 1 + off);  // no overflow: count < 2^32
    if (header > size) {
        return corrupt(std::string(what) + " of " + num(count) + " entries does not fit in " +
                       num(size) + " bytes");
    }
    JsonbValue v;
    v.type_ = type;
    v.kind_ = object ? JsonKind::object : JsonKind::array;
    v.large_ = large;
    v.count_ = static_cast<std::uint32_t>(count);
    v.data_ = data.first(static_cast<std::size_t>(size));
    return v;
}

Result<std::string_view> JsonbValue::key(std::size_t i) const {
    if (kind_ != JsonKind::object || i >= count_) {
        return failure(Errc::internal, "JsonbValue::key(" + num(i) + ") on a value without it");
    }
    const std::size_t off = large_ ? 4 : 2;
    ByteReader r = reader_at(data_, 2 * off + i * (off + 2));
    const std::uint64_t key_offset = r.uint_le(off);
    const std::uint64_t key_length = r.u16le();
    if (!r.ok()) return corrupt("key entry " + num(i) + " truncated");
    if (key_offset + key_length > data_.size()) {
        return corrupt("key " + num(i) + " at offset " + num(key_offset) + " runs past the " +
                       num(data_.size()) + "-byte object");
    }
    return wire::as_chars(
        data_.subspan(static_cast<std::size_t>(key_offset), static_cast<std::size_t>(key_length)));
}

Result<JsonbValue> JsonbValue::element(std::size_t i) const {
    if (!is_container() || i >= count_) {
        return failure(Errc::internal, "JsonbValue::element(" + num(i) + ") on a value without it");
    }
    const std::size_t off = large_ ? 4 : 2;
    const std::size_t entry =
        2 * off + (kind_ == JsonKind::object ? count_ * (off + 2) : 0) + i * (1 + off);
    ByteReader r = reader_at(data_, entry);
    const auto type = static_cast<JsonbType>(r.u8());
    const Bytes field = r.bytes(off);
    if (!r.ok()) return corrupt("value entry " + num(i) + " truncated");
    // value-entry ::= type offset-or-inlined-value: literals and 16-bit integers are inlined in
    // both formats, 32-bit integers in the large format only.
    const bool inlined =
        type == JsonbType::JSONB_TYPE_LITERAL || type == JsonbType::JSONB_TYPE_INT16 ||
        type == JsonbType::JSONB_TYPE_UINT16 ||
        (large_ && (type == JsonbType::JSONB_TYPE_INT32 || type == JsonbType::JSONB_TYPE_UINT32));
    if (inlined) return parse(type, field);
    const std::uint64_t value_offset = ByteReader(field).uint_le(off);
    if (value_offset >= data_.size()) {
        return corrupt("value " + num(i) + " at offset " + num(value_offset) +
                       " lies outside its " + num(data_.size()) + "-byte container");
    }
    return parse(type, data_.subspan(static_cast<std::size_t>(value_offset)));
}

// --- Rendering ---------------------------------------------------------------------------------

void append_mysql_json_double(std::string& out, double v) {
    // my_gcvt(v, MY_GCVT_ARG_DOUBLE, MY_GCVT_MAX_FIELD_WIDTH = 34) asks dtoa for the shortest
    // digits that round-trip (what to_chars gives), then picks the 'f' format when the decimal
    // exponent decpt (digits "d1d2…" mean 0.d1d2… × 10^decpt) is in [-14, 15], or above 15 with
    // digits after the point (decpt 16 with 17 digits); otherwise the 'e' format with no '+'
    // and no exponent padding. A 34-character field always fits those digits. Json_dom then
    // adds ".0" when the result has neither '.' nor 'e'.
    char buf[40];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
    const bool negative = !s.empty() && s.front() == '-';
    if (negative) s.remove_prefix(1);
    const std::size_t e = s.find('e');
    const std::string_view mantissa = s.substr(0, e);
    int exp10 = 0;
    std::string_view exp_text = s.substr(e + 1);
    if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp10);

    char digits[24];
    std::size_t len = 0;
    for (const char c : mantissa) {
        if (c != '.' && len < sizeof digits) digits[len++] = c;
    }
    const std::string_view d(digits, len);
    if (negative) out.push_back('-');
    if (d == "0") {  // ±0: dtoa gives "0" with decpt 1 (and the sign bit for -0)
        out.append("0.0");
        return;
    }
    const int decpt = exp10 + 1;
    const auto n = static_cast<int>(len);
    if (decpt >= -14 && (decpt <= 15 || n > decpt)) {
        if (decpt <= 0) {
            out.append("0.");
            out.append(static_cast<std::size_t>(-decpt), '0');
            out.append(d);
        } else if (decpt < n) {
            out.append(d.substr(0, static_cast<std::size_t>(decpt)));
            out.push_back('.');
            out.append(d.substr(static_cast<std::size_t>(decpt)));
        } else {
            out.append(d);
            out.append(static_cast<std::size_t>(decpt - n), '0');
            out.append(".0");
        }
        return;
    }
    out.push_back(d.front());
    if (len > 1) {
        out.push_back('.');
        out.append(d.substr(1));
    }
    out.push_back('e');
    const int x = decpt - 1;
    if (x < 0) out.push_back('-');
    format::append_int(out, x < 0 ? -x : x);
}

// The layout follows Json_wrapper::to_string in sql-common/json_dom.cc: ", " between members and
// elements, ": " after keys, keys and strings quoted by double_quote().
Result<void> append_json_text(const JsonbValue& v, std::size_t depth, std::size_t& budget,
                              std::string& out) {
    if (!consume(budget, 1)) return overlap_error();
    switch (v.kind()) {
        case JsonKind::object:
        case JsonKind::array: {
            const bool object = v.kind() == JsonKind::object;
            if (depth >= kJsonMaxDepth) {
                return corrupt("nested deeper than MySQL's limit of " + num(kJsonMaxDepth));
            }
            out.push_back(object ? '{' : '[');
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (i > 0) out.append(", ");
                if (object) {
                    B2K_TRY(const auto key, v.key(i));
                    if (!consume(budget, key.size())) return overlap_error();
                    format::append_json_string(out, key);
                    out.append(": ");
                }
                B2K_TRY(const auto child, v.element(i));
                B2K_TRY(append_json_text(child, depth + 1, budget, out));
            }
            out.push_back(object ? '}' : ']');
            return success();
        }
        case JsonKind::null_literal:
            out.append("null");
            return success();
        case JsonKind::true_literal:
            out.append("true");
            return success();
        case JsonKind::false_literal:
            out.append("false");
            return success();
        case JsonKind::signed_int:
            format::append_int(out, v.int_value());
            return success();
        case JsonKind::unsigned_int:
            format::append_int(out, v.uint_value());
            return success();
        case JsonKind::floating: {
            const double d = v.double_value();
            if (!std::isfinite(d)) return corrupt("double is NaN or infinite");
            append_mysql_json_double(out, d);
            return success();
        }
        case JsonKind::string:
            if (!consume(budget, v.string_value().size())) return overlap_error();
            format::append_json_string(out, v.string_value());
            return success();
        case JsonKind::opaque:
            if (!consume(budget, v.opaque_data().size())) return overlap_error();
            return append_opaque(v, out);
    }
    return failure(Errc::internal, "JsonbValue of unknown kind");
}

Result<void> json_binary_to_text(Bytes doc, std::string& out) {
    const std::size_t mark = out.size();
    auto render = [&]() -> Result<void> {
        B2K_TRY(const auto v, JsonbValue::parse_document(doc));
        std::size_t budget = std::max<std::size_t>(doc.size(), 1);  // 1: the empty null
        return append_json_text(v, 0, budget, out);
    };
    auto result = render();
    if (!result) out.resize(mark);
    return result;
}

}  // namespace b2k::binlog
