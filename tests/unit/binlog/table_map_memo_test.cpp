// EventParser keeps recent TABLE_MAPs with their bytes so that a repeat is not parsed again:
// what it returns must always be what a fresh parse of those bytes gives — for repeats, for a
// table id mapped again with other bytes, and after a new FORMAT_DESCRIPTION.

#include <gtest/gtest.h>

#include <sstream>

#include "binlog/event_parser.h"
#include "binlog/event_source.h"
#include "binlog/table_map_event.h"
#include "support/vectors.h"
#include "wire/crc32.h"

namespace b2k::test {
namespace {

using binlog::EventType;

// Everything parse_table_map derives, as text (ColumnDef has no ==).
std::string describe(const binlog::TableMapEvent& tm) {
    std::ostringstream s;
    s << tm.table_id << ' ' << tm.flags << ' ' << tm.db << '.' << tm.table << ' '
      << tm.optional_kinds << " pk";
    for (auto k : tm.primary_key)
        s << ' ' << k;
    for (const auto& c : tm.columns) {
        s << " | " << c.name << ' ' << static_cast<int>(c.type) << ' '
          << static_cast<int>(c.wire_type) << ' ' << c.length << ' ' << int{c.precision} << ' '
          << int{c.scale} << ' ' << int{c.fsp} << ' ' << c.bits << ' ' << c.nullable << ' '
          << c.is_unsigned.value_or(false) << c.is_unsigned.has_value() << ' '
          << c.collation.value_or(0) << c.collation.has_value();
        for (const auto& l : c.labels)
            s << ' ' << l;
    }
    return s.str();
}

struct Event {
    std::vector<std::byte> raw;
    std::uint64_t offset = 0;
};

std::vector<Event> read_events(const std::string& name) {
    std::vector<Event> out;
    auto src = binlog::FileEventSource::open(test_data_path("mariadb/" + name).string());
    EXPECT_TRUE(src.has_value()) << "cannot open fixture " << name;
    if (!src) return out;
    for (;;) {
        auto next = src.value()->next();
        EXPECT_TRUE(next.has_value());
        if (!next || !next.value()) break;
        const auto& e = *next.value();
        out.push_back({std::vector<std::byte>(e.bytes.begin(), e.bytes.end()), e.offset});
    }
    return out;
}

// A fresh parse of a TABLE_MAP's bytes, under the format `p` is in.
binlog::TableMapEvent fresh_map(const binlog::EventParser& p, const std::vector<std::byte>& raw) {
    const auto& fmt = p.format();
    const std::size_t crc = fmt.has_checksum() ? 4 : 0;
    const wire::Bytes body(raw.data() + fmt.header_length, raw.size() - fmt.header_length - crc);
    auto tm = binlog::parse_table_map(body, fmt.post_header_length(EventType::TABLE_MAP_EVENT, 8),
                                      fmt.flavor);
    EXPECT_TRUE(tm.has_value()) << tm.error().message;
    return tm ? std::move(tm).value() : binlog::TableMapEvent{};
}

std::string fresh(const binlog::EventParser& p, const std::vector<std::byte>& raw) {
    return describe(fresh_map(p, raw));
}

std::string parsed(binlog::EventParser& p, const Event& e) {
    auto ev = p.parse(wire::Bytes(e.raw.data(), e.raw.size()), e.offset);
    EXPECT_TRUE(ev.has_value()) << ev.error().message;
    if (!ev) return "";
    const auto* tm = std::get_if<binlog::TableMapEvent>(&ev.value().body);
    EXPECT_NE(tm, nullptr);
    return tm != nullptr ? describe(*tm) : "";
}

bool is_table_map(const binlog::EventParser& p, const Event& e) {
    return p.format().map_type(static_cast<std::uint8_t>(e.raw.at(4))) ==
           static_cast<std::uint8_t>(EventType::TABLE_MAP_EVENT);
}

TEST(TableMapMemo, EveryTableMapOfAFixtureReadsAsAFreshParse) {
    // A whole fixture twice through one parser: each pass repeats TABLE_MAPs (one per
    // statement), and the second starts with a FORMAT_DESCRIPTION, which empties the memo.
    const auto events = read_events("full-full.000001");
    ASSERT_GT(events.size(), 10u);
    binlog::EventParser p;
    std::size_t maps = 0;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& e : events) {
            if (!is_table_map(p, e)) {
                auto ev = p.parse(wire::Bytes(e.raw.data(), e.raw.size()), e.offset);
                ASSERT_TRUE(ev.has_value()) << ev.error().message;
                continue;
            }
            ++maps;
            SCOPED_TRACE("offset " + std::to_string(e.offset));
            EXPECT_EQ(parsed(p, e), fresh(p, e.raw));
        }
    }
    EXPECT_GT(maps, 20u);
}

TEST(TableMapMemo, ATableIdMappedAgainWithOtherBytesIsParsedAgain) {
    const auto events = read_events("full-full.000001");
    binlog::EventParser p;
    std::vector<Event> maps;
    for (const auto& e : events) {
        if (is_table_map(p, e)) {
            maps.push_back(e);
        } else {
            ASSERT_TRUE(p.parse(wire::Bytes(e.raw.data(), e.raw.size()), e.offset).has_value());
        }
    }
    ASSERT_GE(maps.size(), 2u);
    ASSERT_TRUE(p.format().has_checksum()) << "the fixture was written with binlog_checksum";
    const std::size_t h = p.format().header_length;
    const auto fix_crc = [](Event& e) {
        const std::uint32_t crc = wire::crc32(wire::Bytes(e.raw.data(), e.raw.size() - 4));
        for (int i = 0; i < 4; ++i)
            e.raw[e.raw.size() - 4 + i] = static_cast<std::byte>((crc >> (8 * i)) & 0xff);
    };
    const Event a = maps.front();
    // The same table id, the same size, one byte different: the table name's first letter
    // (after the 6-byte id, 2 flag bytes, the database's length byte, name and NUL, and the
    // table's length byte).
    Event same_size = a;
    const std::size_t db_len = std::to_integer<std::size_t>(a.raw.at(h + 8));
    const std::size_t name_at = h + 8 + 1 + db_len + 1 + 1;
    same_size.raw.at(name_at) = static_cast<std::byte>(
        std::to_integer<unsigned>(same_size.raw.at(name_at)) == 'z' ? 'y' : 'z');
    fix_crc(same_size);
    // Another table under the same id: the second's id bytes rewritten.
    Event other;
    for (const auto& m : maps) {
        if (fresh_map(p, m.raw).table != fresh_map(p, a.raw).table) {
            other = m;
            break;
        }
    }
    ASSERT_FALSE(other.raw.empty()) << "the fixture maps only one table";
    std::copy(a.raw.begin() + h, a.raw.begin() + h + 6, other.raw.begin() + h);
    fix_crc(other);

    const std::string da = fresh(p, a.raw);
    const std::string ds = fresh(p, same_size.raw);
    const std::string dother = fresh(p, other.raw);
    ASSERT_NE(da, ds);
    ASSERT_NE(da, dother);
    const Event* order[] = {&a, &same_size, &same_size, &a, &other, &a, &other};
    for (const Event* e : order) {
        const std::string expected = e == &a ? da : e == &other ? dother : ds;
        EXPECT_EQ(parsed(p, *e), expected);
    }
}

}  // namespace
}  // namespace b2k::test
