#pragma once
// PacketWriter: frames payloads into packets, the writing half of PacketReader.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html
// A payload of 0xffffff bytes or more goes out as 0xffffff-byte chunks and a shorter last one
// (empty when the payload is an exact multiple), each chunk with the next sequence id.

#include <cstdint>
#include <vector>

#include "wire/byte_reader.h"

namespace b2k::mysql {

class PacketWriter {
  public:
    // Appends `payload`, framed, to the pending bytes; advances `seq` by the number of chunks.
    void append(wire::Bytes payload, std::uint8_t& seq);
    // Everything appended since the last clear().
    wire::Bytes pending() const noexcept { return {buf_.data(), buf_.size()}; }
    void clear() noexcept { buf_.clear(); }

  private:
    std::vector<std::byte> buf_;
};

}  // namespace b2k::mysql
