#pragma once
// Capability flags exchanged in the handshake.
// https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html
// MariaDB keeps its own extensions in a third 32-bit word (the last 4 bytes of the greeting's
// reserved area and of the response's filler); they are the upper 32 bits here, as in
// MariaDB's own headers. https://mariadb.com/kb/en/connection/#capabilities

#include <cstdint>

namespace b2k::mysql {

enum class Capability : std::uint64_t {
    CLIENT_LONG_PASSWORD = 1ULL << 0,  // MariaDB calls this bit CLIENT_MYSQL
    CLIENT_FOUND_ROWS = 1ULL << 1,
    CLIENT_LONG_FLAG = 1ULL << 2,
    CLIENT_CONNECT_WITH_DB = 1ULL << 3,
    CLIENT_NO_SCHEMA = 1ULL << 4,
    CLIENT_COMPRESS = 1ULL << 5,
    CLIENT_ODBC = 1ULL << 6,
    CLIENT_LOCAL_FILES = 1ULL << 7,
    CLIENT_IGNORE_SPACE = 1ULL << 8,
    CLIENT_PROTOCOL_41 = 1ULL << 9,
    CLIENT_INTERACTIVE = 1ULL << 10,
    CLIENT_SSL = 1ULL << 11,
    CLIENT_IGNORE_SIGPIPE = 1ULL << 12,
    CLIENT_TRANSACTIONS = 1ULL << 13,
    CLIENT_RESERVED = 1ULL << 14,
    CLIENT_SECURE_CONNECTION = 1ULL << 15,  // the spec's CLIENT_RESERVED2
    CLIENT_MULTI_STATEMENTS = 1ULL << 16,
    CLIENT_MULTI_RESULTS = 1ULL << 17,
    CLIENT_PS_MULTI_RESULTS = 1ULL << 18,
    CLIENT_PLUGIN_AUTH = 1ULL << 19,
    CLIENT_CONNECT_ATTRS = 1ULL << 20,
    CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 1ULL << 21,
    CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 1ULL << 22,
    CLIENT_SESSION_TRACK = 1ULL << 23,
    CLIENT_DEPRECATE_EOF = 1ULL << 24,
    CLIENT_OPTIONAL_RESULTSET_METADATA = 1ULL << 25,
    CLIENT_ZSTD_COMPRESSION_ALGORITHM = 1ULL << 26,
    CLIENT_QUERY_ATTRIBUTES = 1ULL << 27,
    MULTI_FACTOR_AUTHENTICATION = 1ULL << 28,
    CLIENT_CAPABILITY_EXTENSION = 1ULL << 29,
    CLIENT_SSL_VERIFY_SERVER_CERT = 1ULL << 30,
    CLIENT_REMEMBER_OPTIONS = 1ULL << 31,
    // MariaDB extended capabilities (sent only when CLIENT_MYSQL is clear).
    MARIADB_CLIENT_PROGRESS = 1ULL << 32,
    MARIADB_CLIENT_COM_MULTI = 1ULL << 33,
    MARIADB_CLIENT_STMT_BULK_OPERATIONS = 1ULL << 34,
    MARIADB_CLIENT_EXTENDED_METADATA = 1ULL << 35,
    MARIADB_CLIENT_CACHE_METADATA = 1ULL << 36,
};

// A set of capabilities (the wire's bit mask).
class Capabilities {
  public:
    constexpr Capabilities() = default;
    constexpr explicit Capabilities(std::uint64_t bits) : bits_(bits) {}
    constexpr Capabilities(Capability c) : bits_(static_cast<std::uint64_t>(c)) {}  // NOLINT

    constexpr bool has(Capability c) const noexcept {
        return (bits_ & static_cast<std::uint64_t>(c)) != 0;
    }
    constexpr Capabilities& set(Capability c, bool on = true) noexcept {
        if (on) {
            bits_ |= static_cast<std::uint64_t>(c);
        } else {
            bits_ &= ~static_cast<std::uint64_t>(c);
        }
        return *this;
    }
    constexpr std::uint64_t bits() const noexcept { return bits_; }
    constexpr std::uint32_t lower32() const noexcept { return static_cast<std::uint32_t>(bits_); }
    constexpr std::uint32_t upper32() const noexcept {
        return static_cast<std::uint32_t>(bits_ >> 32);
    }

    friend constexpr Capabilities operator|(Capabilities a, Capabilities b) noexcept {
        return Capabilities(a.bits_ | b.bits_);
    }
    friend constexpr Capabilities operator&(Capabilities a, Capabilities b) noexcept {
        return Capabilities(a.bits_ & b.bits_);
    }
    friend constexpr bool operator==(Capabilities a, Capabilities b) noexcept = default;

  private:
    std::uint64_t bits_ = 0;
};

constexpr Capabilities operator|(Capability a, Capability b) noexcept {
    return Capabilities(a) | Capabilities(b);
}

}  // namespace b2k::mysql
