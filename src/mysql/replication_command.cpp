#include "mysql/replication_command.h"

#include <algorithm>

#include "mysql/command.h"
#include "wire/byte_writer.h"

namespace b2k::mysql {

Result<std::vector<std::byte>> encode_register_slave(const RegisterSlave& r) {
    if (r.hostname.size() > 255) {
        return failure(Errc::config, "the replica host name reported to the server is " +
                                         std::to_string(r.hostname.size()) +
                                         " bytes long (at most 255)");
    }
    if (r.user.size() > 255) {
        return failure(Errc::config, "the user name reported to the server is " +
                                         std::to_string(r.user.size()) +
                                         " bytes long (at most 255)");
    }
    wire::ByteWriter w(18 + r.hostname.size() + r.user.size());
    w.u8(static_cast<std::uint8_t>(Command::COM_REGISTER_SLAVE));
    w.u32le(r.server_id);
    w.u8(static_cast<std::uint8_t>(r.hostname.size()));
    w.str(r.hostname);
    w.u8(static_cast<std::uint8_t>(r.user.size()));
    w.str(r.user);
    w.u8(0);  // password: never sent
    w.u16le(r.port);
    w.u32le(r.replication_rank);
    w.u32le(r.master_id);
    return std::move(w).take();
}

std::vector<std::byte> encode_binlog_dump(const BinlogDump& d) {
    wire::ByteWriter w(11 + d.filename.size());
    w.u8(static_cast<std::uint8_t>(Command::COM_BINLOG_DUMP));
    w.u32le(std::max<std::uint32_t>(d.position, 4));
    w.u16le(d.flags);
    w.u32le(d.server_id);
    w.str(d.filename);
    return std::move(w).take();
}

std::vector<std::byte> encode_binlog_dump_gtid(const BinlogDumpGtid& d) {
    wire::ByteWriter w(27 + d.filename.size() + d.gtid_set.size());
    w.u8(static_cast<std::uint8_t>(Command::COM_BINLOG_DUMP_GTID));
    w.u16le(d.flags | static_cast<std::uint16_t>(BinlogDumpFlag::BINLOG_THROUGH_GTID));
    w.u32le(d.server_id);
    w.u32le(static_cast<std::uint32_t>(d.filename.size()));
    w.str(d.filename);
    w.u64le(std::max<std::uint64_t>(d.position, 4));
    w.u32le(static_cast<std::uint32_t>(d.gtid_set.size()));
    w.bytes(d.gtid_set);
    return std::move(w).take();
}

}  // namespace b2k::mysql
