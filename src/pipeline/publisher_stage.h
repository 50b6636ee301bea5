#pragma once
// PublisherStage: the second thread of the pipeline (DESIGN.md "Pipeline" steps 5 and 6). It
// takes PipelineItems from the ring in order, produces each message to Kafka with a sequence
// number, serves librdkafka's delivery reports, and advances the checkpoint to the newest
// transaction boundary whose messages — and all earlier ones — Kafka has acknowledged
// (CommitTracker), writing it at most every checkpoint.interval_ms.
//
// run() returns when the ring is closed and drained: it then flushes the producer (waiting as
// long as it takes — an outage is waited out — unless abort() is called) and writes the final
// checkpoint. A permanent delivery failure or a failed checkpoint write returns at once with
// the error; the checkpoint then stays at the last acknowledged boundary.
//
// Thread-safety: run() on one thread; abort() and the counters from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include "checkpoint/checkpoint_store.h"
#include "kafka/producer.h"
#include "ops/daemon_status.h"
#include "ops/logger.h"
#include "ops/metrics.h"
#include "pipeline/commit_tracker.h"
#include "pipeline/reader_stage.h"

namespace b2k::pipeline {

struct PublisherOptions {
    std::chrono::milliseconds checkpoint_interval{1000};
    ops::Metrics* metrics = nullptr;      // optional; must outlive the stage
    ops::DaemonStatus* status = nullptr;  // optional; must outlive the stage
};

class PublisherStage {
  public:
    PublisherStage(ItemRing& ring, kafka::Producer& producer, checkpoint::CheckpointStore& store,
                   PublisherOptions options, ops::Logger& log);

    Result<void> run();
    // Makes run() give up waiting for Kafka (shutdown timeout): it returns Errc::stopped
    // without writing a checkpoint past what is acknowledged.
    void abort() noexcept;

    std::uint64_t messages_sent() const noexcept { return sent_.load(std::memory_order_relaxed); }
    std::uint64_t checkpoints_written() const noexcept {
        return checkpoints_.load(std::memory_order_relaxed);
    }
    // The last checkpoint written (for the exit message); run()'s thread only.
    const std::optional<checkpoint::Checkpoint>& last_written() const noexcept {
        return last_written_;
    }

  private:
    Result<void> publish(PipelineItem& item);
    // Serves delivery reports for up to `wait`, then commits what became committable.
    Result<void> serve(std::chrono::milliseconds wait, bool force_write);
    Result<void> drain_and_flush();

    ItemRing& ring_;
    kafka::Producer& producer_;
    checkpoint::CheckpointStore& store_;
    PublisherOptions options_;
    ops::Logger& log_;
    CommitTracker commits_;
    std::uint64_t sequence_ = 0;
    std::optional<checkpoint::Checkpoint> committable_;  // acknowledged, not yet written
    std::optional<checkpoint::Checkpoint> last_written_;
    std::chrono::steady_clock::time_point last_write_{};
    std::atomic<bool> abort_{false};
    std::atomic<std::uint64_t> sent_{0};
    std::atomic<std::uint64_t> checkpoints_{0};
};

}  // namespace b2k::pipeline
