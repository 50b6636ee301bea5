#pragma once
// TransactionBoundary: the one place that decides where transactions start and end.
//
// Grammar (one event at a time; GTID = GTID_LOG_EVENT, ANONYMOUS_GTID_LOG_EVENT or
// GTID_TAGGED_LOG_EVENT; "control" = FORMAT_DESCRIPTION, ROTATE, STOP, PREVIOUS_GTIDS,
// GTID_LIST, BINLOG_CHECKPOINT, HEARTBEAT, INCIDENT, ignorable events — never part of a group):
//
//   MySQL    group   := [GTID] ( BEGIN-query body end | standalone-query | PAYLOAD )
//            body    := ( TABLE_MAP | ROWS | ROWS_QUERY | INTVAR | RAND | USER_VAR | QUERY
//                        | LOAD blocks )*
//            end     := XID | QUERY "COMMIT" | QUERY "ROLLBACK" | XA_PREPARE
//                       ("XA START" opens a body like BEGIN; XA_PREPARE ends it prepared)
//            A standalone query (DDL, "XA COMMIT", "XA ROLLBACK", anything but BEGIN/XA START)
//            is a group of its own. A TRANSACTION_PAYLOAD holds one whole group.
//   MariaDB  group   := GTID(flags) ( body end | standalone-query )
//            GTID with FL_STANDALONE: the next query (DDL, XA COMMIT/ROLLBACK) ends the group.
//            Otherwise GTID acts as BEGIN; end := XID | QUERY "COMMIT" | QUERY "ROLLBACK"
//            | QUERY "XA PREPARE ..." (with FL_PREPARED_XA).
//   Savepoints: inside a body, "SAVEPOINT x" ... "ROLLBACK TO x" undoes the rows logged since
//   "SAVEPOINT x" (MariaDB and MySQL log both statements); the decoder holds rows back while a
//   savepoint is open and drops the undone ones. Neither statement ends the group.
//   Rows outside any group (statement-less 5.0/5.1 files with no BEGIN for MyISAM writes)
//   form an implicit group ended by the rows event flagged STMT_END_F.
//
// The position only moves at the end of a group (see DESIGN.md "Positions").

#include <cstdint>
#include <string>

#include "binlog/events.h"

namespace b2k::binlog {

enum class GroupEnd : std::uint8_t {
    none,
    commit,      // XID or COMMIT
    rollback,    // ROLLBACK (rows of non-transactional tables did happen; see DESIGN.md)
    xa_prepare,  // XA transaction prepared: held until XA COMMIT / dropped on XA ROLLBACK
    standalone,  // a group made of one statement (DDL, XA COMMIT/ROLLBACK, ...)
};

struct BoundaryStep {
    bool begins = false;             // this event opens a group
    GroupEnd ends = GroupEnd::none;  // this event closes the group (may also have opened it)
};

class TransactionBoundary {
  public:
    // Classifies `ev`, updating the state. Events inside a TRANSACTION_PAYLOAD are fed too
    // (they form the group); the payload event itself is not a boundary.
    BoundaryStep on_event(const Event& ev);

    bool in_group() const noexcept { return state_ != State::idle; }
    void reset() noexcept { state_ = State::idle; }

    // Query text helpers (case-insensitive, leading comments/space skipped).
    static bool is_begin(std::string_view q);
    static bool is_commit(std::string_view q);
    static bool is_rollback(std::string_view q);
    static bool starts_with_keyword(std::string_view q, std::string_view kw);
    // "ROLLBACK [WORK] TO [SAVEPOINT] x" -> x (else empty).
    static std::string_view savepoint_rollback_name(std::string_view q);
    // "SAVEPOINT x" (verb "SAVEPOINT") or "RELEASE SAVEPOINT x" (verb "RELEASE") -> x.
    static std::string_view savepoint_name(std::string_view q, std::string_view verb);
    static std::string_view identifier(std::string_view q);

  private:
    enum class State : std::uint8_t {
        idle,
        after_gtid,
        after_gtid_standalone,
        in_body,
        in_implicit
    };
    State state_ = State::idle;
};

}  // namespace b2k::binlog
