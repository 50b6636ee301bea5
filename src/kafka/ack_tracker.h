#pragma once
// AckTracker: which produced messages Kafka has acknowledged, as one number — the highest
// sequence S such that every message with a sequence <= S is acknowledged.
//
// Sequences are the caller's (the pipeline numbers its messages); they must be >= 1 and
// strictly increasing in the order sent(), not necessarily contiguous. Acknowledgements
// arrive in any order (different partitions, different brokers). A permanent delivery failure
// is recorded with its error and blocks the watermark at the failed message forever: the
// checkpoint can never pass a message Kafka did not take.
//
// Memory: one 16-byte entry per message in flight (a deque, popped as the front is acked).
// acked()/failed() find their entry by binary search: O(log in-flight).
//
// Thread-safety: not synchronized. The Producer calls it from the thread that calls
// produce()/poll()/flush() (librdkafka serves delivery reports inside poll()).

#include <cstdint>
#include <deque>
#include <optional>

#include "common/error.h"
#include "common/result.h"

namespace b2k::kafka {

class AckTracker {
  public:
    // True if `sequence` may be sent next: >= 1 and greater than the last one sent.
    bool can_send(std::uint64_t sequence) const noexcept {
        return sequence != 0 && sequence > last_sent_;
    }
    // Registers a message just queued in the producer. Errc::internal if !can_send(sequence)
    // (a caller bug).
    [[nodiscard]] Result<void> sent(std::uint64_t sequence);
    // Kafka acknowledged `sequence`. Unknown or repeated sequences are ignored.
    void acked(std::uint64_t sequence);
    // Kafka refused `sequence` for good. The first failure's error is kept.
    void failed(std::uint64_t sequence, Error error);
    // A failure not tied to one message (an idempotent producer's fatal error).
    void fail_all(Error error);

    // The highest S with every message <= S acknowledged; 0 before any.
    std::uint64_t acked_through() const noexcept { return acked_through_; }
    // The last sequence passed to sent(); 0 before any.
    std::uint64_t last_sent() const noexcept { return last_sent_; }
    // Messages sent and not yet acknowledged (including a failed one).
    std::size_t in_flight() const noexcept { return pending_.size(); }
    // True once every sent message is acknowledged.
    bool all_acked() const noexcept { return pending_.empty(); }

    // The first permanent failure, if any. Once set, it stays set.
    bool has_failure() const noexcept { return failure_.has_value(); }
    const std::optional<Error>& failure() const noexcept { return failure_; }

  private:
    struct Entry {
        std::uint64_t sequence;
        bool acked;
    };
    void advance();

    std::deque<Entry> pending_;  // ascending sequence
    std::uint64_t last_sent_ = 0;
    std::uint64_t acked_through_ = 0;
    std::optional<Error> failure_;
};

}  // namespace b2k::kafka
