#include "pipeline/xa_holdback.h"

#include <gtest/gtest.h>

namespace b2k::pipeline {
namespace {

PipelineItem msg(std::string_view value) {
    return PipelineItem::message("t.shop.items", std::string_view("{\"id\":1}"), value, false, {},
                                 {});
}

TEST(XaHoldback, XidOfReadsTheServersStatements) {
    EXPECT_EQ(XaHoldback::xid_of("XA START X'7831',X'',1", "START"), "X'7831',X'',1");
    EXPECT_EQ(XaHoldback::xid_of("XA COMMIT X'7831',X'',1", "COMMIT"), "X'7831',X'',1");
    EXPECT_EQ(XaHoldback::xid_of("XA COMMIT X'7831',X'',1 ONE PHASE", "COMMIT"), "X'7831',X'',1");
    EXPECT_EQ(XaHoldback::xid_of("xa rollback X'7831',X'',1", "ROLLBACK"), "X'7831',X'',1");
    EXPECT_EQ(XaHoldback::xid_of("XA COMMIT X'7831',X'',1", "ROLLBACK"), "");
    EXPECT_EQ(XaHoldback::xid_of("COMMIT", "COMMIT"), "");
}

TEST(XaHoldback, XidTextMatchesTheStatementForm) {
    binlog::XaPrepareEvent x;
    x.format_id = 1;
    x.gtrid = "x1";
    EXPECT_EQ(XaHoldback::xid_text(x), "X'7831',X'',1");
}

TEST(XaHoldback, PreparedIsHeldUntilCommitAndDroppedOnRollback) {
    XaHoldback xa;
    xa.start("X'7831',X'',1");
    ASSERT_TRUE(xa.collecting());
    xa.hold(msg("a"));
    xa.hold(msg("b"));
    EXPECT_GT(xa.held_bytes(), 0u);
    xa.prepared();
    EXPECT_FALSE(xa.collecting());
    EXPECT_TRUE(xa.any_prepared());

    xa.start("X'7832',X'',1");
    xa.hold(msg("c"));
    xa.prepared();

    EXPECT_TRUE(xa.rollback("x'7832',x'',1"));  // hex case does not matter
    auto committed = xa.commit("X'7831',X'',1");
    ASSERT_TRUE(committed.has_value());
    ASSERT_EQ(committed->size(), 2u);
    EXPECT_EQ(*(*committed)[0].value(), "a");
    EXPECT_EQ(*(*committed)[1].value(), "b");
    EXPECT_FALSE(xa.any_prepared());
    EXPECT_EQ(xa.held_bytes(), 0u);
    EXPECT_FALSE(xa.commit("X'7831',X'',1").has_value());  // already released
}

TEST(XaHoldback, OnePhaseCommitReleasesAtOnce) {
    XaHoldback xa;
    xa.start("X'01',X'',1");
    xa.hold(msg("a"));
    auto out = xa.committed_one_phase();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(xa.collecting());
    EXPECT_FALSE(xa.any_prepared());
    EXPECT_EQ(xa.held_bytes(), 0u);
}

TEST(XaHoldback, ReplayedStartKeepsWhatWasCollected) {
    XaHoldback xa;
    xa.start("X'01',X'',1");
    xa.hold(msg("a"));
    xa.start("X'01',X'',1");  // a reconnect replays the group's GTID event
    xa.hold(msg("b"));
    xa.prepared();
    auto out = xa.commit("X'01',X'',1");
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->size(), 2u);
}

}  // namespace
}  // namespace b2k::pipeline
