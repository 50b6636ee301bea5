#pragma once
// SchemaHistory: the schema tracker's versions on disk, so a restart decodes with the schema of
// its checkpoint's position, not today's (issue 4, DESIGN.md "Checkpoint": `schema.version`
// and `schema.ref`). One JSON line per version, appended and fsync'd before any checkpoint can
// refer to it:
//   {"version":3,"file":"mysql-bin.000002","pos":1234,"ddl":"ALTER TABLE …","catalog":{…}}
// Kept beside the file checkpoint (PATH.schema-history.jsonl). Lines of versions newer than a
// checkpoint are harmless: a restart loads the checkpoint's version and the binlog replays the
// DDL after it, appending new versions after the highest one.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"
#include "schema/table_schema.h"

namespace b2k::schema {

struct SchemaVersion {
    std::uint64_t version = 0;
    std::string file;
    std::uint64_t pos = 0;
    std::string ddl;
    SchemaCatalog catalog;
};

class SchemaHistory {
  public:
    explicit SchemaHistory(std::string path) : path_(std::move(path)) {}
    const std::string& path() const noexcept { return path_; }

    // The version numbered `version` (nullopt: not in the file); Errc::corrupt naming the line.
    [[nodiscard]] Result<std::optional<SchemaVersion>> load(std::uint64_t version) const;
    // The highest version in the file (0: none or no file).
    [[nodiscard]] Result<std::uint64_t> highest() const;
    // Appends one version durably (write, fsync).
    [[nodiscard]] Result<void> append(const SchemaVersion& v);

  private:
    std::string path_;
};

}  // namespace b2k::schema
