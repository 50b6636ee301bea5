#include "wire/byte_writer.h"

#include <gtest/gtest.h>

#include <limits>

#include "support/vectors.h"

namespace b2k::wire {
namespace {

std::string hex(const ByteWriter& w) {
    return test::to_hex(w.data());
}

TEST(ByteWriter, FixedWidthIntegersAreLittleEndian) {
    ByteWriter w;
    w.u8(0x01);
    w.u16le(0x0302);
    w.u24le(0x060504);
    w.u32le(0x0a090807);
    w.u48le(0x100f0e0d0c0bULL);
    w.u64le(0x1817161514131211ULL);
    EXPECT_EQ(hex(w), "0102030405060708090a0b0c0d0e0f101112131415161718");
    ByteReader r(w.view());
    EXPECT_EQ(r.u8(), 0x01);
    EXPECT_EQ(r.u16le(), 0x0302);
    EXPECT_EQ(r.u24le(), 0x060504u);
    EXPECT_EQ(r.u32le(), 0x0a090807u);
    EXPECT_EQ(r.u48le(), 0x100f0e0d0c0bULL);
    EXPECT_EQ(r.u64le(), 0x1817161514131211ULL);
    EXPECT_TRUE(r.finish("ints").has_value());
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_integers.html
TEST(ByteWriter, LenencIntBoundaries) {
    struct Case {
        std::uint64_t v;
        const char* hex;
    };
    const Case cases[] = {
        {0, "00"},
        {250, "fa"},
        {251, "fcfb00"},
        {0xffff, "fcffff"},
        {0x10000, "fd000001"},
        {0xffffff, "fdffffff"},
        {0x1000000, "fe0000000100000000"},
        {std::numeric_limits<std::uint64_t>::max(), "feffffffffffffffff"},
    };
    for (const auto& c : cases) {
        ByteWriter w;
        w.lenenc_int(c.v);
        EXPECT_EQ(hex(w), c.hex) << c.v;
        EXPECT_EQ(w.size(), lenenc_int_size(c.v));
        ByteReader r(w.view());
        EXPECT_EQ(r.lenenc_int(), c.v);
        EXPECT_TRUE(r.finish("lenenc").has_value());
    }
}

TEST(ByteWriter, Strings) {
    ByteWriter w;
    w.lenenc_str("abc");
    w.null_terminated_str("root");
    w.null_terminated_str("");
    w.str("xy");
    w.zeros(2);
    EXPECT_EQ(hex(w),
              "03616263726f6f7400"
              "00"
              "7879"
              "0000");
    ByteReader r(w.view());
    EXPECT_EQ(r.lenenc_str(), "abc");
    EXPECT_EQ(r.null_terminated_str(), "root");
    EXPECT_EQ(r.null_terminated_str(), "");
    EXPECT_EQ(r.str(2), "xy");
}

TEST(ByteWriter, LongLenencString) {
    const std::string s(300, 'q');
    ByteWriter w;
    w.lenenc_str(s);
    EXPECT_EQ(w.size(), 3 + s.size());
    ByteReader r(w.view());
    EXPECT_EQ(r.lenenc_str(), s);
}

TEST(ByteWriter, TakeMovesTheBuffer) {
    ByteWriter w(16);
    w.u32le(7);
    auto v = std::move(w).take();
    EXPECT_EQ(v.size(), 4u);
}

TEST(ByteWriterDeathTest, ValueTooWideForItsFieldIsABug) {
    ByteWriter w;
    EXPECT_DEATH(w.u24le(0x1000000), "internal check failed");
    EXPECT_DEATH(w.null_terminated_str(std::string("a\0b", 3)), "internal check failed");
}

}  // namespace
}  // namespace b2k::wire
