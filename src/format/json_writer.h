#pragma once
// Appending JSON text to a std::string without a DOM. The caller owns the buffer and reuses it,
// so the hot path allocates only when the buffer has to grow.

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace b2k::format {

// Appends `s` as a JSON string literal (with quotes). `s` must be UTF-8; invalid sequences are
// replaced by U+FFFD so the output is always valid JSON (see docs/value-encoding.md).
void append_json_string(std::string& out, std::string_view s);
// Appends the body of a JSON string literal (no quotes), same rules.
void append_json_string_body(std::string& out, std::string_view s);
// Appends base64 (RFC 4648, with padding) of `data`, no quotes.
void append_base64(std::string& out, std::string_view data);

template <class Int>
void append_int(std::string& out, Int v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}
// Shortest representation that round-trips (like MySQL's and JavaScript's number printing).
void append_double(std::string& out, double v);
void append_float(std::string& out, float v);

}  // namespace b2k::format
