#include "kafka/ack_tracker.h"

#include <algorithm>
#include <string>

namespace b2k::kafka {

Result<void> AckTracker::sent(std::uint64_t sequence) {
    if (!can_send(sequence)) {
        return ::b2k::failure(Errc::internal, "message sequence " + std::to_string(sequence) +
                                                  " is not greater than the previous one (" +
                                                  std::to_string(last_sent_) + ")");
    }
    pending_.push_back({sequence, false});
    last_sent_ = sequence;
    return success();
}

void AckTracker::acked(std::uint64_t sequence) {
    // Acknowledgements mostly arrive in order: the oldest message first.
    if (!pending_.empty() && pending_.front().sequence == sequence) {
        pending_.front().acked = true;
        advance();
        return;
    }
    auto it = std::lower_bound(pending_.begin(), pending_.end(), sequence,
                               [](const Entry& e, std::uint64_t s) { return e.sequence < s; });
    if (it == pending_.end() || it->sequence != sequence) return;
    it->acked = true;
    advance();
}

void AckTracker::failed(std::uint64_t sequence, Error error) {
    if (!failure_) failure_ = std::move(error);
    (void)sequence;  // its entry stays un-acked: the watermark never passes it
}

void AckTracker::fail_all(Error error) {
    if (!failure_) failure_ = std::move(error);
}

void AckTracker::advance() {
    while (!pending_.empty() && pending_.front().acked) {
        acked_through_ = pending_.front().sequence;
        pending_.pop_front();
    }
    if (pending_.empty()) {
        acked_through_ = last_sent_;
    } else {
        acked_through_ = std::max(acked_through_, pending_.front().sequence - 1);
    }
}

}  // namespace b2k::kafka
