#include "mysql/command.h"

#include "wire/byte_writer.h"

namespace b2k::mysql {

std::vector<std::byte> encode_com_query(std::string_view sql) {
    wire::ByteWriter w(1 + sql.size());
    w.u8(static_cast<std::uint8_t>(Command::COM_QUERY));
    w.str(sql);
    return std::move(w).take();
}

std::vector<std::byte> encode_com_quit() {
    return {static_cast<std::byte>(Command::COM_QUIT)};
}

std::vector<std::byte> encode_com_ping() {
    return {static_cast<std::byte>(Command::COM_PING)};
}

}  // namespace b2k::mysql
