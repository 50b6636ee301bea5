#pragma once
// Project error type: a machine-readable code from the project's own category plus a message
// a person can act on (what happened, what we were doing, what to do).

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace b2k {

enum class Errc {
    ok = 0,
    truncated,          // fewer bytes than a field needs
    trailing_bytes,     // bytes left over after a complete structure
    bad_value,          // a field holds a value the spec does not allow
    checksum_mismatch,  // CRC32 of an event does not match
    unsupported,        // valid input we deliberately do not handle (e.g. encrypted binlog)
    corrupt,            // structurally invalid input (bad magic, impossible sizes)
    io,                 // file or socket error
    incident,           // the server logged an INCIDENT event
    config,             // configuration error
    protocol,           // MySQL protocol violation or server error packet
    internal,           // invariant broken inside binlog2kafka (a bug)
    stopped,            // work abandoned because another part of the pipeline stopped
};

const std::error_category& b2k_category() noexcept;

inline std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), b2k_category()};
}

struct Error {
    std::error_code code;
    std::string message;

    Error() = default;
    Error(Errc errc, std::string msg) : code(make_error_code(errc)), message(std::move(msg)) {}
    Error(std::error_code ec, std::string msg) : code(ec), message(std::move(msg)) {}

    bool is(Errc errc) const noexcept { return code == make_error_code(errc); }

    // Prefixes the message with what the caller was doing: "reading X: <message>".
    [[nodiscard]] Error context(std::string_view doing) const& {
        return {code, std::string(doing) + ": " + message};
    }
    [[nodiscard]] Error context(std::string_view doing) && {
        message.insert(0, std::string(doing) + ": ");
        return std::move(*this);
    }
};

}  // namespace b2k

template <>
struct std::is_error_code_enum<b2k::Errc> : std::true_type {};
