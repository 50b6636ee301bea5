#pragma once
// NamePattern: a glob over `db.table` (filter.include, filter.exclude) or `db.table.column`
// (filter.exclude_columns).
//
//   *   any run of characters, also none, within one part (never across a '.')
//   ?   exactly one character
//   \   takes the next character literally: `\.`, `\*`, `\?`, `\\`
//
// Every part must be non-empty. Database and table parts match case-sensitively (MySQL on
// Linux with lower_case_table_names=0, RDS's default); the column part matches ASCII
// case-insensitively, as MySQL compares column names.
//
// Thread-safety: a value type; const calls are safe concurrently.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace b2k::config {

class NamePattern {
  public:
    // Errc::config saying what is wrong with `text` (the wrong number of parts, an empty part,
    // a trailing '\').
    [[nodiscard]] static Result<NamePattern> parse_table(std::string_view text);
    [[nodiscard]] static Result<NamePattern> parse_column(std::string_view text);

    const std::string& text() const noexcept { return text_; }
    bool is_column_pattern() const noexcept { return parts_.size() == 3; }
    // True when the database part has no wildcard (it names one database).
    bool names_database_literally() const noexcept;

    // A table pattern against a table; a column pattern never matches here.
    bool matches(std::string_view db, std::string_view table) const;
    // A column pattern against a column; a table pattern never matches here.
    bool matches(std::string_view db, std::string_view table, std::string_view column) const;

    bool operator==(const NamePattern& other) const { return text_ == other.text_; }

  private:
    struct Elem {
        enum class Kind : unsigned char { literal, any_one, any_run };
        Kind kind;
        char c;
    };
    using Part = std::vector<Elem>;

    static Result<NamePattern> parse(std::string_view text, std::size_t parts);
    static bool match_part(const Part& part, std::string_view name, bool fold_case);

    std::string text_;
    std::vector<Part> parts_;
};

}  // namespace b2k::config
