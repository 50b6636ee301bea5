#include "config/yaml_reader.h"

#include <algorithm>
#include <charconv>

namespace b2k::config {
namespace {

constexpr std::size_t kMaxShownScalar = 60;

// Levenshtein distance, for "did you mean" on unknown keys (short strings only).
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1] ? 1 : 0)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string join(const std::vector<std::string_view>& names) {
    std::string out;
    for (auto n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

std::string line_of(const YAML::Mark& m) {
    return std::to_string(m.line + 1);
}

}  // namespace

// ---- Diagnostics ----

void Diagnostics::add(const YAML::Mark& mark, std::string_view path, std::string_view message) {
    std::string text;
    if (!path.empty()) {
        text += path;
        text += ": ";
    }
    text += message;
    entries_.push_back(
        {mark.is_null() ? -1 : mark.line, mark.is_null() ? -1 : mark.column, std::move(text)});
}

std::string Diagnostics::where(const YAML::Mark& mark) const {
    return mark.is_null() ? origin_ : located(mark.line, mark.column);
}

std::string Diagnostics::located(int line, int column) const {
    return origin_ + ':' + std::to_string(line + 1) + ':' + std::to_string(column + 1);
}

Error Diagnostics::to_error() const {
    std::vector<Entry> sorted = entries_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    std::string message;
    for (const auto& e : sorted) {
        if (!message.empty()) message += '\n';
        message += e.line >= 0 ? located(e.line, e.column) : origin_;
        message += ": " + e.text;
    }
    return {Errc::config, std::move(message)};
}

// ---- Field ----

std::string Field::found() const {
    switch (node.Type()) {
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Scalar: {
            const std::string& s = node.Scalar();
            if (s.size() <= kMaxShownScalar) return "'" + s + "'";
            return "'" + s.substr(0, kMaxShownScalar) + "…'";
        }
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            break;
    }
    return "nothing";
}

// ---- MapReader ----

MapReader::MapReader(Field self, const std::vector<std::string_view>& allowed)
    : self_(std::move(self)) {
    check_keys(allowed);
}

MapReader::MapReader(Diagnostics& diag, const YAML::Node& root,
                     const std::vector<std::string_view>& allowed)
    : self_{&diag, root, "", YAML::Mark()} {
    check_keys(allowed);
}

void MapReader::check_keys(const std::vector<std::string_view>& allowed) {
    const YAML::Node& node = self_.node;
    if (node.IsNull() || !node.IsDefined()) return;
    if (!node.IsMap()) {
        self_.error("expected a mapping with the keys " + join(allowed) + ", found " +
                    self_.found());
        return;
    }
    // yaml-cpp's iterator hands out a temporary pair: copy the nodes (cheap handles) out of it.
    for (const auto& kv : node) {
        const YAML::Node key = kv.first;
        const YAML::Node value = kv.second;
        if (!key.IsScalar()) {
            self_.diag->add(key.Mark(), self_.path,
                            "a key must be a plain name, found a " +
                                std::string(key.IsMap() ? "mapping" : "list"));
            continue;
        }
        const std::string& name = key.Scalar();
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string msg = "unknown key (allowed here: " + join(allowed) + ")";
            std::string_view best;
            std::size_t best_d = name.size() / 3 + 1;
            for (auto a : allowed) {
                std::size_t d = edit_distance(name, a);
                if (d <= best_d && (best.empty() || d < best_d)) {
                    best = a;
                    best_d = d;
                }
            }
            if (!best.empty()) msg += "; did you mean '" + std::string(best) + "'?";
            self_.diag->add(key.Mark(), path_of(name), msg);
            continue;
        }
        auto dup = std::find_if(entries_.begin(), entries_.end(),
                                [&](const Entry& e) { return e.name == name; });
        if (dup != entries_.end()) {
            self_.diag->add(key.Mark(), path_of(name),
                            "duplicate key (first given on line " + line_of(dup->key_mark) + ")");
            continue;
        }
        entries_.push_back({name, value, key.Mark()});
    }
}

std::string MapReader::path_of(std::string_view key) const {
    return self_.path.empty() ? std::string(key) : self_.path + "." + std::string(key);
}

