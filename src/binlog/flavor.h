#pragma once
#include <string_view>

namespace b2k::binlog {

// Which server family wrote a binlog; decides collation ids, GTID shape and event dialects.
enum class Flavor { mysql, mariadb };

inline std::string_view flavor_name(Flavor f) {
    return f == Flavor::mysql ? "mysql" : "mariadb";
}

}  // namespace b2k::binlog
