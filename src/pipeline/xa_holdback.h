#pragma once
// XaHoldback: the messages of XA transactions, held from XA START until the transaction is
// committed (published then) or rolled back (dropped) — DESIGN.md "Transaction boundaries".
//
//   XA START xid  … rows …  XA END xid  XA PREPARE xid      (one group, ends xa_prepare)
//   … other transactions …
//   XA COMMIT xid   or   XA ROLLBACK xid                    (a standalone group)
//
// A one-phase commit (MySQL: XA_PREPARE flagged one_phase; XA COMMIT … ONE PHASE) ends the
// group as a commit: its messages are released at once.
//
// Memory: the encoded messages of every prepared, unresolved XA transaction stay in memory
// until it resolves (XA transactions are expected to be short-lived; held_bytes() says how
// much is held, and the reader stage stops past pipeline.ring_bytes of them). The reader never
// checkpoints past an open XA PREPARE, so a restart replays it.
//
// Thread-safety: none; the reader thread owns it.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "binlog/events.h"
#include "pipeline/pipeline_item.h"

namespace b2k::pipeline {

class XaHoldback {
  public:
    // The XA id of "XA START|BEGIN|COMMIT|ROLLBACK|PREPARE|END <xid> [ONE PHASE]" ("" when the
    // statement is not one of these verbs). The server logs the id in one canonical form
    // (X'…',X'…',n), so equal text means the same transaction.
    static std::string_view xid_of(std::string_view query, std::string_view verb);
    // The same canonical text for an XID carried in an event (MariaDB's GTID event of an XA
    // PREPARE group, MySQL's XA_PREPARE event): X'<gtrid hex>',X'<bqual hex>',<format id>.
    static std::string xid_text(const binlog::XaPrepareEvent& xid);

    // XA START: the messages that follow belong to `xid` until its group ends. Starting the
    // xid already being collected keeps what was collected (a reconnect replays the group's
    // start; the replica session suppresses the rows already delivered).
    void start(std::string_view xid);
    bool collecting() const noexcept { return collecting_; }
    const std::string& current_xid() const noexcept { return current_xid_; }
    void hold(PipelineItem item);

    // The group ended prepared: keep its messages until XA COMMIT / XA ROLLBACK.
    void prepared();
    // The group ended committed (one phase): its messages, to publish now.
    std::vector<PipelineItem> committed_one_phase();

    // XA COMMIT xid: the held messages (nullopt when this xid was never seen prepared, e.g. it
    // was prepared before the stream's start position).
    std::optional<std::vector<PipelineItem>> commit(std::string_view xid);
    // XA ROLLBACK xid: drops the held messages; false when the xid was never seen.
    bool rollback(std::string_view xid);

    bool any_prepared() const noexcept { return !prepared_.empty(); }
    std::size_t held_bytes() const noexcept { return held_bytes_; }

  private:
    struct Held {
        std::vector<PipelineItem> items;
        std::size_t bytes = 0;
    };
    bool collecting_ = false;
    std::string current_xid_;
    Held current_;
    std::map<std::string, Held, std::less<>> prepared_;
    std::size_t held_bytes_ = 0;
};

}  // namespace b2k::pipeline
