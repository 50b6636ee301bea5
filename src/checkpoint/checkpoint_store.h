#pragma once
// CheckpointStore: where the committed position lives (config checkpoint.store).
//
// The daemon calls lock() once at start and keeps the store for its lifetime; `checkpoint set`
// calls lock() too, so it refuses while a daemon holds the store. load() gives the stored
// checkpoint (nullopt: none yet); save() returns once the checkpoint is durable (fsync'd /
// acknowledged by Kafka), so the caller may then consider it committed.
//
// Thread-safety: one thread uses a store.

#include <optional>
#include <string>

#include "checkpoint/checkpoint.h"
#include "common/result.h"

namespace b2k::checkpoint {

class CheckpointStore {
  public:
    virtual ~CheckpointStore() = default;

    // Takes exclusive hold of the store until this object is destroyed. Errc::io naming the
    // store (and the holder when known) if another process holds it. Calling it again while
    // holding is a no-op.
    [[nodiscard]] virtual Result<void> lock() = 0;
    [[nodiscard]] virtual Result<std::optional<Checkpoint>> load() = 0;
    [[nodiscard]] virtual Result<void> save(const Checkpoint& checkpoint) = 0;
    // For messages: "file /var/lib/binlog2kafka/checkpoint.json", "Kafka topic prod.checkpoints".
    virtual std::string describe() const = 0;
};

}  // namespace b2k::checkpoint
