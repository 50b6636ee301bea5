#include "kafka/ack_tracker.h"

#include <gtest/gtest.h>

namespace b2k::kafka {
namespace {

TEST(AckTracker, EmptyIsZero) {
    AckTracker t;
    EXPECT_EQ(t.acked_through(), 0u);
    EXPECT_TRUE(t.all_acked());
    EXPECT_FALSE(t.has_failure());
}

TEST(AckTracker, OutOfOrderAcksAdvanceOnlyOverContiguousPrefix) {
    AckTracker t;
    for (std::uint64_t s = 1; s <= 5; ++s)
        ASSERT_TRUE(t.sent(s));
    t.acked(3);
    t.acked(2);
    EXPECT_EQ(t.acked_through(), 0u);  // 1 still out
    t.acked(5);
    EXPECT_EQ(t.acked_through(), 0u);
    t.acked(1);
    EXPECT_EQ(t.acked_through(), 3u);
    EXPECT_EQ(t.in_flight(), 2u);
    t.acked(4);
    EXPECT_EQ(t.acked_through(), 5u);
    EXPECT_TRUE(t.all_acked());
}

TEST(AckTracker, GapsInSequencesCountAsNothingToWaitFor) {
    AckTracker t;
    ASSERT_TRUE(t.sent(10));
    ASSERT_TRUE(t.sent(20));
    t.acked(10);
    EXPECT_EQ(t.acked_through(), 19u);
    t.acked(20);
    EXPECT_EQ(t.acked_through(), 20u);
}

TEST(AckTracker, RepeatedAndUnknownAcksAreIgnored) {
    AckTracker t;
    ASSERT_TRUE(t.sent(1));
    ASSERT_TRUE(t.sent(2));
    t.acked(7);
    t.acked(2);
    t.acked(2);
    EXPECT_EQ(t.acked_through(), 0u);
    t.acked(1);
    t.acked(1);
    EXPECT_EQ(t.acked_through(), 2u);
}

TEST(AckTracker, SequencesMustIncrease) {
    AckTracker t;
    EXPECT_FALSE(t.sent(0));
    ASSERT_TRUE(t.sent(5));
    auto r = t.sent(5);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::internal));
    EXPECT_FALSE(t.sent(4));
}

TEST(AckTracker, FailureBlocksTheWatermarkForever) {
    AckTracker t;
    for (std::uint64_t s = 1; s <= 3; ++s)
        ASSERT_TRUE(t.sent(s));
    t.acked(1);
    t.failed(2, Error(Errc::io, "first"));
    t.failed(3, Error(Errc::io, "second"));
    t.acked(3);
    EXPECT_EQ(t.acked_through(), 1u);
    ASSERT_TRUE(t.has_failure());
    EXPECT_EQ(t.failure()->message, "first");
}

TEST(AckTracker, ManyInterleavedAcks) {
    AckTracker t;
    constexpr std::uint64_t n = 10000;
    for (std::uint64_t s = 1; s <= n; ++s)
        ASSERT_TRUE(t.sent(s));
    // Two "partitions": evens acked first, in order; then odds.
    for (std::uint64_t s = 2; s <= n; s += 2)
        t.acked(s);
    EXPECT_EQ(t.acked_through(), 0u);
    for (std::uint64_t s = 1; s <= n; s += 2) {
        t.acked(s);
        EXPECT_EQ(t.acked_through(), std::min(s + 1, n));
    }
    EXPECT_TRUE(t.all_acked());
}

}  // namespace
}  // namespace b2k::kafka
