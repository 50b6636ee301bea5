#include "binlog/format_description.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace b2k::binlog {
namespace {

std::array<int, 3> parse_version(std::string_view v) {
    std::array<int, 3> out{0, 0, 0};
    const char* p = v.data();
    const char* end = v.data() + v.size();
    for (int i = 0; i < 3 && p < end; ++i) {
        auto res = std::from_chars(p, end, out[i]);
        p = res.ptr;
        if (p < end && *p == '.')
            ++p;
        else
            break;
    }
    return out;
}

}  // namespace

std::uint8_t FormatDescription::post_header_length(EventType t,
                                                   std::uint8_t fallback) const noexcept {
    const auto idx = static_cast<std::size_t>(t) - 1;
    if (static_cast<std::size_t>(t) == 0 || idx >= post_header_lengths.size()) return fallback;
    return post_header_lengths[idx];
}

bool FormatDescription::version_at_least(int major, int minor, int patch) const noexcept {
    return version >= std::array<int, 3>{major, minor, patch};
}

FormatDescription FormatDescription::default_v4() {
    FormatDescription fd;
    fd.server_version = "";
    fd.checksum = ChecksumAlg::off;
    return fd;
}

Result<FormatDescription> parse_format_description(wire::Bytes body) {
    wire::ByteReader r(body);
    FormatDescription fd;
    fd.binlog_version = r.u16le();
    auto ver = r.bytes(50);
    fd.create_timestamp = r.u32le();
    fd.header_length = r.u8();
    B2K_TRY(r.status("FORMAT_DESCRIPTION_EVENT"));
    const auto* vbeg = reinterpret_cast<const char*>(ver.data());
    fd.server_version.assign(vbeg, strnlen(vbeg, ver.size()));
    if (fd.binlog_version != 4) {
        return failure(Errc::unsupported,
                       "binlog version " + std::to_string(fd.binlog_version) +
                           " (MySQL 4.x or older) is not supported; binlog v4 (MySQL 5.0+) is");
    }
    if (fd.header_length < 19) {
        return failure(Errc::corrupt, "FORMAT_DESCRIPTION_EVENT declares a common header of " +
                                          std::to_string(fd.header_length) + " bytes (minimum 19)");
    }
    fd.flavor =
        fd.server_version.find("MariaDB") != std::string::npos ? Flavor::mariadb : Flavor::mysql;
    std::string_view vs = fd.server_version;
    // MariaDB 10.x announces itself as "5.5.5-10.x.y-MariaDB" to old clients.
    if (fd.flavor == Flavor::mariadb && vs.starts_with("5.5.5-")) vs.remove_prefix(6);
    fd.version = parse_version(vs);

    const bool has_alg =
        fd.flavor == Flavor::mariadb ? fd.version_at_least(5, 3, 0) : fd.version_at_least(5, 6, 1);
    auto rest = r.rest();
    if (has_alg) {
        if (rest.size() < 5) {
            return failure(Errc::truncated,
                           "FORMAT_DESCRIPTION_EVENT is too short for its checksum fields");
        }
        const auto alg = static_cast<std::uint8_t>(rest[rest.size() - 5]);
        if (alg != 0 && alg != 1) {
            return failure(Errc::unsupported, "binlog checksum algorithm " + std::to_string(alg) +
                                                  " is unknown (only NONE and CRC32 exist)");
        }
        fd.checksum = static_cast<ChecksumAlg>(alg);
        rest = rest.first(rest.size() - 5);
    } else {
        fd.checksum = ChecksumAlg::undefined;
    }
    fd.post_header_lengths.reserve(rest.size());
    for (auto b : rest)
        fd.post_header_lengths.push_back(static_cast<std::uint8_t>(b));
    if (fd.server_version.find("a_drop5p") != std::string::npos ||
        fd.server_version.find("a_drop6p") != std::string::npos) {
        // The event numbering of those trees (MySQL 5.1 log_event.cc, event_type_permutation):
        // 16 TABLE_MAP, 17-19 PRE_GA WRITE/UPDATE/DELETE ROWS, 20 XID, 21 BEGIN_LOAD_QUERY,
        // 22 EXECUTE_LOAD_QUERY; 1-15 as today.
        using ET = EventType;
        fd.type_permutation.resize(23);
        for (std::uint8_t i = 0; i < 16; ++i)
            fd.type_permutation[i] = i;
        const ET moved[] = {ET::TABLE_MAP_EVENT,
                            ET::PRE_GA_WRITE_ROWS_EVENT,
                            ET::PRE_GA_UPDATE_ROWS_EVENT,
                            ET::PRE_GA_DELETE_ROWS_EVENT,
                            ET::XID_EVENT,
                            ET::BEGIN_LOAD_QUERY_EVENT,
                            ET::EXECUTE_LOAD_QUERY_EVENT};
        for (std::uint8_t i = 0; i < 7; ++i) {
            fd.type_permutation[16 + i] = static_cast<std::uint8_t>(moved[i]);
        }
        std::vector<std::uint8_t> remapped(std::max<std::size_t>(fd.post_header_lengths.size(), 22),
                                           0);
        for (std::size_t code = 1; code <= fd.post_header_lengths.size(); ++code) {
            const std::uint8_t to = fd.map_type(static_cast<std::uint8_t>(code));
            if (to >= 1 && to <= remapped.size())
                remapped[to - 1] = fd.post_header_lengths[code - 1];
        }
        fd.post_header_lengths = std::move(remapped);
    }
    return fd;
}

}  // namespace b2k::binlog
