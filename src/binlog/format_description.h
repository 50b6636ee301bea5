#pragma once
// FORMAT_DESCRIPTION_EVENT: how the rest of the binlog is laid out.
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Format__description__event.html
// https://mariadb.com/kb/en/format_description_event/

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "binlog/event_type.h"
#include "binlog/flavor.h"
#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

enum class ChecksumAlg : std::uint8_t { off = 0, crc32 = 1, undefined = 255 };

struct FormatDescription {
    std::uint16_t binlog_version = 4;
    std::string server_version;
    std::uint32_t create_timestamp = 0;
    std::uint8_t header_length = 19;
    std::vector<std::uint8_t> post_header_lengths;  // index = event type - 1
    ChecksumAlg checksum = ChecksumAlg::undefined;
    Flavor flavor = Flavor::mysql;
    std::array<int, 3> version{0, 0, 0};  // parsed server version (MariaDB's real version)
    // Pre-release 5.1/5.2 "a_drop5p"/"a_drop6p" trees numbered events differently; this maps
    // their codes to today's (empty: identity). post_header_lengths is already remapped.
    std::vector<std::uint8_t> type_permutation;

    std::uint8_t map_type(std::uint8_t code) const noexcept {
        return code < type_permutation.size() ? type_permutation[code] : code;
    }

    // Post-header length of an event type, or `fallback` when the table has no entry.
    std::uint8_t post_header_length(EventType t, std::uint8_t fallback) const noexcept;
    bool has_checksum() const noexcept { return checksum == ChecksumAlg::crc32; }
    bool version_at_least(int major, int minor, int patch) const noexcept;

    // A description for servers that send events before any FORMAT_DESCRIPTION (never v4 files
    // in practice; used as the initial state of a network stream until the first one arrives).
    static FormatDescription default_v4();
};

// Parses a FORMAT_DESCRIPTION event body (after the common header, checksum still attached).
// The checksum algorithm byte sits before the 4 checksum bytes on servers >= 5.6.1 (MySQL) or
// >= 5.3 (MariaDB); older servers have neither.
Result<FormatDescription> parse_format_description(wire::Bytes body);

}  // namespace b2k::binlog
