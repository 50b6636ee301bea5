#include "app/checkpoint_store_factory.h"

#include <filesystem>
#include <system_error>

#include "checkpoint/file_checkpoint_store.h"
#include "checkpoint/kafka_checkpoint_store.h"

namespace b2k::app {

Result<std::unique_ptr<checkpoint::CheckpointStore>> open_checkpoint_store(
    const config::Config& cfg, const std::string& bootstrap_servers) {
    if (cfg.checkpoint.store == config::CheckpointStore::file) {
        const std::filesystem::path path(cfg.checkpoint.path);
        if (path.has_parent_path()) {
            std::error_code ec;
            std::filesystem::create_directories(path.parent_path(), ec);
            if (ec) {
                return failure(Errc::io, "cannot create the checkpoint directory " +
                                             path.parent_path().string() + ": " + ec.message() +
                                             " (checkpoint.path; with systemd, StateDirectory= "
                                             "provides a writable one)");
            }
        }
        return std::unique_ptr<checkpoint::CheckpointStore>(
            std::make_unique<checkpoint::FileCheckpointStore>(cfg.checkpoint.path));
    }
    B2K_TRY(auto store, checkpoint::KafkaCheckpointStore::create(
                            cfg.kafka, bootstrap_servers,
                            cfg.checkpoint.topic.expand(cfg.source.name), cfg.source.name));
    return std::unique_ptr<checkpoint::CheckpointStore>(std::move(store));
}

}  // namespace b2k::app
