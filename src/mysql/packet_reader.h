#pragma once
// PacketReader: cuts the client/server byte stream into packet payloads (sans-I/O).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html
//
// A packet is a 4-byte header (payload length int<3>, sequence id int<1>) and the payload. A
// payload of 0xffffff bytes or more is sent as chunks of exactly 0xffffff bytes, each with its
// own header and the next sequence id, ended by a shorter chunk (an empty one when the payload
// is an exact multiple of 0xffffff). This reader hands out whole payloads.
//
// Buffering: the caller reads from its socket into prepare() and commit()s what arrived; next()
// returns the next complete payload as a span into the reader's own buffer — no copy and no
// allocation when the buffer is big enough. A multi-chunk payload is joined in place: the inner
// chunk headers are squeezed out with memmove as they arrive. A returned span stays valid until
// the next prepare() (which may compact or grow the buffer); next() itself never moves the bytes
// of a payload it has returned.
//
// Sequence ids are checked against the caller's counter (shared with the writing side, as the
// protocol numbers both directions together) and advanced by one per chunk. A wrong sequence id,
// or a payload above max_payload, is a sticky error: the stream cannot be resynchronised.
//
// Not thread-safe; one reader per connection.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

inline constexpr std::size_t kPacketHeaderSize = 4;
inline constexpr std::size_t kMaxChunkPayload = 0xffffff;
// MySQL's and MariaDB's max_allowed_packet cannot exceed 1 GiB; a binlog event packet adds a
// status byte. Anything larger is a corrupt length, not a real payload.
inline constexpr std::size_t kDefaultMaxPayload = (std::size_t{1} << 30) + (std::size_t{1} << 20);

class PacketReader {
  public:
    explicit PacketReader(std::size_t initial_capacity = 64 * 1024,
                          std::size_t max_payload = kDefaultMaxPayload);

    // Writable space for at least `min` bytes (more when there is room): read into it, then
    // commit() the number of bytes read. Invalidates spans returned by next().
    std::span<std::byte> prepare(std::size_t min);
    void commit(std::size_t n);

    // The next complete payload, std::nullopt when more bytes are needed, or an error (wrong
    // sequence id, payload too large). Advances `seq` by the number of chunks on success.
    [[nodiscard]] Result<std::optional<wire::Bytes>> next(std::uint8_t& seq);

    // Bytes the current packet still needs at least (0 when a packet may be complete).
    std::size_t needed() const noexcept;
    // Bytes received but not yet returned as a payload.
    std::size_t buffered() const noexcept { return end_ - begin_; }
    std::size_t capacity() const noexcept { return buf_.size(); }
    // Forgets everything buffered and any error (a new connection).
    void reset() noexcept;

  private:
    std::vector<std::byte> buf_;
    std::size_t initial_capacity_;
    std::size_t max_payload_;
    std::size_t begin_ = 0;  // first header of the packet being assembled
    std::size_t end_ = 0;    // end of received bytes
    // Assembly of the current packet: payload bytes of complete chunks joined so far (they
    // start at begin_ + 4), number of such chunks, and the header of the chunk in progress.
    std::size_t assembled_ = 0;
    std::size_t chunks_ = 0;
    bool have_header_ = false;
    std::size_t chunk_len_ = 0;
    std::optional<Error> error_;
};

}  // namespace b2k::mysql
