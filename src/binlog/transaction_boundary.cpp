#include "binlog/transaction_boundary.h"

#include <cctype>

namespace b2k::binlog {
namespace {

std::string_view skip_space_and_comments(std::string_view q) {
    for (;;) {
        while (!q.empty() && std::isspace(static_cast<unsigned char>(q.front())))
            q.remove_prefix(1);
        if (q.starts_with("/*") && !q.starts_with("/*!")) {
            auto end = q.find("*/");
            if (end == std::string_view::npos) return {};
            q.remove_prefix(end + 2);
            continue;
        }
        if (q.starts_with("-- ") || q.starts_with("#")) {
            auto end = q.find('\n');
            if (end == std::string_view::npos) return {};
            q.remove_prefix(end + 1);
            continue;
        }
        return q;
    }
}

bool only_space_after(std::string_view q, std::size_t n) {
    for (std::size_t i = n; i < q.size(); ++i) {
        const char c = q[i];
        if (!std::isspace(static_cast<unsigned char>(c)) && c != ';') return false;
    }
    return true;
}

}  // namespace

bool TransactionBoundary::starts_with_keyword(std::string_view q, std::string_view kw) {
    q = skip_space_and_comments(q);
    if (q.size() < kw.size()) return false;
    for (std::size_t i = 0; i < kw.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(q[i])) != kw[i]) return false;
    }
    return q.size() == kw.size() || !std::isalnum(static_cast<unsigned char>(q[kw.size()]));
}

bool TransactionBoundary::is_begin(std::string_view q) {
    q = skip_space_and_comments(q);
    return (starts_with_keyword(q, "BEGIN") && only_space_after(q, 5)) ||
           starts_with_keyword(q, "START TRANSACTION");
}
bool TransactionBoundary::is_commit(std::string_view q) {
    q = skip_space_and_comments(q);
    return starts_with_keyword(q, "COMMIT");
}
bool TransactionBoundary::is_rollback(std::string_view q) {
    q = skip_space_and_comments(q);
    // "ROLLBACK [WORK] TO [SAVEPOINT] x" stays inside the transaction.
    return starts_with_keyword(q, "ROLLBACK") && savepoint_rollback_name(q).empty();
}

std::string_view TransactionBoundary::savepoint_rollback_name(std::string_view q) {
    q = skip_space_and_comments(q);
    if (!starts_with_keyword(q, "ROLLBACK")) return {};
    q.remove_prefix(8);
    if (starts_with_keyword(q, "WORK")) q = skip_space_and_comments(q).substr(4);
    if (!starts_with_keyword(q, "TO")) return {};
    q = skip_space_and_comments(q).substr(2);
    if (starts_with_keyword(q, "SAVEPOINT")) q = skip_space_and_comments(q).substr(9);
    return identifier(q);
}

std::string_view TransactionBoundary::savepoint_name(std::string_view q, std::string_view verb) {
    q = skip_space_and_comments(q);
    if (!starts_with_keyword(q, verb)) return {};
    q = skip_space_and_comments(q.substr(verb.size()));
    if (verb == "RELEASE") {
        if (!starts_with_keyword(q, "SAVEPOINT")) return {};
        q = skip_space_and_comments(q).substr(9);
    }
    return identifier(q);
}

std::string_view TransactionBoundary::identifier(std::string_view q) {
    q = skip_space_and_comments(q);
    if (q.empty()) return {};
    if (q.front() == '`') {
        const auto end = q.find('`', 1);
        return end == std::string_view::npos ? std::string_view{} : q.substr(1, end - 1);
    }
    std::size_t n = 0;
    while (n < q.size() && (std::isalnum(static_cast<unsigned char>(q[n])) || q[n] == '_' ||
                            q[n] == '$' || static_cast<unsigned char>(q[n]) >= 0x80)) {
        ++n;
    }
    return q.substr(0, n);
}

BoundaryStep TransactionBoundary::on_event(const Event& ev) {
    BoundaryStep step;
    const auto open = [&](State s) {
        if (state_ == State::idle) step.begins = true;
        state_ = s;
    };
    const auto close = [&](GroupEnd how) {
        if (state_ == State::idle) step.begins = true;
        step.ends = how;
        state_ = State::idle;
    };
    if (const auto* g = std::get_if<MysqlGtidEvent>(&ev.body)) {
        (void)g;
        open(State::after_gtid);
        return step;
    }
    if (const auto* g = std::get_if<MariadbGtidEvent>(&ev.body)) {
        if (g->flags2 & MariadbGtidEvent::kFlStandalone) {
            open(State::after_gtid_standalone);
        } else {
            open(State::in_body);  // MariaDB's GTID replaces BEGIN
        }
        return step;
    }
    if (const auto* q = std::get_if<QueryEvent>(&ev.body)) {
        const std::string_view text = q->query;
        if (state_ == State::after_gtid_standalone) {
            close(GroupEnd::standalone);
            return step;
        }
        if (is_begin(text) || starts_with_keyword(text, "XA START") ||
            starts_with_keyword(text, "XA BEGIN")) {
            open(State::in_body);
            return step;
        }
        if (state_ == State::in_body || state_ == State::in_implicit) {
            if (is_commit(text)) {
                close(GroupEnd::commit);
            } else if (is_rollback(text)) {
                close(GroupEnd::rollback);
            } else if (starts_with_keyword(text, "XA PREPARE")) {
                close(GroupEnd::xa_prepare);  // MariaDB ends a prepared XA group so
            }
            // other statements (XA END, SAVEPOINT, statement-based DML) stay in the body
            return step;
        }
        close(GroupEnd::standalone);  // DDL or another statement of its own
        return step;
    }
    if (std::holds_alternative<XidEvent>(ev.body)) {
        close(GroupEnd::commit);
        return step;
    }
    if (const auto* x = std::get_if<XaPrepareEvent>(&ev.body)) {
        // MySQL logs XA COMMIT ... ONE PHASE as an XA_PREPARE event flagged one_phase: the
        // transaction is committed, not held.
        close(x->one_phase ? GroupEnd::commit : GroupEnd::xa_prepare);
        return step;
    }
    if (const auto* rows = std::get_if<RowsEvent>(&ev.body)) {
        if (state_ == State::idle || state_ == State::after_gtid) {
            open(state_ == State::idle ? State::in_implicit : State::in_body);
        }
        if (state_ == State::in_implicit && rows->statement_end()) close(GroupEnd::commit);
        return step;
    }
    if (std::holds_alternative<TableMapEvent>(ev.body) ||
        std::holds_alternative<RowsQueryEvent>(ev.body) ||
        std::holds_alternative<IntvarEvent>(ev.body) ||
        std::holds_alternative<RandEvent>(ev.body) ||
        std::holds_alternative<UserVarEvent>(ev.body) ||
        std::holds_alternative<LoadBlockEvent>(ev.body) ||
        std::holds_alternative<TransactionContextEvent>(ev.body) ||
        std::holds_alternative<ViewChangeEvent>(ev.body)) {
        if (state_ == State::idle) open(State::in_implicit);
        return step;
    }
    if (std::holds_alternative<ExecuteLoadQueryEvent>(ev.body)) {
        if (state_ == State::after_gtid_standalone || state_ == State::idle ||
            state_ == State::after_gtid) {
            close(GroupEnd::standalone);
        }
        return step;
    }
    return step;  // control events
}

}  // namespace b2k::binlog
