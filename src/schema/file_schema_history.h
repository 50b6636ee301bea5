#pragma once
// FileSchemaHistory: the schema history as one JSON line per version in a file beside the file
// checkpoint (PATH.schema-history.jsonl), appended and fsync'd. A line cut by a crash during
// an append can only be the last one and is ignored; any other malformed line is corruption.

#include <string>

#include "schema/schema_history.h"

namespace b2k::schema {

class FileSchemaHistory final : public SchemaHistory {
  public:
    explicit FileSchemaHistory(std::string path) : path_(std::move(path)) {}

    const std::string& ref() const noexcept override { return path_; }
    [[nodiscard]] Result<std::optional<SchemaVersion>> load(std::uint64_t version) override;
    [[nodiscard]] Result<std::uint64_t> highest() override;
    [[nodiscard]] Result<void> append(const SchemaVersion& v) override;

  private:
    std::string path_;
};

}  // namespace b2k::schema
