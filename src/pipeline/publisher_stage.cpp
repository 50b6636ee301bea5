#include "pipeline/publisher_stage.h"

#include <algorithm>
#include <utility>

namespace b2k::pipeline {

PublisherStage::PublisherStage(ItemRing& ring, kafka::Producer& producer,
                               checkpoint::CheckpointStore& store, PublisherOptions options,
                               ops::Logger& log)
    : ring_(ring), producer_(producer), store_(store), options_(options), log_(log) {}

void PublisherStage::abort() noexcept {
    abort_.store(true, std::memory_order_relaxed);
    producer_.request_stop();
}

Result<void> PublisherStage::publish(PipelineItem& item) {
    if (item.kind == PipelineItem::Kind::boundary) {
        commits_.boundary(sequence_, *item.checkpoint);
        return success();
    }
    std::int32_t partition = RD_KAFKA_PARTITION_UA;
    if (item.keyless) {
        B2K_TRY(partition, producer_.partition_for_keyless(item.topic(), item.db(), item.table()));
    }
    // The item's block goes to librdkafka as the payload, without a copy.
    B2K_TRY(producer_.produce(item.topic(), partition, item.key(), item.value(), ++sequence_,
                              &item.data));
    sent_.store(sequence_, std::memory_order_relaxed);
    if (options_.metrics) {
        options_.metrics->oversize_skipped.store(producer_.skipped_oversize(),
                                                 std::memory_order_relaxed);
    }
    return success();
}

Result<void> PublisherStage::serve(std::chrono::milliseconds wait, bool force_write) {
    producer_.poll(wait);
    if (const auto& failed = producer_.acks().failure()) return failure(*failed);
    if (auto cp = commits_.advance(producer_.acks().acked_through())) committable_ = std::move(cp);
    if (!committable_) return success();
    const auto now = std::chrono::steady_clock::now();
    if (!force_write && now - last_write_ < options_.checkpoint_interval) return success();
    if (last_written_ && *last_written_ == *committable_) {
        committable_.reset();
        return success();
    }
    if (auto saved = store_.save(*committable_); !saved) {
        return failure(saved.error().context("writing the checkpoint to " + store_.describe()));
    }
    last_write_ = now;
    last_written_ = std::move(committable_);
    committable_.reset();
    checkpoints_.fetch_add(1, std::memory_order_relaxed);
    const checkpoint::Checkpoint& cp = *last_written_;
    if (options_.metrics) {
        ops::add(options_.metrics->checkpoints_written);
        options_.metrics->checkpoint_written_ms.store(
            std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count(),
            std::memory_order_relaxed);
        options_.metrics->checkpoint_ts_ms.store(static_cast<std::int64_t>(cp.ts_ms),
                                                 std::memory_order_relaxed);
    }
    if (options_.status) {
        options_.status->set_committed(ops::StatusPosition{cp.file, cp.pos, cp.gtid_set, cp.ts_ms});
    }
    return success();
}

Result<void> PublisherStage::run() {
    PipelineItem item;
    std::size_t bytes = 0;
    int idle_ms = 0;
    std::uint32_t since_poll = 0;
    for (;;) {
        if (abort_.load(std::memory_order_relaxed)) {
            return failure(Errc::stopped, "stopped before every message was acknowledged");
        }
        if (ring_.try_pop(item, bytes)) {
            idle_ms = 0;
            B2K_TRY(publish(item));
            // Delivery reports are served on this thread: poll regularly while busy.
            if (++since_poll >= 1024 || item.kind == PipelineItem::Kind::boundary) {
                since_poll = 0;
                B2K_TRY(serve(std::chrono::milliseconds(0), false));
            }
            continue;
        }
        if (ring_.closed()) {
            // Closed: whatever was pushed before close() is still poppable; drain it first.
            if (ring_.try_pop(item, bytes)) {
                B2K_TRY(publish(item));
                continue;
            }
            break;
        }
        // Nothing to publish: wait for delivery reports a little, backing off to 10 ms so an
        // idle daemon does not spin and a new row waits at most that long.
        B2K_TRY(serve(std::chrono::milliseconds(idle_ms), false));
        idle_ms = std::min(10, idle_ms * 2 + 1);
    }
    return drain_and_flush();
}

Result<void> PublisherStage::drain_and_flush() {
    // Wait for every acknowledgement, as long as it takes (abort() ends the wait).
    while (producer_.acks().in_flight() > 0 || producer_.queued() > 0) {
        if (abort_.load(std::memory_order_relaxed)) {
            return failure(Errc::stopped, std::to_string(producer_.acks().in_flight()) +
                                              " messages were not acknowledged");
        }
        B2K_TRY(serve(std::chrono::milliseconds(100), false));
    }
    return serve(std::chrono::milliseconds(0), true);
}

}  // namespace b2k::pipeline
