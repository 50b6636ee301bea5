// The transaction grammar of transaction_boundary.h, one case per production.

#include "binlog/transaction_boundary.h"

#include <gtest/gtest.h>

namespace b2k::binlog {
namespace {

Event query(std::string text) {
    Event e;
    e.header.type_code = static_cast<std::uint8_t>(EventType::QUERY_EVENT);
    QueryEvent q;
    q.query = std::move(text);
    e.body = std::move(q);
    return e;
}
Event mysql_gtid() {
    Event e;
    e.header.type_code = static_cast<std::uint8_t>(EventType::GTID_LOG_EVENT);
    e.body = MysqlGtidEvent{};
    return e;
}
Event mariadb_gtid(std::uint8_t flags) {
    Event e;
    e.header.type_code = static_cast<std::uint8_t>(EventType::GTID_EVENT);
    MariadbGtidEvent g;
    g.flags2 = flags;
    e.body = g;
    return e;
}
Event xid() {
    Event e;
    e.header.type_code = static_cast<std::uint8_t>(EventType::XID_EVENT);
    e.body = XidEvent{7};
    return e;
}
Event table_map() {
    Event e;
    e.header.type_code = static_cast<std::uint8_t>(EventType::TABLE_MAP_EVENT);
    e.body = TableMapEvent{};
    return e;
}
Event rows(bool stmt_end) {
    Event e;
    e.header.type_code = static_cast<std::uint8_t>(EventType::WRITE_ROWS_EVENT);
    RowsEvent r;
    r.flags = stmt_end ? RowsEvent::kStmtEndF : 0;
    e.body = std::move(r);
    return e;
}
Event xa_prepare() {
    Event e;
    e.header.type_code = static_cast<std::uint8_t>(EventType::XA_PREPARE_LOG_EVENT);
    e.body = XaPrepareEvent{};
    return e;
}

struct Step {
    bool begins;
    GroupEnd ends;
};

std::vector<Step> run(std::vector<Event> events) {
    TransactionBoundary tb;
    std::vector<Step> out;
    for (const auto& e : events) {
        auto s = tb.on_event(e);
        out.push_back({s.begins, s.ends});
    }
    EXPECT_FALSE(tb.in_group()) << "a group was left open";
    return out;
}

void expect_steps(const std::vector<Step>& got, const std::vector<Step>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].begins, want[i].begins) << "event " << i;
        EXPECT_EQ(got[i].ends, want[i].ends) << "event " << i;
    }
}

constexpr auto N = GroupEnd::none;

TEST(TransactionBoundary, MysqlGtidBeginRowsXid) {
    expect_steps(run({mysql_gtid(), query("BEGIN"), table_map(), rows(true), xid()}),
                 {{true, N}, {false, N}, {false, N}, {false, N}, {false, GroupEnd::commit}});
}

TEST(TransactionBoundary, MysqlDdlStandsAlone) {
    expect_steps(run({mysql_gtid(), query("CREATE TABLE t (a int)")}),
                 {{true, N}, {false, GroupEnd::standalone}});
}

TEST(TransactionBoundary, NoGtidBeginCommitQuery) {
    expect_steps(run({query("BEGIN"), table_map(), rows(true), query("COMMIT")}),
                 {{true, N}, {false, N}, {false, N}, {false, GroupEnd::commit}});
}

TEST(TransactionBoundary, RollbackEndsGroupButRollbackToSavepointDoesNot) {
    expect_steps(
        run({query("BEGIN"), query("SAVEPOINT a"), rows(true), query("ROLLBACK TO a"),
             query("ROLLBACK TO SAVEPOINT `a`"), query("ROLLBACK WORK TO a"), query("ROLLBACK")}),
        {{true, N},
         {false, N},
         {false, N},
         {false, N},
         {false, N},
         {false, N},
         {false, GroupEnd::rollback}});
}

TEST(TransactionBoundary, MysqlXaPrepareThenCommitStandalone) {
    expect_steps(run({mysql_gtid(), query("XA START 'x'"), table_map(), rows(true),
                      query("XA END 'x'"), xa_prepare(), mysql_gtid(), query("XA COMMIT 'x'")}),
                 {{true, N},
                  {false, N},
                  {false, N},
                  {false, N},
                  {false, N},
                  {false, GroupEnd::xa_prepare},
                  {true, N},
                  {false, GroupEnd::standalone}});
}

TEST(TransactionBoundary, MariadbGtidReplacesBegin) {
    expect_steps(
        run({mariadb_gtid(MariadbGtidEvent::kFlTransactional), table_map(), rows(true), xid()}),
        {{true, N}, {false, N}, {false, N}, {false, GroupEnd::commit}});
}

TEST(TransactionBoundary, MariadbStandaloneDdl) {
    expect_steps(run({mariadb_gtid(MariadbGtidEvent::kFlStandalone | MariadbGtidEvent::kFlDdl),
                      query("ALTER TABLE t ADD c int")}),
                 {{true, N}, {false, GroupEnd::standalone}});
}

TEST(TransactionBoundary, MariadbXaPrepareQueryEndsGroup) {
    expect_steps(run({mariadb_gtid(MariadbGtidEvent::kFlPreparedXa), table_map(), rows(true),
                      query("XA END 'x'"), query("XA PREPARE 'x'")}),
                 {{true, N}, {false, N}, {false, N}, {false, N}, {false, GroupEnd::xa_prepare}});
}

TEST(TransactionBoundary, ImplicitGroupEndsAtStatementEnd) {
    // 5.0/5.1 files may log rows with no BEGIN (non-transactional tables).
    expect_steps(run({table_map(), rows(false), rows(true)}),
                 {{true, N}, {false, N}, {false, GroupEnd::commit}});
}

TEST(TransactionBoundary, QueryHelpers) {
    EXPECT_TRUE(TransactionBoundary::is_begin("BEGIN"));
    EXPECT_TRUE(TransactionBoundary::is_begin("  /* c */ begin"));
    EXPECT_TRUE(TransactionBoundary::is_begin("START TRANSACTION"));
    EXPECT_FALSE(TransactionBoundary::is_begin("BEGIN NOT ATOMIC SELECT 1"));
    EXPECT_TRUE(TransactionBoundary::is_commit("COMMIT"));
    EXPECT_FALSE(TransactionBoundary::is_commit("COMMITTED_TABLE"));
    EXPECT_EQ(TransactionBoundary::savepoint_rollback_name("ROLLBACK TO `sp 2`"), "sp 2");
    EXPECT_EQ(TransactionBoundary::savepoint_rollback_name("rollback work to savepoint s1"), "s1");
    EXPECT_EQ(TransactionBoundary::savepoint_rollback_name("ROLLBACK"), "");
    EXPECT_EQ(TransactionBoundary::savepoint_name("SAVEPOINT `sp1`", "SAVEPOINT"), "sp1");
    EXPECT_EQ(TransactionBoundary::savepoint_name("RELEASE SAVEPOINT x", "RELEASE"), "x");
}

}  // namespace
}  // namespace b2k::binlog
