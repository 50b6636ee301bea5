// Truncation inside the decoders, not only at the framing check: for every event of every
// fixture binlog, shorter bodies (with the event size and CRC32 fixed up to match, so the
// shortened event reaches the body decoders) must give an error or a well-formed result —
// never a crash, a hang or a read past the end (CI runs this under ASan+UBSan).
//
// Every length is tried for events up to 600 bytes; longer events get every length in their
// first and last 300 bytes and 200 evenly spaced ones between (the decoders read front to back,
// so the boundaries that matter are covered; the full sweep of a 8 KiB row event would take
// minutes under ASan).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "binlog/event_parser.h"
#include "binlog/event_source.h"
#include "binlog/row_reader.h"
#include "format/debezium_encoder.h"
#include "support/vectors.h"
#include "wire/crc32.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::size_t> lengths_to_try(std::size_t header, std::size_t body_len) {
    std::vector<std::size_t> out;
    if (body_len <= 600) {
        for (std::size_t l = 0; l < body_len; ++l)
            out.push_back(l);
        return out;
    }
    for (std::size_t l = 0; l < 300; ++l)
        out.push_back(l);
    for (std::size_t i = 1; i < 200; ++i)
        out.push_back(300 + (body_len - 600) * i / 200);
    for (std::size_t l = body_len - 300; l < body_len; ++l)
        out.push_back(l);
    (void)header;
    return out;
}

std::vector<std::byte> shortened(wire::Bytes raw, std::size_t header, std::size_t body_len,
                                 bool crc) {
    std::vector<std::byte> ev(raw.begin(),
                              raw.begin() + static_cast<std::ptrdiff_t>(header + body_len));
    if (crc) ev.resize(ev.size() + 4);
    const auto size = static_cast<std::uint32_t>(ev.size());
    for (int i = 0; i < 4; ++i)
        ev[9 + i] = static_cast<std::byte>(size >> (8 * i));
    if (crc) {
        const std::uint32_t c = wire::crc32(wire::Bytes(ev).first(ev.size() - 4));
        for (int i = 0; i < 4; ++i)
            ev[ev.size() - 4 + i] = static_cast<std::byte>(c >> (8 * i));
    }
    return ev;
}

struct Stats {
    std::uint64_t variants = 0;
    std::uint64_t errors = 0;
    std::uint64_t decoded = 0;
    std::uint64_t fixed_size_accepted = 0;  // must stay 0: XID/INTVAR/RAND have one length
};

bool fixed_size(std::uint8_t type) {
    using ET = binlog::EventType;
    const auto t = static_cast<ET>(type);
    return t == ET::XID_EVENT || t == ET::INTVAR_EVENT || t == ET::RAND_EVENT;
}

void exercise(const binlog::Event& ev,
              const std::unordered_map<std::uint64_t, binlog::TableMapEvent>& tables,
              binlog::Flavor flavor, format::DebeziumEncoder& enc) {
    const auto* rows = std::get_if<binlog::RowsEvent>(&ev.body);
    if (rows == nullptr) return;
    auto it = tables.find(rows->table_id);
    if (it == tables.end()) return;
    binlog::RowReader reader(*rows, it->second);
    binlog::RowImage before, after;
    binlog::ChangeSource src;
    src.flavor = flavor;
    std::string out;
    while (!reader.done()) {  // RowReader fails rather than read a zero-byte row
        if (!reader.next(before, after)) return;
        binlog::RowChange ch{src,
                             it->second,
                             rows->kind,
                             rows->kind == binlog::RowsKind::write ? nullptr : &before,
                             rows->kind == binlog::RowsKind::del ? nullptr : &after,
                             0};
        out.clear();
        (void)enc.encode_row(ch, 0, out);
    }
}

Stats sweep_file(const fs::path& path) {
    Stats st;
    auto src = binlog::FileEventSource::open(path.string());
    if (!src) return st;
    binlog::EventParser parser;
    std::unordered_map<std::uint64_t, binlog::TableMapEvent> tables;
    format::DebeziumEncoder enc(format::EnvelopeOptions{"t"});
    for (;;) {
        auto raw = src.value()->next();
        if (!raw || !raw.value()) break;
        const wire::Bytes bytes = raw.value()->bytes;
        const bool crc = parser.has_format() && parser.format().has_checksum();
        const std::size_t header = parser.format().header_length;
        const bool is_fde = bytes.size() > 4 && static_cast<std::uint8_t>(bytes[4]) == 15;
        if (!is_fde && bytes.size() >= header + (crc ? 4 : 0)) {
            const std::size_t body_len = bytes.size() - header - (crc ? 4 : 0);
            for (std::size_t l : lengths_to_try(header, body_len)) {
                auto ev = shortened(bytes, header, l, crc);
                binlog::EventParser p2 = parser;
                auto r = p2.parse(ev, raw.value()->offset);
                ++st.variants;
                if (!r) {
                    ++st.errors;
                    continue;
                }
                ++st.decoded;
                if (fixed_size(r.value().header.type_code)) ++st.fixed_size_accepted;
                exercise(r.value(), tables, parser.format().flavor, enc);
            }
        }
        auto full = parser.parse(bytes, raw.value()->offset);
        if (!full) break;
        if (const auto* tm = std::get_if<binlog::TableMapEvent>(&full.value().body)) {
            tables[tm->table_id] = *tm;
            tables[tm->table_id].map_seq = st.variants + 1;
        }
    }
    return st;
}

std::vector<fs::path> fixture_files() {
    std::vector<fs::path> out;
    for (const auto& root : {shared_dir() / "vectors", fs::path(B2K_TEST_DATA_DIR)}) {
        if (!fs::exists(root)) continue;
        for (const auto& e : fs::recursive_directory_iterator(root)) {
            if (!e.is_regular_file() || e.file_size() < 4) continue;
            std::ifstream in(e.path(), std::ios::binary);
            char magic[4];
            in.read(magic, 4);
            if (in && std::memcmp(magic,
                                  "\xfe"
                                  "bin",
                                  4) == 0)
                out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(Truncation, EveryEventOfEveryFixture) {
    const auto files = fixture_files();
    ASSERT_GE(files.size(), 45u) << "expected the shared vectors' binlog files";
    Stats total;
    for (const auto& f : files) {
        SCOPED_TRACE(f.string());
        Stats st = sweep_file(f);
        total.variants += st.variants;
        total.errors += st.errors;
        total.decoded += st.decoded;
        total.fixed_size_accepted += st.fixed_size_accepted;
    }
    std::printf("truncation: %zu files, %llu shortened events, %llu rejected, %llu decoded\n",
                files.size(), static_cast<unsigned long long>(total.variants),
                static_cast<unsigned long long>(total.errors),
                static_cast<unsigned long long>(total.decoded));
    EXPECT_GT(total.variants, 10000u);
    EXPECT_GT(total.errors, 0u);
    EXPECT_EQ(total.fixed_size_accepted, 0u) << "a shortened XID/INTVAR/RAND event was accepted";
}

}  // namespace
}  // namespace b2k::test
