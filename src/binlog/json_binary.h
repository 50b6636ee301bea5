#pragma once
// MySQL binary JSON (the value bytes of a JSON column, type 245) → MySQL's canonical JSON text,
// the text `CAST(col AS CHAR)` prints: `{"a": 1, "b": [1, 2.5]}`.
//
// Spec: MySQL sql-common/json_binary.h (format grammar), sql-common/json_dom.cc (text rendering:
// separators, string escaping, opaque values), strings/dtoa.cc my_gcvt (doubles),
// strings/decimal.cc (DECIMAL binary), mysys/my_time.cc (packed temporals), mysys/base64.cc.
// Rendering rules and decisions: docs/json-values.md.
//
// Reading never trusts the bytes: every offset is bounds-checked, values are found through the
// offsets in their container's header (a document updated in place keeps stale bytes in holes,
// so nothing is read sequentially), nesting is bounded (MySQL's 100 levels) and the total work
// is bounded by the document size, so overlapping offsets cannot blow the output up.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

// MySQL's JSON_DOCUMENT_MAX_DEPTH: at most this many nested arrays/objects.
inline constexpr std::size_t kJsonMaxDepth = 100;

// Type byte of a binary JSON value (json_binary.h "type ::=").
// NOLINTBEGIN(readability-identifier-naming): names kept as in the MySQL source for grepping.
enum class JsonbType : std::uint8_t {
    JSONB_TYPE_SMALL_OBJECT = 0x00,
    JSONB_TYPE_LARGE_OBJECT = 0x01,
    JSONB_TYPE_SMALL_ARRAY = 0x02,
    JSONB_TYPE_LARGE_ARRAY = 0x03,
    JSONB_TYPE_LITERAL = 0x04,
    JSONB_TYPE_INT16 = 0x05,
    JSONB_TYPE_UINT16 = 0x06,
    JSONB_TYPE_INT32 = 0x07,
    JSONB_TYPE_UINT32 = 0x08,
    JSONB_TYPE_INT64 = 0x09,
    JSONB_TYPE_UINT64 = 0x0a,
    JSONB_TYPE_DOUBLE = 0x0b,
    JSONB_TYPE_STRING = 0x0c,
    JSONB_TYPE_OPAQUE = 0x0f,
};
// NOLINTEND(readability-identifier-naming)

// What a value is, independent of how it is stored.
enum class JsonKind : std::uint8_t {
    object,
    array,
    null_literal,
    true_literal,
    false_literal,
    signed_int,    // INT16/INT32/INT64
    unsigned_int,  // UINT16/UINT32/UINT64
    floating,      // DOUBLE
    string,
    opaque,  // any MySQL type: DECIMAL, DATE/TIME/DATETIME/TIMESTAMP, BLOB, GEOMETRY...
};

// A read-only, lazily parsed view of one binary JSON value (like MySQL's json_binary::Value). It
// points into the document's bytes, which must outlive it, and never allocates. Creating a view
// checks the value's own header; children are checked when they are asked for. Immutable, so
// concurrent reads are safe.
class JsonbValue {
  public:
    // The value of a whole document (a JSON column's bytes). Zero bytes is the JSON null literal,
    // as MySQL's Field_json reads it (an empty value is left by INSERT IGNORE or non-strict mode
    // of NULL into a NOT NULL JSON column, MySQL bug #21437989).
    [[nodiscard]] static Result<JsonbValue> parse_document(wire::Bytes doc);

    JsonbValue() = default;  // the JSON null literal

    JsonKind kind() const noexcept { return kind_; }
    // How the value is stored (an inlined value reports its entry's type).
    JsonbType type() const noexcept { return type_; }
    bool is_container() const noexcept {
        return kind_ == JsonKind::object || kind_ == JsonKind::array;
    }

    // Members of an object or elements of an array; 0 for scalars.
    std::size_t size() const noexcept { return count_; }
    // Key of member i of an object (i < size()).
    [[nodiscard]] Result<std::string_view> key(std::size_t i) const;
    // Value of member i of an object or element i of an array (i < size()).
    [[nodiscard]] Result<JsonbValue> element(std::size_t i) const;

    std::int64_t int_value() const noexcept { return static_cast<std::int64_t>(bits_); }
    std::uint64_t uint_value() const noexcept { return bits_; }
    double double_value() const noexcept;
    // String contents (utf8mb4 as stored), or opaque payload bytes.
    std::string_view string_value() const noexcept { return wire::as_chars(data_); }
    wire::Bytes opaque_data() const noexcept { return data_; }
    // The MySQL column type (enum_field_types) of an opaque value.
    std::uint8_t opaque_type() const noexcept { return opaque_type_; }

  private:
    // A value of `type` whose bytes start at data[0] (data runs to the end of the enclosing
    // container, or of the document).
    static Result<JsonbValue> parse(JsonbType type, wire::Bytes data);
    static Result<JsonbValue> parse_container(JsonbType type, wire::Bytes data);

    wire::Bytes data_{};       // container bytes [0, size) / string bytes / opaque payload
    std::uint64_t bits_ = 0;   // integer value, or the bits of a double
    std::uint32_t count_ = 0;  // members/elements of a container
    JsonbType type_ = JsonbType::JSONB_TYPE_LITERAL;
    JsonKind kind_ = JsonKind::null_literal;
    std::uint8_t opaque_type_ = 0;
    bool large_ = false;  // 4-byte (large) instead of 2-byte (small) offsets and counts
};

// Appends MySQL's canonical text of the binary JSON document `doc` (the column's value bytes,
// without the column's length prefix) to `out`. On error `out` is left as it was.
[[nodiscard]] Result<void> json_binary_to_text(wire::Bytes doc, std::string& out);

// Appends the text of `v` found at nesting level `depth` (the number of arrays/objects around
// it). `budget` bounds the work across several calls over the same bytes: each value costs 1 and
// each key, string or opaque value its length; a call fails once the budget is spent. For a
// well-formed document the total never exceeds its size in bytes. On error `out` may hold a
// partial rendering (callers restore it, as json_binary_to_text does).
[[nodiscard]] Result<void> append_json_text(const JsonbValue& v, std::size_t depth,
                                            std::size_t& budget, std::string& out);

// Appends `v` as MySQL prints a JSON double (my_gcvt with MY_GCVT_MAX_FIELD_WIDTH, plus ".0"
// when the result looks like an integer): 1.0, 0.1, 1e15, 123456789012345.67, 1e-16.
// `v` must be finite.
void append_mysql_json_double(std::string& out, double v);

}  // namespace b2k::binlog
