#pragma once
// ByteReader: a bounds-checked cursor over wire bytes.
//
// Every read is checked; a read past the end returns zero/empty and sets a sticky error, so a
// decoder can read a whole structure and check once. Nothing is ever allocated from a length
// read off the wire: a length is only turned into a span after the bytes are known to exist.
// The end can be shrunk (shrink_tail) to hide a trailing checksum from the decoders.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "common/result.h"

namespace b2k::wire {

using Bytes = std::span<const std::byte>;

inline std::string_view as_chars(Bytes b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline Bytes as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

class ByteReader {
  public:
    ByteReader() = default;
    explicit ByteReader(Bytes data) : data_(data) {}

    bool ok() const noexcept { return !failed_; }
    bool empty() const noexcept { return pos_ >= data_.size(); }
    std::size_t offset() const noexcept { return pos_; }
    std::size_t remaining() const noexcept { return failed_ ? 0 : data_.size() - pos_; }
    std::size_t size() const noexcept { return data_.size(); }

    // Fixed-width little-endian integers, named after the protocol spec's int<N>.
    std::uint8_t u8() { return static_cast<std::uint8_t>(uint_le(1)); }
    std::uint16_t u16le() { return static_cast<std::uint16_t>(uint_le(2)); }
    std::uint32_t u24le() { return static_cast<std::uint32_t>(uint_le(3)); }
    std::uint32_t u32le() { return static_cast<std::uint32_t>(uint_le(4)); }
    std::uint64_t u48le() { return uint_le(6); }
    std::uint64_t u64le() { return uint_le(8); }
    std::uint64_t uint_le(std::size_t n) {
        if (n == 0) return 0;
        if (n > 8 || !need(n)) [[unlikely]] {
            failed_ = true;
            return 0;
        }
        std::uint64_t v = 0;
        std::memcpy(&v, data_.data() + pos_, n);  // little-endian host (docs/decisions.md)
        pos_ += n;
        return v;
    }
    std::uint64_t uint_be(std::size_t n);

    // Length-encoded integer (protocol "int<lenenc>", binlog "packed integer").
    // 0xfb (NULL in result sets) and 0xff are invalid here and fail the reader.
    std::uint64_t lenenc_int();

    Bytes bytes(std::size_t n) {
        if (!need(n)) return {};
        Bytes out = data_.subspan(pos_, n);
        pos_ += n;
        return out;
    }
    std::string_view str(std::size_t n) { return as_chars(bytes(n)); }
    Bytes lenenc_bytes();
    std::string_view lenenc_str() { return as_chars(lenenc_bytes()); }
    // Bytes up to (not including) a NUL; consumes the NUL. Fails if there is none.
    std::string_view null_terminated_str();
    // Everything that is left.
    Bytes rest();
    // Everything that is left, without consuming it.
    Bytes peek_rest() const noexcept { return failed_ ? Bytes{} : data_.subspan(pos_); }
    void skip(std::size_t n) { (void)bytes(n); }

    // A reader over the next n bytes; this reader moves past them.
    ByteReader sub(std::size_t n) { return ByteReader(bytes(n)); }
    // Hides the last n bytes (e.g. a checksum) from further reads.
    void shrink_tail(std::size_t n);
    // Peek without consuming; 0 when empty.
    std::uint8_t peek_u8() const noexcept {
        return failed_ || pos_ >= data_.size() ? 0 : static_cast<std::uint8_t>(data_[pos_]);
    }

    // Marks the reader failed (e.g. a decoder found a value out of range).
    void fail() noexcept { failed_ = true; }

    // Ok if no read failed; else a truncation error naming `what`.
    [[nodiscard]] Result<void> status(std::string_view what) const {
        if (!failed_) [[likely]]
            return success();
        return truncated_error(what);
    }
    // Like status(), and also fails if bytes are left over.
    [[nodiscard]] Result<void> finish(std::string_view what) const;

  private:
    [[nodiscard]] Result<void> truncated_error(std::string_view what) const;
    bool need(std::size_t n) noexcept {
        if (failed_ || n > data_.size() - pos_) {
            failed_ = true;
            return false;
        }
        return true;
    }

    Bytes data_{};
    std::size_t pos_ = 0;
    bool failed_ = false;
};

}  // namespace b2k::wire
