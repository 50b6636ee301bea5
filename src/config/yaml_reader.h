#pragma once
// Typed, path-aware reading of a YAML document, for the config loader. Every problem is
// recorded with its key path, line and column, and reading goes on, so that one load reports
// them all.
//
// Not thread-safe (a Diagnostics is written by every read).

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "config/enum_names.h"

namespace b2k::config {

// The problems found in one document, rendered "origin:line:column: key.path: message", one
// per line, in document order.
class Diagnostics {
  public:
    explicit Diagnostics(std::string origin) : origin_(std::move(origin)) {}

    void add(const YAML::Mark& mark, std::string_view path, std::string_view message);
    bool empty() const noexcept { return entries_.empty(); }
    std::size_t size() const noexcept { return entries_.size(); }
    // Errc::config with every problem, one per line.
    Error to_error() const;
    // "origin:line:column" (1-based), or the origin alone for a null mark: where a problem
    // found after loading (a secret that does not resolve) points at.
    std::string where(const YAML::Mark& mark) const;

  private:
    std::string located(int line, int column) const;

    struct Entry {
        int line;  // 0-based as yaml-cpp counts; -1: no position
        int column;
        std::string text;
    };
    std::string origin_;
    std::vector<Entry> entries_;
};

// A value in the document: the node, its key path ("source.tls.mode", "filter.include[2]")
// and where to point at when it is wrong.
struct Field {
    Diagnostics* diag;
    YAML::Node node;
    std::string path;
    YAML::Mark key_mark;  // the key holding it (the item itself in a list)

    // The value's position; the key's when the value has none (an empty value).
    YAML::Mark mark() const { return node.Mark().is_null() ? key_mark : node.Mark(); }
    void error(std::string_view message) const { diag->add(mark(), path, message); }
    // "a mapping", "a list", "null", or the scalar quoted (shortened). Not for secrets.
    std::string found() const;
};

// A mapping with a fixed set of keys. Construction reports what is wrong with the mapping as a
// whole: not a mapping, keys not in `allowed` (listing them, and the closest one), duplicate
// keys, keys that are not plain scalars. A null node is an empty mapping (an empty section).
class MapReader {
  public:
    MapReader(Field self, const std::vector<std::string_view>& allowed);
    // The root of a document.
    MapReader(Diagnostics& diag, const YAML::Node& root,
              const std::vector<std::string_view>& allowed);

    // The value under `key`; nullopt when absent or null (`key:` or `key: null`: the default).
    std::optional<Field> get(std::string_view key) const;
    // Like get(), recording "required key missing: <what>" at the mapping when absent or null.
    std::optional<Field> require(std::string_view key, std::string_view what) const;
    bool has(std::string_view key) const { return get(key).has_value(); }

    std::string path_of(std::string_view key) const;
    const Field& self() const noexcept { return self_; }
    // Reports a problem about the mapping as a whole (a rule between two of its keys).
    void error(std::string_view message) const { self_.error(message); }

  private:
    void check_keys(const std::vector<std::string_view>& allowed);

    Field self_;
    struct Entry {
        std::string name;
        YAML::Node value;
        YAML::Mark key_mark;
    };
    std::vector<Entry> entries_;
};

// A mapping with free-form keys (kafka.properties): each key and its value, in document order.
// Reports a value that is not a mapping, duplicate keys and keys that are not scalars.
std::vector<std::pair<std::string, Field>> read_free_map(const Field& field);

// The items of a list, with paths "key[i]". Reports a value that is not a list.
std::vector<Field> read_list(const Field& field, std::string_view expected);

// Each read_* below stores into `out` and returns true when the value is valid; otherwise it
// records why, leaves `out` as it was and returns false.

// A scalar as text. Any plain scalar is accepted (`user: 1234` is the string "1234").
bool read_string(const Field& f, std::string& out);
// A non-empty string.
bool read_nonempty_string(const Field& f, std::string& out);
// true or false (YAML 1.2: true/True/TRUE, false/False/FALSE). yes/no/on/off are refused: they
// are booleans in YAML 1.1 only, and a string elsewhere.
bool read_bool(const Field& f, bool& out);
// A decimal integer in [min, max].
bool read_uint(const Field& f, std::uint64_t& out, std::uint64_t min, std::uint64_t max);

template <class I>
bool read_uint(const Field& f, I& out, std::uint64_t min, std::uint64_t max) {
    std::uint64_t v = 0;
    if (!read_uint(f, v, min, max)) return false;
    out = static_cast<I>(v);
    return true;
}

template <class E, std::size_t N>
bool read_enum(const Field& f, E& out, const std::array<EnumName<E>, N>& names) {
    std::string text;
    if (!f.node.IsScalar()) {
        f.error("expected one of " + allowed_names(names) + ", found " + f.found());
        return false;
    }
    text = f.node.Scalar();
    for (const auto& n : names) {
        if (n.name == text) {
            out = n.value;
            return true;
        }
    }
    f.error("unknown value " + f.found() + " (allowed: " + allowed_names(names) + ")");
    return false;
}

}  // namespace b2k::config
