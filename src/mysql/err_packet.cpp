#include "mysql/err_packet.h"

#include "mysql/ok_packet.h"

namespace b2k::mysql {
namespace {

class ServerCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "mysql-server"; }
    std::string message(int ev) const override { return "server error " + std::to_string(ev); }
};

}  // namespace

const std::error_category& server_error_category() noexcept {
    static const ServerCategory category;
    return category;
}

Result<ErrPacket> parse_err_packet(wire::Bytes payload) {
    wire::ByteReader r(payload);
    const std::uint8_t header = r.u8();
    ErrPacket err;
    err.code = r.u16le();
    B2K_TRY(r.status("ERR packet"));
    if (header != kErrHeader) {
        return failure(Errc::protocol, "expected an ERR packet, got a packet starting with byte " +
                                           std::to_string(header));
    }
    if (r.peek_u8() == '#' && r.remaining() >= 6) {
        r.skip(1);
        err.sql_state = std::string(r.str(5));
    }
    err.message = std::string(wire::as_chars(r.rest()));
    return err;
}

Error server_error(const ErrPacket& err, std::string_view doing) {
    std::string msg;
    if (!doing.empty()) {
        msg.append(doing);
        msg.append(": ");
    }
    msg.append(err.message.empty() ? std::string("(no message)") : err.message);
    msg.append(" (server error ");
    msg.append(std::to_string(err.code));
    if (!err.sql_state.empty()) {
        msg.append(", SQLSTATE ");
        msg.append(err.sql_state);
    }
    msg.append(")");
    return {std::error_code(err.code, server_error_category()), std::move(msg)};
}

std::optional<std::uint16_t> server_error_code(const Error& e) noexcept {
    if (e.code.category() != server_error_category()) return std::nullopt;
    return static_cast<std::uint16_t>(e.code.value());
}

}  // namespace b2k::mysql
