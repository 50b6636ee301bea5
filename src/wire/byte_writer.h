#pragma once
// ByteWriter: builds wire bytes, the mirror image of ByteReader (same names for the same spec
// types: u8, u16le, u24le, u32le, u64le, lenenc_int, lenenc_bytes, null_terminated_str).
//
// Writes never fail: the buffer grows. A value that does not fit its wire type (a u24le above
// 0xffffff) is a bug in the caller and is checked with B2K_CHECK, never silently truncated;
// callers that take such values from users check them first and return a Result.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "wire/byte_reader.h"

namespace b2k::wire {

class ByteWriter {
  public:
    ByteWriter() = default;
    // Appends to `reserve` bytes of capacity reserved up front.
    explicit ByteWriter(std::size_t reserve) { buf_.reserve(reserve); }

    // Fixed-width little-endian integers (the spec's int<N>).
    void u8(std::uint8_t v) { buf_.push_back(static_cast<std::byte>(v)); }
    void u16le(std::uint16_t v) { uint_le(v, 2); }
    void u24le(std::uint32_t v);
    void u32le(std::uint32_t v) { uint_le(v, 4); }
    void u48le(std::uint64_t v);
    void u64le(std::uint64_t v) { uint_le(v, 8); }
    // The low n bytes of v (n <= 8), little-endian; v must fit in them.
    void uint_le(std::uint64_t v, std::size_t n);

    // int<lenenc>: 1, 3, 4 or 9 bytes.
    void lenenc_int(std::uint64_t v);
    // string<lenenc>: the length as int<lenenc>, then the bytes.
    void lenenc_bytes(Bytes b);
    void lenenc_str(std::string_view s) { lenenc_bytes(as_bytes(s)); }
    // string<NUL>: the bytes, then a NUL. `s` must not contain a NUL.
    void null_terminated_str(std::string_view s);
    // string<fix>/string<EOF>: the bytes as they are.
    void bytes(Bytes b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
    void str(std::string_view s) { bytes(as_bytes(s)); }
    // n zero bytes (fillers, reserved fields).
    void zeros(std::size_t n) { buf_.insert(buf_.end(), n, std::byte{0}); }

    std::size_t size() const noexcept { return buf_.size(); }
    Bytes view() const noexcept { return {buf_.data(), buf_.size()}; }
    const std::vector<std::byte>& data() const& noexcept { return buf_; }
    std::vector<std::byte> take() && noexcept { return std::move(buf_); }
    void clear() noexcept { buf_.clear(); }

  private:
    std::vector<std::byte> buf_;
};

// Number of bytes lenenc_int(v) writes.
constexpr std::size_t lenenc_int_size(std::uint64_t v) noexcept {
    if (v < 0xfb) return 1;
    if (v <= 0xffff) return 3;
    if (v <= 0xffffff) return 4;
    return 9;
}

}  // namespace b2k::wire
