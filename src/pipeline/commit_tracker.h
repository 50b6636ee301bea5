#pragma once
// CommitTracker: which transaction boundary the checkpoint may advance to (DESIGN.md
// "Pipeline" step 6). The publisher numbers its messages; at each transaction end it records
// the boundary with the sequence of the last message sent before it. A boundary becomes
// committable once Kafka has acknowledged every message up to that sequence (AckTracker's
// acked_through). While an XA transaction is prepared and not yet committed, the reader gives
// every boundary the position from before that XA PREPARE, so no checkpoint passes it.
//
// Thread-safety: none; the publisher thread owns it.

#include <cstdint>
#include <deque>
#include <optional>

#include "checkpoint/checkpoint.h"

namespace b2k::pipeline {

class CommitTracker {
  public:
    // A transaction ended after the message with sequence `last_sequence` (0: none yet).
    void boundary(std::uint64_t last_sequence, checkpoint::Checkpoint cp);
    // Kafka has acknowledged every message <= acked_through: returns the newest boundary that
    // became committable by it (nullopt: none new).
    std::optional<checkpoint::Checkpoint> advance(std::uint64_t acked_through);
    // Boundaries recorded and not yet committable.
    std::size_t pending() const noexcept { return pending_.size(); }

  private:
    struct Pending {
        std::uint64_t sequence;
        checkpoint::Checkpoint cp;
    };
    std::deque<Pending> pending_;
};

}  // namespace b2k::pipeline
