#pragma once
// Uuid: the 16-byte server UUID that names a MySQL GTID's source (server_uuid), as stored on the
// wire (GTID events, PREVIOUS_GTIDS, COM_BINLOG_DUMP_GTID): the RFC 4122 bytes in text order.

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::gtid {

struct Uuid {
    static constexpr std::size_t kSize = 16;

    std::array<std::uint8_t, kSize> bytes{};

    // Accepts what MySQL's Uuid::parse accepts: "3e11fa47-71ca-11e1-9e33-c80aa9429562" (any
    // case), the same within braces, or the 32 hex digits without dashes.
    [[nodiscard]] static Result<Uuid> parse(std::string_view text);
    // The first 16 bytes of `raw` (the caller checks the size).
    static Uuid from_bytes(wire::Bytes raw);

    // Canonical form: lower-case, dashed (as MySQL prints server_uuid and GTID sets).
    std::string to_string() const;
    void append_to(std::string& out) const;

    // Byte order, which is also the order of the lower-case text: MySQL sorts a GTID set's
    // sources this way when it encodes or prints one.
    auto operator<=>(const Uuid&) const = default;
};

}  // namespace b2k::gtid
