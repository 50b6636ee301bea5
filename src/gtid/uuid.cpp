#include "gtid/uuid.h"

#include <cstring>

#include "common/check.h"

namespace b2k::gtid {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Where the dashes of the canonical 36-character form are.
constexpr bool is_dash_position(std::size_t i) {
    return i == 8 || i == 13 || i == 18 || i == 23;
}

}  // namespace

Result<Uuid> Uuid::parse(std::string_view text) {
    std::string_view body = text;
    if (body.size() == 38 && body.front() == '{' && body.back() == '}') {
        body = body.substr(1, 36);
    }
    const bool dashed = body.size() == 36;
    if (!dashed && body.size() != 32) {
        return failure(Errc::bad_value, "\"" + std::string(text) +
                                            "\" is not a UUID (expected 8-4-4-4-12 hex digits)");
    }
    Uuid out;
    std::size_t nibble = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (dashed && is_dash_position(i)) {
            if (body[i] != '-') break;
            continue;
        }
        const int v = hex_value(body[i]);
        if (v < 0) break;
        auto& byte = out.bytes[nibble / 2];
        byte = static_cast<std::uint8_t>(nibble % 2 == 0 ? v << 4 : byte | v);
        ++nibble;
    }
    if (nibble != 2 * kSize) {
        return failure(Errc::bad_value, "\"" + std::string(text) +
                                            "\" is not a UUID (expected 8-4-4-4-12 hex digits)");
    }
    return out;
}

Uuid Uuid::from_bytes(wire::Bytes raw) {
    B2K_CHECK(raw.size() >= kSize);
    Uuid out;
    std::memcpy(out.bytes.data(), raw.data(), kSize);
    return out;
}

void Uuid::append_to(std::string& out) const {
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < kSize; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[bytes[i] >> 4]);
        out.push_back(kHex[bytes[i] & 0xf]);
    }
}

std::string Uuid::to_string() const {
    std::string out;
    out.reserve(36);
    append_to(out);
    return out;
}

}  // namespace b2k::gtid
