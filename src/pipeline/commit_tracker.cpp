#include "pipeline/commit_tracker.h"

#include <utility>

namespace b2k::pipeline {

void CommitTracker::boundary(std::uint64_t last_sequence, checkpoint::Checkpoint cp) {
    if (!pending_.empty() && pending_.back().sequence == last_sequence) {
        // No message since the previous boundary: the newer position supersedes it.
        pending_.back().cp = std::move(cp);
        return;
    }
    pending_.push_back(Pending{last_sequence, std::move(cp)});
}

std::optional<checkpoint::Checkpoint> CommitTracker::advance(std::uint64_t acked_through) {
    std::optional<checkpoint::Checkpoint> out;
    while (!pending_.empty() && pending_.front().sequence <= acked_through) {
        out = std::move(pending_.front().cp);
        pending_.pop_front();
    }
    return out;
}

}  // namespace b2k::pipeline
