#pragma once
// SchemaHistory: the schema tracker's versions, kept in the checkpoint's store so a restart
// decodes with the schema of its checkpoint's position, not today's (issue 4, DESIGN.md
// "Checkpoint": `schema.version` and `schema.ref`). Each version is one JSON record:
//   {"version":3,"file":"mysql-bin.000002","pos":1234,"ddl":"ALTER TABLE …","catalog":{…}}
// written durably before any checkpoint can refer to it. Versions newer than a checkpoint are
// harmless: a restart loads the checkpoint's version and the binlog replays the DDL after it,
// appending new versions after the highest one.
//
// Two stores: FileSchemaHistory (beside a file checkpoint) and checkpoint::KafkaSchemaHistory
// (its own topic, beside a Kafka checkpoint: a pod that loses its disk loses neither).
//
// Thread-safety: none; one thread (the reader's, or a command's) uses it.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "schema/table_schema.h"

namespace b2k::schema {

struct SchemaVersion {
    std::uint64_t version = 0;
    std::string file;  // "" for the information_schema snapshot of a first start
    std::uint64_t pos = 0;
    std::string ddl;
    SchemaCatalog catalog;
};

// The record form above, and back (Errc::corrupt naming `where` on a malformed record).
nlohmann::json version_to_json(const SchemaVersion& v);
[[nodiscard]] Result<SchemaVersion> version_from_json(const nlohmann::json& j,
                                                      const std::string& where);

class SchemaHistory {
  public:
    virtual ~SchemaHistory() = default;

    // What the checkpoint's schema.ref names: the file's path, or "kafka:TOPIC".
    virtual const std::string& ref() const noexcept = 0;
    // The version numbered `version` (nullopt: not stored); Errc::corrupt naming the record.
    [[nodiscard]] virtual Result<std::optional<SchemaVersion>> load(std::uint64_t version) = 0;
    // The highest stored version (0: none).
    [[nodiscard]] virtual Result<std::uint64_t> highest() = 0;
    // Stores one version durably (fsync'd / acknowledged by Kafka) before returning.
    [[nodiscard]] virtual Result<void> append(const SchemaVersion& v) = 0;
};

}  // namespace b2k::schema
