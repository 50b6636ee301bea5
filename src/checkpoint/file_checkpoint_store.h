#pragma once
// FileCheckpointStore: the checkpoint as one JSON line in a local file (checkpoint.store: file).
//
// save(): write PATH.tmp, fsync it, rename it over PATH, fsync the directory — a crash leaves
// either the old or the new checkpoint, never a torn one; a PATH.tmp left behind by a crash is
// ignored by load() and overwritten by the next save().
// lock(): flock(LOCK_EX | LOCK_NB) on PATH.lock (the holder's pid written in it, for the
// message); released when the process exits, however it exits.

#include <string>

#include "checkpoint/checkpoint_store.h"

namespace b2k::checkpoint {

class FileCheckpointStore final : public CheckpointStore {
  public:
    explicit FileCheckpointStore(std::string path);
    ~FileCheckpointStore() override;
    FileCheckpointStore(const FileCheckpointStore&) = delete;
    FileCheckpointStore& operator=(const FileCheckpointStore&) = delete;

    [[nodiscard]] Result<void> lock() override;
    [[nodiscard]] Result<std::optional<Checkpoint>> load() override;
    [[nodiscard]] Result<void> save(const Checkpoint& checkpoint) override;
    std::string describe() const override { return "file " + path_; }

    const std::string& path() const noexcept { return path_; }
    std::string lock_path() const { return path_ + ".lock"; }
    std::string temp_path() const { return path_ + ".tmp"; }

  private:
    std::string path_;
    int lock_fd_ = -1;
};

}  // namespace b2k::checkpoint
