#include "binlog/rows_event.h"

#include <zlib.h>

#include <cstring>

namespace b2k::binlog {
namespace {

struct RowsTypeInfo {
    RowsKind kind;
    std::uint8_t version;
    bool compressed;
};

bool rows_type_info(EventType t, RowsTypeInfo& info) noexcept {
    using ET = EventType;
    switch (t) {
        case ET::PRE_GA_WRITE_ROWS_EVENT:
            info = {RowsKind::write, 0, false};
            return true;
        case ET::PRE_GA_UPDATE_ROWS_EVENT:
            info = {RowsKind::update, 0, false};
            return true;
        case ET::PRE_GA_DELETE_ROWS_EVENT:
            info = {RowsKind::del, 0, false};
            return true;
        case ET::WRITE_ROWS_EVENT_V1:
            info = {RowsKind::write, 1, false};
            return true;
        case ET::UPDATE_ROWS_EVENT_V1:
            info = {RowsKind::update, 1, false};
            return true;
        case ET::DELETE_ROWS_EVENT_V1:
            info = {RowsKind::del, 1, false};
            return true;
        case ET::WRITE_ROWS_EVENT:
            info = {RowsKind::write, 2, false};
            return true;
        case ET::UPDATE_ROWS_EVENT:
            info = {RowsKind::update, 2, false};
            return true;
        case ET::DELETE_ROWS_EVENT:
            info = {RowsKind::del, 2, false};
            return true;
        case ET::PARTIAL_UPDATE_ROWS_EVENT:
            info = {RowsKind::partial_update, 2, false};
            return true;
        case ET::WRITE_ROWS_COMPRESSED_EVENT_V1:
            info = {RowsKind::write, 1, true};
            return true;
        case ET::UPDATE_ROWS_COMPRESSED_EVENT_V1:
            info = {RowsKind::update, 1, true};
            return true;
        case ET::DELETE_ROWS_COMPRESSED_EVENT_V1:
            info = {RowsKind::del, 1, true};
            return true;
        case ET::WRITE_ROWS_COMPRESSED_EVENT:
            info = {RowsKind::write, 2, true};
            return true;
        case ET::UPDATE_ROWS_COMPRESSED_EVENT:
            info = {RowsKind::update, 2, true};
            return true;
        case ET::DELETE_ROWS_COMPRESSED_EVENT:
            info = {RowsKind::del, 2, true};
            return true;
        default:
            return false;
    }
}

std::vector<std::uint8_t> copy_bitmap(wire::Bytes b) {
    std::vector<std::uint8_t> v(b.size());
    if (!b.empty()) std::memcpy(v.data(), b.data(), b.size());
    return v;
}

}  // namespace

bool is_rows_event(EventType t) noexcept {
    RowsTypeInfo info{};
    return rows_type_info(t, info);
}

Result<void> mariadb_uncompress(wire::Bytes in, std::vector<std::byte>& out) {
    wire::ByteReader r(in);
    const std::uint8_t head = r.u8();
    if (!r.ok() || (head & 0x80) == 0) {
        return failure(Errc::corrupt, "compressed event has no compression header");
    }
    const unsigned alg = (head >> 4) & 0x07;
    const unsigned lenlen = head & 0x07;
    if (alg != 0) {
        return failure(Errc::unsupported, "compressed event uses algorithm " + std::to_string(alg) +
                                              " (only zlib, 0, exists)");
    }
    if (lenlen < 1 || lenlen > 4) {
        return failure(Errc::corrupt, "compressed event has a length field of " +
                                          std::to_string(lenlen) + " bytes");
    }
    const auto len = static_cast<std::size_t>(r.uint_be(lenlen));
    auto data = r.rest();
    B2K_TRY(r.status("compressed event header"));
    // A zlib stream expands at most ~1032:1; refuse sizes no input could produce before
    // allocating.
    if (len > data.size() * 1032 + 64) {
        return failure(Errc::corrupt, "compressed event claims " + std::to_string(len) +
                                          " bytes from " + std::to_string(data.size()));
    }
    const std::size_t start = out.size();
    out.resize(start + len);
    uLongf dest_len = static_cast<uLongf>(len);
    const int rc =
        ::uncompress(reinterpret_cast<Bytef*>(out.data() + start), &dest_len,
                     reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()));
    if (rc != Z_OK || dest_len != len) {
        out.resize(start);
        return failure(Errc::corrupt,
                       "compressed event does not inflate (zlib error " + std::to_string(rc) + ")");
    }
    return success();
}

Result<RowsEvent> parse_rows_event(EventType type, wire::Bytes body, std::uint8_t post_header_len) {
    RowsTypeInfo info{};
    if (!rows_type_info(type, info)) {
        return failure(Errc::internal, "not a rows event");
    }
    wire::ByteReader r(body);
    RowsEvent ev;
    ev.kind = info.kind;
    ev.version = info.version;
    ev.compressed = info.compressed;
    if (post_header_len == 0) post_header_len = ev.version == 2 ? 10 : 8;
    ev.table_id = post_header_len == 6 ? r.u32le() : r.u48le();
    ev.flags = r.u16le();
    if (ev.version == 2) {
        const std::uint16_t extra_len = r.u16le();  // includes its own two bytes
        if (r.ok() && extra_len < 2) {
            return failure(Errc::corrupt, "rows event extra-data length " +
                                              std::to_string(extra_len) + " is below 2");
        }
        auto extra = r.bytes(extra_len >= 2 ? extra_len - 2u : 0u);
        ev.extra_data.assign(extra.begin(), extra.end());
        const std::size_t fixed = ev.version == 2 ? 10 : 8;
        if (post_header_len > fixed) r.skip(post_header_len - fixed);
    } else {
        const std::size_t fixed = post_header_len == 6 ? 6 : 8;
        if (post_header_len > fixed) r.skip(post_header_len - fixed);
    }
    B2K_TRY(r.status("rows event header"));
    const std::uint64_t width = r.lenenc_int();
    if (!r.ok() || width > 4096 || (width + 7) / 8 > r.remaining()) {
        return failure(Errc::corrupt, "rows event declares " + std::to_string(width) +
                                          " columns, more than its bytes or MySQL's 4096 allow");
    }
    ev.column_count = static_cast<std::uint32_t>(width);
    const std::size_t bitmap_len = (width + 7) / 8;
    ev.present_before = copy_bitmap(r.bytes(bitmap_len));
    if (ev.is_update()) {
        // Pre-GA update events have one bitmap for both images.
        ev.present_after = ev.version == 0 ? ev.present_before : copy_bitmap(r.bytes(bitmap_len));
    }
    B2K_TRY(r.status("rows event column bitmaps"));
    // MariaDB compresses only the row images; the bitmaps stay plain.
    if (ev.compressed) {
        B2K_TRY(mariadb_uncompress(r.rest(), ev.rows));
    } else {
        auto rows = r.rest();
        ev.rows.assign(rows.begin(), rows.end());
    }
    return ev;
}

}  // namespace b2k::binlog
