#include "wire/byte_reader.h"

#include <cstring>

namespace b2k::wire {

std::uint64_t ByteReader::uint_be(std::size_t n) {
    if (n > 8 || !need(n)) {
        failed_ = true;
        return 0;
    }
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        v = (v << 8) | static_cast<std::uint64_t>(data_[pos_ + i]);
    }
    pos_ += n;
    return v;
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_integers.html
std::uint64_t ByteReader::lenenc_int() {
    const std::uint8_t first = u8();
    if (failed_) return 0;
    if (first < 0xfb) return first;
    switch (first) {
        case 0xfc:
            return uint_le(2);
        case 0xfd:
            return uint_le(3);
        case 0xfe:
            return uint_le(8);
        default:
            failed_ = true;
            return 0;
    }
}

Bytes ByteReader::lenenc_bytes() {
    const std::uint64_t n = lenenc_int();
    if (failed_ || n > remaining()) {
        failed_ = true;
        return {};
    }
    return bytes(static_cast<std::size_t>(n));
}

std::string_view ByteReader::null_terminated_str() {
    if (failed_) return {};
    const auto* begin = data_.data() + pos_;
    const void* nul = std::memchr(begin, 0, data_.size() - pos_);
    if (nul == nullptr) {
        failed_ = true;
        return {};
    }
    const auto n = static_cast<std::size_t>(static_cast<const std::byte*>(nul) - begin);
    std::string_view out(reinterpret_cast<const char*>(begin), n);
    pos_ += n + 1;
    return out;
}

Bytes ByteReader::rest() {
    if (failed_) return {};
    Bytes out = data_.subspan(pos_);
    pos_ = data_.size();
    return out;
}

void ByteReader::shrink_tail(std::size_t n) {
    if (failed_ || n > data_.size() - pos_) {
        failed_ = true;
        return;
    }
    data_ = data_.first(data_.size() - n);
}

Result<void> ByteReader::truncated_error(std::string_view what) const {
    return failure(Errc::truncated, std::string(what) + " is truncated or malformed (" +
                                        std::to_string(data_.size()) + " bytes)");
}

Result<void> ByteReader::finish(std::string_view what) const {
    B2K_TRY(status(what));
    if (pos_ != data_.size()) {
        return failure(Errc::trailing_bytes, std::string(what) + " has " +
                                                 std::to_string(data_.size() - pos_) +
                                                 " unexpected trailing bytes");
    }
    return success();
}

}  // namespace b2k::wire
