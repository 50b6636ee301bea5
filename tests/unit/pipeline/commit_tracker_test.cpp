#include "pipeline/commit_tracker.h"

#include <gtest/gtest.h>

namespace b2k::pipeline {
namespace {

checkpoint::Checkpoint at(std::uint64_t pos) {
    checkpoint::Checkpoint cp;
    cp.file = "mysql-bin.000001";
    cp.pos = pos;
    return cp;
}

TEST(CommitTracker, BoundaryCommitsOnlyOnceEveryEarlierMessageIsAcknowledged) {
    CommitTracker t;
    t.boundary(3, at(100));  // transaction of messages 1..3
    t.boundary(5, at(200));  // messages 4..5
    EXPECT_FALSE(t.advance(0).has_value());
    EXPECT_FALSE(t.advance(2).has_value());
    auto cp = t.advance(4);
    ASSERT_TRUE(cp.has_value());
    EXPECT_EQ(cp->pos, 100u);
    EXPECT_EQ(t.pending(), 1u);
    cp = t.advance(5);
    ASSERT_TRUE(cp.has_value());
    EXPECT_EQ(cp->pos, 200u);
    EXPECT_FALSE(t.advance(5).has_value());
}

TEST(CommitTracker, TheNewestCommittableBoundaryWins) {
    CommitTracker t;
    t.boundary(1, at(10));
    t.boundary(2, at(20));
    t.boundary(4, at(40));
    auto cp = t.advance(3);
    ASSERT_TRUE(cp.has_value());
    EXPECT_EQ(cp->pos, 20u);
}

TEST(CommitTracker, BoundariesWithoutMessagesCommitWithoutWaiting) {
    CommitTracker t;
    // Transactions on excluded tables: no message, yet the position moves.
    t.boundary(0, at(10));
    t.boundary(0, at(20));
    EXPECT_EQ(t.pending(), 1u);  // the newer replaces the older
    auto cp = t.advance(0);
    ASSERT_TRUE(cp.has_value());
    EXPECT_EQ(cp->pos, 20u);
}

}  // namespace
}  // namespace b2k::pipeline
