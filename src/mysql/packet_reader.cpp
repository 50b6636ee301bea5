#include "mysql/packet_reader.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "common/check.h"

namespace b2k::mysql {
namespace {

// Above this a drained buffer goes back to its initial size, so one huge event does not pin
// its memory for the rest of the session.
constexpr std::size_t kShrinkAbove = 16 * 1024 * 1024;

}  // namespace

PacketReader::PacketReader(std::size_t initial_capacity, std::size_t max_payload)
    : buf_(std::max<std::size_t>(initial_capacity, 64)),
      initial_capacity_(std::max<std::size_t>(initial_capacity, 64)),
      max_payload_(max_payload) {}

void PacketReader::reset() noexcept {
    begin_ = end_ = assembled_ = chunks_ = chunk_len_ = 0;
    have_header_ = false;
    error_.reset();
}

std::span<std::byte> PacketReader::prepare(std::size_t min) {
    min = std::max<std::size_t>(min, 1);
    if (begin_ == end_) {
        // Nothing pending (a packet in assembly always holds at least its first header).
        begin_ = end_ = 0;
        if (buf_.size() > kShrinkAbove && buf_.size() > initial_capacity_ &&
            min <= initial_capacity_) {
            std::vector<std::byte>(initial_capacity_).swap(buf_);
        }
    }
    if (buf_.size() - end_ < min) {
        if (begin_ > 0) {
            std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        if (buf_.size() - end_ < min) {
            buf_.resize(std::max(end_ + min, buf_.size() * 2));
        }
    }
    return {buf_.data() + end_, buf_.size() - end_};
}

void PacketReader::commit(std::size_t n) {
    B2K_CHECK(n <= buf_.size() - end_);
    end_ += n;
}

std::size_t PacketReader::needed() const noexcept {
    const std::size_t payload_at = begin_ + kPacketHeaderSize + assembled_;
    if (!have_header_) {
        const std::size_t header_at = chunks_ == 0 ? begin_ : payload_at;
        const std::size_t have = end_ - std::min(end_, header_at);
        return have >= kPacketHeaderSize ? 0 : kPacketHeaderSize - have;
    }
    const std::size_t have = end_ - std::min(end_, payload_at);
    return have >= chunk_len_ ? 0 : chunk_len_ - have;
}

Result<std::optional<wire::Bytes>> PacketReader::next(std::uint8_t& seq) {
    if (error_) return failure(*error_);
    for (;;) {
        const std::size_t payload_at = begin_ + kPacketHeaderSize + assembled_;
        if (!have_header_) {
            // The first chunk's header stays in front of the payload; later ones sit at the end
            // of what has been joined so far and are squeezed out.
            const std::size_t header_at = chunks_ == 0 ? begin_ : payload_at;
            if (end_ < header_at + kPacketHeaderSize) return std::optional<wire::Bytes>{};
            const auto* h = buf_.data() + header_at;
            const std::size_t len = static_cast<std::size_t>(h[0]) |
                                    (static_cast<std::size_t>(h[1]) << 8) |
                                    (static_cast<std::size_t>(h[2]) << 16);
            const auto got = static_cast<std::uint8_t>(h[3]);
            const auto want = static_cast<std::uint8_t>(seq + chunks_);
            if (got != want) {
                error_ = Error(Errc::protocol,
                               "packet out of order: expected sequence id " + std::to_string(want) +
                                   ", got " + std::to_string(got) +
                                   " (the connection is out of step with the server)");
                return failure(*error_);
            }
            if (assembled_ + len > max_payload_) {
                error_ = Error(Errc::protocol, "packet payload of more than " +
                                                   std::to_string(assembled_ + len) +
                                                   " bytes exceeds the limit of " +
                                                   std::to_string(max_payload_) + " bytes");
                return failure(*error_);
            }
            if (chunks_ > 0) {
                std::memmove(buf_.data() + header_at, buf_.data() + header_at + kPacketHeaderSize,
                             end_ - header_at - kPacketHeaderSize);
                end_ -= kPacketHeaderSize;
            }
            have_header_ = true;
            chunk_len_ = len;
        }
        if (end_ - payload_at < chunk_len_) return std::optional<wire::Bytes>{};
        assembled_ += chunk_len_;
        ++chunks_;
        have_header_ = false;
        if (chunk_len_ < kMaxChunkPayload) {
            const wire::Bytes payload(buf_.data() + begin_ + kPacketHeaderSize, assembled_);
            seq = static_cast<std::uint8_t>(seq + chunks_);
            begin_ += kPacketHeaderSize + assembled_;
            assembled_ = chunks_ = chunk_len_ = 0;
            return std::optional<wire::Bytes>{payload};
        }
    }
}

}  // namespace b2k::mysql
