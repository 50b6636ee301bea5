// SpscRing: bounds by count and by bytes, wrap-around, move-only elements, blocking waits,
// close() for shutdown, and a two-thread stress run checking order and that nothing is lost or
// duplicated (also run under the tsan preset).

#include "pipeline/spsc_ring.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace b2k::pipeline {
namespace {

TEST(SpscRing, CapacityRoundsUpToAPowerOfTwo) {
    SpscRing<int> a(5, 1000);
    EXPECT_EQ(a.capacity(), 8u);
    SpscRing<int> b(8, 1000);
    EXPECT_EQ(b.capacity(), 8u);
    SpscRing<int> c(0, 1000);
    EXPECT_EQ(c.capacity(), 2u);
}

TEST(SpscRing, FullByCount) {
    SpscRing<int> r(4, 1 << 20);
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(r.try_push(int{i}, 1));
    EXPECT_FALSE(r.try_push(99, 1));
    EXPECT_EQ(r.size(), 4u);
    int v = -1;
    std::size_t bytes = 0;
    ASSERT_TRUE(r.try_pop(v, bytes));
    EXPECT_EQ(v, 0);
    EXPECT_EQ(bytes, 1u);
    EXPECT_TRUE(r.try_push(4, 1));
    EXPECT_FALSE(r.try_push(5, 1));
    for (int want = 1; want <= 4; ++want) {
        ASSERT_TRUE(r.try_pop(v));
        EXPECT_EQ(v, want);
    }
    EXPECT_FALSE(r.try_pop(v));
    EXPECT_EQ(r.size(), 0u);
}

TEST(SpscRing, FullByBytes) {
    SpscRing<int> r(64, 100);
    ASSERT_TRUE(r.try_push(1, 60));
    ASSERT_TRUE(r.try_push(2, 40));  // exactly the budget
    EXPECT_EQ(r.bytes(), 100u);
    EXPECT_FALSE(r.try_push(3, 1));
    int v = 0;
    std::size_t bytes = 0;
    ASSERT_TRUE(r.try_pop(v, bytes));
    EXPECT_EQ(bytes, 60u);
    EXPECT_EQ(r.bytes(), 40u);
    EXPECT_FALSE(r.try_push(3, 61));
    EXPECT_TRUE(r.try_push(3, 60));
    EXPECT_EQ(r.bytes(), 100u);
}

TEST(SpscRing, OversizedElementOnlyIntoAnEmptyRing) {
    SpscRing<int> r(8, 100);
    ASSERT_TRUE(r.try_push(1, 10));
    EXPECT_FALSE(r.try_push(2, 500));  // would never fit: waits for the ring to empty
    int v = 0;
    ASSERT_TRUE(r.try_pop(v));
    EXPECT_TRUE(r.try_push(2, 500));  // empty: a large row still flows through
    EXPECT_FALSE(r.try_push(3, 1));   // and nothing joins it until it is gone
    std::size_t bytes = 0;
    ASSERT_TRUE(r.try_pop(v, bytes));
    EXPECT_EQ(v, 2);
    EXPECT_EQ(bytes, 500u);
    EXPECT_EQ(r.bytes(), 0u);
}

TEST(SpscRing, WrapsAroundManyTimes) {
    SpscRing<std::uint64_t> r(4, 1 << 20);
    std::uint64_t next_in = 0;
    std::uint64_t next_out = 0;
    for (int round = 0; round < 1000; ++round) {
        const int n = 1 + round % 4;
        for (int i = 0; i < n; ++i)
            ASSERT_TRUE(r.try_push(std::uint64_t{next_in++}, 8));
        for (int i = 0; i < n; ++i) {
            std::uint64_t v = 0;
            ASSERT_TRUE(r.try_pop(v));
            ASSERT_EQ(v, next_out++);
        }
    }
    EXPECT_EQ(r.bytes(), 0u);
}

TEST(SpscRing, MoveOnlyElementsAndFailedPushLeavesTheValue) {
    SpscRing<std::unique_ptr<int>> r(2, 1 << 20);
    auto a = std::make_unique<int>(1);
    auto b = std::make_unique<int>(2);
    auto c = std::make_unique<int>(3);
    ASSERT_TRUE(r.try_push(std::move(a), 4));
    ASSERT_TRUE(r.try_push(std::move(b), 4));
    EXPECT_FALSE(r.try_push(std::move(c), 4));
    ASSERT_NE(c, nullptr);  // not moved from
    EXPECT_EQ(*c, 3);
    std::unique_ptr<int> out;
    ASSERT_TRUE(r.try_pop(out));
    EXPECT_EQ(*out, 1);
}

TEST(SpscRing, DestructorDestroysQueuedElements) {
    auto counter = std::make_shared<int>(0);
    {
        SpscRing<std::shared_ptr<int>> r(8, 1 << 20);
        for (int i = 0; i < 5; ++i)
            ASSERT_TRUE(r.try_push(std::shared_ptr<int>(counter), 1));
        EXPECT_EQ(counter.use_count(), 6);
        std::shared_ptr<int> out;
        ASSERT_TRUE(r.try_pop(out));
    }
    EXPECT_EQ(counter.use_count(), 1);
}

TEST(SpscRing, CloseWakesABlockedConsumerAfterItDrains) {
    SpscRing<int> r(4, 100);
    ASSERT_TRUE(r.try_push(7, 1));
    std::vector<int> got;
    bool last = true;
    std::thread consumer([&] {
        int v = 0;
        std::size_t bytes = 0;
        while (r.pop(v, bytes))
            got.push_back(v);
        last = false;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let it sleep
    r.close();
    consumer.join();
    EXPECT_FALSE(last);
    EXPECT_EQ(got, std::vector<int>{7});
    EXPECT_FALSE(r.try_push(8, 1));  // closed: no more pushes
}

TEST(SpscRing, CloseWakesABlockedProducer) {
    SpscRing<int> r(2, 100);
    ASSERT_TRUE(r.try_push(1, 1));
    ASSERT_TRUE(r.try_push(2, 1));
    std::atomic<int> result{-1};
    std::thread producer([&] { result = r.push(3, 1) ? 1 : 0; });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(result.load(), -1);  // still blocked: the ring is full
    r.close();
    producer.join();
    EXPECT_EQ(result.load(), 0);
}

TEST(SpscRing, BlockedProducerResumesWhenTheConsumerPops) {
    SpscRing<int> r(2, 10);
    ASSERT_TRUE(r.try_push(1, 5));
    ASSERT_TRUE(r.try_push(2, 5));
    std::atomic<bool> pushed{false};
    std::thread producer([&] { pushed = r.push(3, 5); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_FALSE(pushed.load());
    int v = 0;
    ASSERT_TRUE(r.try_pop(v));
    producer.join();
    EXPECT_TRUE(pushed.load());
    EXPECT_EQ(r.size(), 2u);
}

// One producer, one consumer, tight bounds so both sides block often: every value arrives
// once, in order, with its declared size.
TEST(SpscRing, TwoThreadStressKeepsOrderLosesAndDuplicatesNothing) {
    constexpr std::uint64_t kItems = 1'000'000;
    SpscRing<std::uint64_t> r(64, 4096);
    auto size_of = [](std::uint64_t v) { return static_cast<std::size_t>(1 + v % 200); };
    std::thread producer([&] {
        for (std::uint64_t i = 0; i < kItems; ++i) {
            if (!r.push(std::uint64_t{i}, size_of(i))) return;
        }
    });
    std::uint64_t expected = 0;
    std::uint64_t bad_order = 0;
    std::uint64_t bad_bytes = 0;
    std::size_t max_bytes = 0;
    while (expected < kItems) {
        std::uint64_t v = 0;
        std::size_t bytes = 0;
        if (!r.pop(v, bytes)) break;
        max_bytes = std::max(max_bytes, r.bytes());
        if (v != expected) ++bad_order;
        if (bytes != size_of(v)) ++bad_bytes;
        expected = v + 1;
    }
    producer.join();
    EXPECT_EQ(expected, kItems);
    EXPECT_EQ(bad_order, 0u);
    EXPECT_EQ(bad_bytes, 0u);
    EXPECT_LE(max_bytes, 4096u);
    std::uint64_t extra = 0;
    EXPECT_FALSE(r.try_pop(extra));
    EXPECT_EQ(r.size(), 0u);
    EXPECT_EQ(r.bytes(), 0u);
}

// Heap-owning elements across threads: TSan checks the payload's hand-over is synchronized.
TEST(SpscRing, TwoThreadMoveOnlyPayloads) {
    constexpr int kItems = 200'000;
    SpscRing<std::unique_ptr<std::vector<int>>> r(16, 1 << 16);
    std::thread producer([&] {
        for (int i = 0; i < kItems; ++i) {
            auto p = std::make_unique<std::vector<int>>(3, i);
            if (!r.push(std::move(p), 12)) return;
        }
        r.close();
    });
    int next = 0;
    std::unique_ptr<std::vector<int>> p;
    std::size_t bytes = 0;
    while (r.pop(p, bytes)) {
        ASSERT_EQ(p->size(), 3u);
        ASSERT_EQ((*p)[2], next);
        ++next;
    }
    producer.join();
    EXPECT_EQ(next, kItems);
}

}  // namespace
}  // namespace b2k::pipeline
