#pragma once
// ReplicaPosition: where the last *complete* transaction of the stream ended — the point a
// reconnect (or a restart, via the checkpoint) resumes from. It keeps "last transaction
// completed" apart from what is merely being read: nothing here moves inside a transaction.
//
// File/position always; the GTID state only while it is complete: known from a GTID start, or
// from the PREVIOUS_GTIDS (MySQL) / GTID_LIST (MariaDB) event at the start of a file plus every
// transaction since. A stream started mid-file by position has no complete GTID state until it
// reaches the next file.

#include <cstdint>
#include <optional>
#include <string>

#include "binlog/change_handler.h"
#include "gtid/mariadb_gtid_list.h"
#include "gtid/mysql_gtid_set.h"

namespace b2k::replication {

class ReplicaPosition {
  public:
    explicit ReplicaPosition(binlog::Flavor flavor) : flavor_(flavor) {}

    // A start by GTID: the state is complete from the beginning.
    Result<void> start_at_gtid(std::string_view set);
    void start_at_file(std::string file, std::uint64_t pos);

    // Feed every event of the stream (before the decoder acts on the group it ends).
    Result<void> on_event(const binlog::Event& ev);
    // The end of a transaction (from the ChangeHandler's on_transaction).
    Result<void> on_group_end(const binlog::ChangeSource& src);

    const std::string& file() const noexcept { return file_; }
    std::uint64_t pos() const noexcept { return pos_; }
    bool has_gtid_state() const noexcept { return gtid_complete_; }
    // The executed GTID set (MySQL) or GTID position (MariaDB) as text; empty if incomplete.
    std::string gtid_text() const;
    binlog::Flavor flavor() const noexcept { return flavor_; }
    const gtid::MysqlGtidSet& mysql_gtids() const noexcept { return mysql_; }
    const gtid::MariadbGtidList& mariadb_gtids() const noexcept { return mariadb_; }

  private:
    binlog::Flavor flavor_;
    std::string file_;
    std::uint64_t pos_ = 4;
    bool gtid_complete_ = false;
    bool at_file_start_ = false;  // the next PREVIOUS_GTIDS/GTID_LIST describes the state
    gtid::MysqlGtidSet mysql_;
    gtid::MariadbGtidList mariadb_;
};

}  // namespace b2k::replication
