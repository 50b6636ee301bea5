// libFuzzer target for the event decoders, rows and value encoders.
//
// Input: one mode byte, then events back to back (a binlog file without its magic). Each
// event's size field is clamped to what is left and, when mode bit 0 is set, its CRC32 is
// recomputed (the FDE's with LOG_EVENT_BINLOG_IN_USE_F cleared), so mutations get past the
// checksum into the decoders instead of dying at it.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "binlog/binlog_decoder.h"
#include "format/debezium_encoder.h"
#include "wire/crc32.h"

namespace {

class EncodeEverything final : public b2k::binlog::ChangeHandler {
  public:
    b2k::Result<void> on_row(const b2k::binlog::RowChange& change) override {
        out_.clear();
        auto r = encoder_.encode_row(change, 0, out_);
        if (r) (void)encoder_.encode_key(change, out_);
        return b2k::success();  // value errors are fine; crashes are not
    }

  private:
    b2k::format::DebeziumEncoder encoder_{b2k::format::EnvelopeOptions{"fuzz"}};
    std::string out_;
};

void put_u32(std::byte* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<std::byte>(v >> (8 * i));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const bool fix_crc = (data[0] & 1) != 0;
    std::vector<std::byte> buf(reinterpret_cast<const std::byte*>(data + 1),
                               reinterpret_cast<const std::byte*>(data + size));
    EncodeEverything handler;
    b2k::binlog::BinlogDecoder decoder(handler, b2k::binlog::DecoderOptions{});
    std::size_t pos = 0;
    while (buf.size() - pos >= 19) {
        std::byte* ev = buf.data() + pos;
        std::uint32_t len = 0;
        std::memcpy(&len, ev + 9, 4);
        if (len < 19 || len > buf.size() - pos) len = static_cast<std::uint32_t>(buf.size() - pos);
        put_u32(ev + 9, len);
        if (fix_crc && len >= 23) {
            const bool fde = static_cast<std::uint8_t>(ev[4]) == 15;
            std::byte saved = ev[17];
            if (fde) ev[17] &= ~std::byte{1};
            const std::uint32_t crc = b2k::wire::crc32(std::span<const std::byte>(ev, len - 4));
            ev[17] = saved;
            put_u32(ev + len - 4, crc);
        }
        (void)decoder.feed(std::span<const std::byte>(ev, len), pos + 4);
        pos += len;
    }
    return 0;
}
