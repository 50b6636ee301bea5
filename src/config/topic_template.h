#pragma once
// TopicTemplate: a Kafka topic name with placeholders, e.g. "{name}.{db}.{table}".
//
// Placeholders: {name} (source.name), {db} and {table} (the row's table) — the last two only
// where a topic is per table (kafka.topic), not for the checkpoint or schema-history topics.
// Literal text must be legal in a Kafka topic name: letters, digits, '.', '_' and '-'.
// expand() replaces any other character of a database or table name with '_' (as Debezium
// does), so two tables can map to one topic only if their names differ in such characters.
//
// Thread-safety: a value type; const calls are safe concurrently.

#include <string>
#include <string_view>

#include "common/result.h"

namespace b2k::config {

class TopicTemplate {
  public:
    enum class Scope {
        source,  // {name} only
        table,   // {name}, {db}, {table}
    };

    // Errc::config saying what is wrong: an unknown or misplaced placeholder (listing the
    // allowed ones), an unbalanced brace, a character Kafka does not allow, an empty template.
    [[nodiscard]] static Result<TopicTemplate> parse(std::string_view text, Scope scope);

    const std::string& text() const noexcept { return text_; }
    Scope scope() const noexcept { return scope_; }

    // The topic for a row of db.table (db and table are ignored in Scope::source), at most
    // 249 characters (Kafka's limit; longer names are cut).
    std::string expand(std::string_view name, std::string_view db = {},
                       std::string_view table = {}) const;

    bool operator==(const TopicTemplate&) const = default;

  private:
    TopicTemplate(std::string text, Scope scope) : text_(std::move(text)), scope_(scope) {}

    std::string text_;
    Scope scope_ = Scope::table;
};

}  // namespace b2k::config
