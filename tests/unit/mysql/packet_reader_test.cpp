// Packet framing: PacketWriter splits, PacketReader joins and checks sequence ids.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html

#include "mysql/packet_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "mysql/packet_writer.h"
#include "support/vectors.h"

namespace b2k::mysql {
namespace {

std::vector<std::byte> pattern(std::size_t n, unsigned seed = 1) {
    std::vector<std::byte> v(n);
    std::uint32_t x = seed;
    for (auto& b : v) {
        x = x * 1103515245u + 12345u;
        b = static_cast<std::byte>(x >> 16);
    }
    return v;
}

std::vector<std::byte> frame(const std::vector<std::byte>& payload, std::uint8_t seq) {
    PacketWriter w;
    w.append(payload, seq);
    const auto p = w.pending();
    return {p.begin(), p.end()};
}

void feed(PacketReader& r, wire::Bytes data) {
    auto buf = r.prepare(data.size());
    ASSERT_GE(buf.size(), data.size());
    std::memcpy(buf.data(), data.data(), data.size());
    r.commit(data.size());
}

bool same(wire::Bytes a, const std::vector<std::byte>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

TEST(PacketWriter, SmallPayload) {
    std::uint8_t seq = 7;
    const auto framed = frame(test::from_hex("0301"), seq);
    EXPECT_EQ(test::to_hex(framed),
              "0200000703"
              "01");
}

TEST(PacketWriter, EmptyPayload) {
    EXPECT_EQ(test::to_hex(frame({}, 0)), "00000000");
}

// Chunk headers sit every 0xffffff bytes; an exact multiple ends with an empty chunk.
TEST(PacketWriter, SplitsAt0xffffff) {
    struct Case {
        std::size_t size;
        std::size_t chunks;
    };
    for (const Case c : {Case{0xfffffe, 1}, Case{0xffffff, 2}, Case{0x1000000, 2},
                         Case{2 * 0xffffff, 3}, Case{2 * 0xffffff + 1, 3}}) {
        const auto payload = pattern(c.size);
        std::uint8_t seq = 254;
        PacketWriter w;
        w.append(payload, seq);
        EXPECT_EQ(seq, static_cast<std::uint8_t>(254 + c.chunks)) << c.size;
        const auto out = w.pending();
        ASSERT_EQ(out.size(), c.size + 4 * c.chunks) << c.size;
        std::size_t off = 0;
        for (std::size_t i = 0; i < c.chunks; ++i) {
            const std::size_t len = static_cast<std::size_t>(out[off]) |
                                    static_cast<std::size_t>(out[off + 1]) << 8 |
                                    static_cast<std::size_t>(out[off + 2]) << 16;
            EXPECT_EQ(static_cast<std::uint8_t>(out[off + 3]), static_cast<std::uint8_t>(254 + i));
            const std::size_t want = std::min<std::size_t>(c.size - i * 0xffffff, 0xffffff);
            EXPECT_EQ(len, want) << c.size << " chunk " << i;
            off += 4 + len;
        }
    }
}

TEST(PacketReader, ReadsBackToBackPackets) {
    PacketReader r(64);
    std::vector<std::byte> stream;
    std::uint8_t wseq = 0;
    PacketWriter w;
    const auto a = pattern(10, 1), b = pattern(0), c = pattern(300, 3);
    w.append(a, wseq);
    w.append(b, wseq);
    w.append(c, wseq);
    feed(r, w.pending());
    std::uint8_t seq = 0;
    auto pa = r.next(seq);
    auto pb = r.next(seq);
    auto pc = r.next(seq);
    ASSERT_TRUE(pa && pa.value() && pb && pb.value() && pc && pc.value());
    // All three stay valid until the next prepare().
    EXPECT_TRUE(same(*pa.value(), a));
    EXPECT_TRUE(same(*pb.value(), b));
    EXPECT_TRUE(same(*pc.value(), c));
    EXPECT_EQ(seq, 3);
    auto none = r.next(seq);
    ASSERT_TRUE(none.has_value());
    EXPECT_FALSE(none.value().has_value());
    EXPECT_EQ(r.buffered(), 0u);
}

TEST(PacketReader, ByteByByte) {
    const auto payload = pattern(1000);
    const auto framed = frame(payload, 3);
    PacketReader r(16);
    std::uint8_t seq = 3;
    for (std::size_t i = 0; i < framed.size(); ++i) {
        auto got = r.next(seq);
        ASSERT_TRUE(got.has_value());
        ASSERT_FALSE(got.value().has_value()) << "complete after " << i << " bytes";
        EXPECT_EQ(r.needed() > 0, true);
        feed(r, wire::Bytes(framed).subspan(i, 1));
    }
    auto got = r.next(seq);
    ASSERT_TRUE(got && got.value());
    EXPECT_TRUE(same(*got.value(), payload));
    EXPECT_EQ(seq, 4);
}

// Every truncation of a small stream: not complete and no error, and the rest completes it.
TEST(PacketReader, EveryTruncationOfASmallPacket) {
    const auto payload = pattern(40);
    const auto framed = frame(payload, 9);
    for (std::size_t cut = 0; cut < framed.size(); ++cut) {
        PacketReader r(64);
        std::uint8_t seq = 9;
        feed(r, wire::Bytes(framed).first(cut));
        auto got = r.next(seq);
        ASSERT_TRUE(got.has_value()) << cut;
        EXPECT_FALSE(got.value().has_value()) << cut;
        EXPECT_EQ(seq, 9) << cut;
        feed(r, wire::Bytes(framed).subspan(cut));
        got = r.next(seq);
        ASSERT_TRUE(got && got.value()) << cut;
        EXPECT_TRUE(same(*got.value(), payload)) << cut;
    }
}

TEST(PacketReader, SequenceIdsWrapAround) {
    std::vector<std::byte> stream;
    std::uint8_t wseq = 255;
    PacketWriter w;
    const auto a = pattern(5);
    w.append(a, wseq);
    w.append(a, wseq);
    PacketReader r;
    feed(r, w.pending());
    std::uint8_t seq = 255;
    ASSERT_TRUE(r.next(seq).value().has_value());
    EXPECT_EQ(seq, 0);
    ASSERT_TRUE(r.next(seq).value().has_value());
    EXPECT_EQ(seq, 1);
}

TEST(PacketReader, WrongSequenceIdIsAStickyError) {
    const auto framed = frame(pattern(5), 4);
    PacketReader r;
    feed(r, framed);
    std::uint8_t seq = 3;
    auto got = r.next(seq);
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is(Errc::protocol));
    EXPECT_NE(got.error().message.find("expected sequence id 3, got 4"), std::string::npos)
        << got.error().message;
    seq = 4;
    EXPECT_FALSE(r.next(seq).has_value()) << "the error must stay";
    r.reset();
    feed(r, framed);
    EXPECT_TRUE(r.next(seq).has_value());
}

TEST(PacketReader, PayloadAboveTheLimitIsRefusedBeforeBuffering) {
    PacketReader r(64, 1000);
    // A header announcing 0xfffffe bytes: refused from the header alone.
    feed(r, test::from_hex("feffff00"));
    std::uint8_t seq = 0;
    auto got = r.next(seq);
    ASSERT_FALSE(got.has_value());
    EXPECT_TRUE(got.error().is(Errc::protocol));
    EXPECT_LT(r.capacity(), 1u << 20);
}

class LargePayload : public ::testing::TestWithParam<std::size_t> {};

// Payloads around the 16 MiB split, written then read back whole and in uneven pieces.
TEST_P(LargePayload, RoundTrips) {
    const std::size_t size = GetParam();
    const auto payload = pattern(size, static_cast<unsigned>(size));
    std::uint8_t wseq = 250;
    PacketWriter w;
    w.append(payload, wseq);
    const auto small = pattern(3, 77);
    w.append(small, wseq);  // a packet right behind, to check the boundary
    const auto stream = w.pending();

    for (const std::size_t piece : {stream.size(), std::size_t{1'000'003}, std::size_t{65'537}}) {
        PacketReader r(4096);
        std::uint8_t seq = 250;
        std::size_t off = 0;
        std::optional<wire::Bytes> got;
        while (!got) {
            auto n = r.next(seq);
            ASSERT_TRUE(n.has_value()) << n.error().message;
            if (n.value()) {
                got = *n.value();
                break;
            }
            ASSERT_LT(off, stream.size()) << "stream ended before the packet";
            const std::size_t len = std::min(piece, stream.size() - off);
            feed(r, stream.subspan(off, len));
            off += len;
        }
        ASSERT_EQ(got->size(), size);
        EXPECT_TRUE(same(*got, payload)) << "piece " << piece;
        EXPECT_EQ(seq, static_cast<std::uint8_t>(wseq - 1));
        auto tail = r.next(seq);
        if (tail && !tail.value()) {
            feed(r, stream.subspan(off));
            tail = r.next(seq);
        }
        ASSERT_TRUE(tail && tail.value());
        EXPECT_TRUE(same(*tail.value(), small));
        EXPECT_EQ(seq, wseq);
    }
}

INSTANTIATE_TEST_SUITE_P(AroundTheSplit, LargePayload,
                         ::testing::Values(0xfffffe, 0xffffff, 0x1000000, 2 * 0xffffff,
                                           2 * 0xffffff + 17));

// Truncations of a two-chunk packet at every boundary that matters: inside each header, at the
// end of the first chunk, and one byte short of the end.
TEST(PacketReader, TruncationsOfASplitPacket) {
    const auto payload = pattern(0xffffff + 10);
    const auto framed = frame(payload, 0);
    ASSERT_EQ(framed.size(), 0xffffff + 10 + 8);
    const std::size_t second_header = 4 + 0xffffff;
    std::vector<std::size_t> cuts{0, 1, 2, 3, 4, 5, second_header - 1, second_header};
    for (std::size_t i = 1; i <= 4; ++i)
        cuts.push_back(second_header + i);
    cuts.push_back(framed.size() - 1);
    for (const std::size_t cut : cuts) {
        PacketReader r(4096);
        std::uint8_t seq = 0;
        feed(r, wire::Bytes(framed).first(cut));
        auto got = r.next(seq);
        ASSERT_TRUE(got.has_value()) << cut;
        ASSERT_FALSE(got.value().has_value()) << cut;
        EXPECT_GT(r.needed(), 0u) << cut;
        feed(r, wire::Bytes(framed).subspan(cut));
        got = r.next(seq);
        ASSERT_TRUE(got && got.value()) << cut;
        EXPECT_TRUE(same(*got.value(), payload)) << cut;
        EXPECT_EQ(seq, 2);
    }
}

TEST(PacketReader, WrongSequenceIdInTheSecondChunk) {
    auto framed = frame(pattern(0xffffff + 1), 0);
    framed[4 + 0xffffff + 3] = std::byte{5};
    PacketReader r;
    feed(r, framed);
    std::uint8_t seq = 0;
    auto got = r.next(seq);
    ASSERT_FALSE(got.has_value());
    EXPECT_NE(got.error().message.find("expected sequence id 1, got 5"), std::string::npos);
}

TEST(PacketReader, NoAllocationOnceTheBufferIsBigEnough) {
    PacketReader r(1 << 16);
    const auto before = r.capacity();
    std::uint8_t wseq = 0, seq = 0;
    for (int i = 0; i < 1000; ++i) {
        PacketWriter w;
        const auto p = pattern(static_cast<std::size_t>(100 + i % 50));
        w.append(p, wseq);
        feed(r, w.pending());
        auto got = r.next(seq);
        ASSERT_TRUE(got && got.value());
    }
    EXPECT_EQ(r.capacity(), before);
}

}  // namespace
}  // namespace b2k::mysql