std::optional<Field> MapReader::get(std::string_view key) const {
    for (const auto& e : entries_) {
        if (e.name == key) {
            if (e.value.IsNull()) return std::nullopt;
            return Field{self_.diag, e.value, path_of(key), e.key_mark};
        }
    }
    return std::nullopt;
}

std::optional<Field> MapReader::require(std::string_view key, std::string_view what) const {
    auto f = get(key);
    if (!f) {
        auto given = std::find_if(entries_.begin(), entries_.end(),
                                  [&](const Entry& e) { return e.name == key; });
        bool given_null = given != entries_.end();
        // Point at the empty value, else at the key of the mapping that lacks it.
        self_.diag->add(
            given_null ? given->key_mark : self_.key_mark, path_of(key),
            std::string(given_null ? "required key has no value" : "required key missing") + ": " +
                std::string(what));
    }
    return f;
}

// ---- free functions ----

std::vector<std::pair<std::string, Field>> read_free_map(const Field& field) {
    std::vector<std::pair<std::string, Field>> out;
    const YAML::Node& node = field.node;
    if (node.IsNull() || !node.IsDefined()) return out;
    if (!node.IsMap()) {
        field.error("expected a mapping of names to values, found " + field.found());
        return out;
    }
    // yaml-cpp's iterator hands out a temporary pair: copy the nodes (cheap handles) out of it.
    for (const auto& kv : node) {
        const YAML::Node key = kv.first;
        const YAML::Node value = kv.second;
        if (!key.IsScalar()) {
            field.diag->add(key.Mark(), field.path, "a key must be a plain name");
            continue;
        }
        const std::string& name = key.Scalar();
        std::string path = field.path + "." + name;
        auto dup =
            std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == name; });
        if (dup != out.end()) {
            field.diag->add(
                key.Mark(), path,
                "duplicate key (first given on line " + line_of(dup->second.key_mark) + ")");
            continue;
        }
        out.emplace_back(name, Field{field.diag, value, std::move(path), key.Mark()});
    }
    return out;
}

std::vector<Field> read_list(const Field& field, std::string_view expected) {
    std::vector<Field> out;
    if (!field.node.IsSequence()) {
        field.error("expected " + std::string(expected) + ", found " + field.found());
        return out;
    }
    for (std::size_t i = 0; i < field.node.size(); ++i) {
        YAML::Node item = field.node[i];
        out.push_back(
            Field{field.diag, item, field.path + "[" + std::to_string(i) + "]", item.Mark()});
    }
    return out;
}

bool read_string(const Field& f, std::string& out) {
    if (!f.node.IsScalar()) {
        f.error("expected a string, found " + f.found());
        return false;
    }
    out = f.node.Scalar();
    return true;
}

bool read_nonempty_string(const Field& f, std::string& out) {
    std::string v;
    if (!read_string(f, v)) return false;
    if (v.empty()) {
        f.error("must not be empty");
        return false;
    }
    out = std::move(v);
    return true;
}

bool read_bool(const Field& f, bool& out) {
    if (f.node.IsScalar()) {
        const std::string& s = f.node.Scalar();
        if (s == "true" || s == "True" || s == "TRUE") {
            out = true;
            return true;
        }
        if (s == "false" || s == "False" || s == "FALSE") {
            out = false;
            return true;
        }
    }
    f.error("expected true or false, found " + f.found());
    return false;
}

bool read_uint(const Field& f, std::uint64_t& out, std::uint64_t min, std::uint64_t max) {
    const std::string range = std::to_string(min) + ".." + std::to_string(max);
    if (!f.node.IsScalar()) {
        f.error("expected an integer " + range + ", found " + f.found());
        return false;
    }
    const std::string& s = f.node.Scalar();
    std::uint64_t v = 0;
    bool negative = s.starts_with('-');
    std::string_view digits = negative || s.starts_with('+') ? std::string_view(s).substr(1) : s;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    bool all_digits = !digits.empty() && end == digits.data() + digits.size();
    if (!all_digits || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
        f.error("expected an integer " + range + ", found " + f.found());
        return false;
    }
    if (ec == std::errc::result_out_of_range || (negative && v != 0) || v < min || v > max) {
        f.error(s + " is out of range (allowed: " + range + ")");
        return false;
    }
    out = v;
    return true;
}

}  // namespace b2k::config
