#include "wire/byte_writer.h"

#include "common/check.h"

namespace b2k::wire {

void ByteWriter::uint_le(std::uint64_t v, std::size_t n) {
    B2K_CHECK(n <= 8);
    B2K_CHECK(n == 8 || (v >> (8 * n)) == 0);
    for (std::size_t i = 0; i < n; ++i) {
        buf_.push_back(static_cast<std::byte>(v >> (8 * i)));
    }
}

void ByteWriter::u24le(std::uint32_t v) {
    uint_le(v, 3);
}

void ByteWriter::u48le(std::uint64_t v) {
    uint_le(v, 6);
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_integers.html
// 0xfb (NULL) and 0xff (ERR) never start an int<lenenc>; values from 251 up take a prefix.
void ByteWriter::lenenc_int(std::uint64_t v) {
    if (v < 0xfb) {
        u8(static_cast<std::uint8_t>(v));
    } else if (v <= 0xffff) {
        u8(0xfc);
        u16le(static_cast<std::uint16_t>(v));
    } else if (v <= 0xffffff) {
        u8(0xfd);
        u24le(static_cast<std::uint32_t>(v));
    } else {
        u8(0xfe);
        u64le(v);
    }
}

void ByteWriter::lenenc_bytes(Bytes b) {
    lenenc_int(b.size());
    bytes(b);
}

void ByteWriter::null_terminated_str(std::string_view s) {
    B2K_CHECK(s.find('\0') == std::string_view::npos);
    str(s);
    u8(0);
}

}  // namespace b2k::wire
