#pragma once
// The order of two positions in one server's binlog: file names of one base name compare by
// their number — which grows past six digits (mysql-bin.999999 is followed by
// mysql-bin.1000000), so a longer name is a later file — then by position in the file.

#include <cstdint>
#include <string_view>

namespace b2k::binlog {

inline bool binlog_before(std::string_view file_a, std::uint64_t pos_a, std::string_view file_b,
                          std::uint64_t pos_b) noexcept {
    if (file_a != file_b) {
        if (file_a.size() != file_b.size()) return file_a.size() < file_b.size();
        return file_a < file_b;
    }
    return pos_a < pos_b;
}

}  // namespace b2k::binlog
