#include "mysql/packet_writer.h"

#include <algorithm>

#include "mysql/packet_reader.h"

namespace b2k::mysql {

void PacketWriter::append(wire::Bytes payload, std::uint8_t& seq) {
    buf_.reserve(buf_.size() + payload.size() +
                 kPacketHeaderSize * (payload.size() / kMaxChunkPayload + 1));
    std::size_t off = 0;
    for (;;) {
        const std::size_t n = std::min(payload.size() - off, kMaxChunkPayload);
        buf_.push_back(static_cast<std::byte>(n & 0xff));
        buf_.push_back(static_cast<std::byte>((n >> 8) & 0xff));
        buf_.push_back(static_cast<std::byte>((n >> 16) & 0xff));
        buf_.push_back(static_cast<std::byte>(seq));
        seq = static_cast<std::uint8_t>(seq + 1);
        buf_.insert(buf_.end(), payload.begin() + static_cast<std::ptrdiff_t>(off),
                    payload.begin() + static_cast<std::ptrdiff_t>(off + n));
        off += n;
        if (n < kMaxChunkPayload) break;
    }
}

}  // namespace b2k::mysql
