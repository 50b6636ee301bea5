#include "config/name_pattern.h"

namespace b2k::config {
namespace {

char fold(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

Result<NamePattern> NamePattern::parse_table(std::string_view text) {
    return parse(text, 2);
}
Result<NamePattern> NamePattern::parse_column(std::string_view text) {
    return parse(text, 3);
}

Result<NamePattern> NamePattern::parse(std::string_view text, std::size_t parts) {
    const std::string shape = parts == 2 ? "db.table" : "db.table.column";
    NamePattern p;
    p.text_ = std::string(text);
    p.parts_.emplace_back();
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\') {
            if (i + 1 == text.size()) {
                return failure(Errc::config,
                               R"(ends with a lone '\' (write '\\' for a backslash))");
            }
            p.parts_.back().push_back({Elem::Kind::literal, text[++i]});
        } else if (c == '.') {
            p.parts_.emplace_back();
        } else if (c == '*') {
            // "**" is the same as "*"; keeping one makes matching linear in practice.
            if (p.parts_.back().empty() || p.parts_.back().back().kind != Elem::Kind::any_run) {
                p.parts_.back().push_back({Elem::Kind::any_run, 0});
            }
        } else if (c == '?') {
            p.parts_.back().push_back({Elem::Kind::any_one, 0});
        } else {
            p.parts_.back().push_back({Elem::Kind::literal, c});
        }
    }
    if (p.parts_.size() != parts) {
        return failure(Errc::config, "has " + std::to_string(p.parts_.size()) + " part" +
                                         (p.parts_.size() == 1 ? "" : "s") + ", expected " + shape +
                                         " (write '\\.' for a literal dot)");
    }
    for (const auto& part : p.parts_) {
        if (part.empty()) {
            return failure(Errc::config, "has an empty part, expected " + shape +
                                             " with each part a name or a glob such as '*'");
        }
    }
    return p;
}

bool NamePattern::names_database_literally() const noexcept {
    for (const auto& e : parts_.front()) {
        if (e.kind != Elem::Kind::literal) return false;
    }
    return true;
}

bool NamePattern::matches(std::string_view db, std::string_view table) const {
    return parts_.size() == 2 && match_part(parts_[0], db, false) &&
           match_part(parts_[1], table, false);
}

bool NamePattern::matches(std::string_view db, std::string_view table,
                          std::string_view column) const {
    return parts_.size() == 3 && match_part(parts_[0], db, false) &&
           match_part(parts_[1], table, false) && match_part(parts_[2], column, true);
}

// Iterative glob match: on a mismatch, retry from the last '*' with one more character
// swallowed by it.
bool NamePattern::match_part(const Part& part, std::string_view name, bool fold_case) {
    std::size_t p = 0;
    std::size_t n = 0;
    std::size_t star_p = std::string_view::npos;
    std::size_t star_n = 0;
    while (n < name.size()) {
        if (p < part.size()) {
            const Elem& e = part[p];
            if (e.kind == Elem::Kind::any_run) {
                star_p = p++;
                star_n = n;
                continue;
            }
            bool same = e.kind == Elem::Kind::any_one ||
                        (fold_case ? fold(e.c) == fold(name[n]) : e.c == name[n]);
            if (same) {
                ++p;
                ++n;
                continue;
            }
        }
        if (star_p == std::string_view::npos) return false;
        p = star_p + 1;
        n = ++star_n;
    }
    while (p < part.size() && part[p].kind == Elem::Kind::any_run)
        ++p;
    return p == part.size();
}

}  // namespace b2k::config
