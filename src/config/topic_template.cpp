#include "config/topic_template.h"

namespace b2k::config {
namespace {

constexpr std::size_t kMaxTopicLength = 249;

bool topic_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

std::string_view allowed_placeholders(TopicTemplate::Scope scope) {
    return scope == TopicTemplate::Scope::table ? "{name}, {db}, {table}" : "{name}";
}

bool known_placeholder(std::string_view p, TopicTemplate::Scope scope) {
    if (p == "name") return true;
    return scope == TopicTemplate::Scope::table && (p == "db" || p == "table");
}

void append_sanitized(std::string& out, std::string_view value) {
    for (char c : value)
        out.push_back(topic_char(c) ? c : '_');
}

}  // namespace

Result<TopicTemplate> TopicTemplate::parse(std::string_view text, Scope scope) {
    if (text.empty()) return failure(Errc::config, "is empty; a topic name is needed");
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '{') {
            std::size_t close = text.find('}', i);
            if (close == std::string_view::npos) {
                return failure(Errc::config, "has a '{' without a closing '}' (placeholders: " +
                                                 std::string(allowed_placeholders(scope)) + ")");
            }
            std::string_view p = text.substr(i + 1, close - i - 1);
            if (!known_placeholder(p, scope)) {
                return failure(Errc::config,
                               "has the unknown placeholder {" + std::string(p) +
                                   "} (allowed: " + std::string(allowed_placeholders(scope)) + ")");
            }
            i = close;
        } else if (c == '}') {
            return failure(Errc::config, "has a '}' without an opening '{'");
        } else if (!topic_char(c)) {
            return failure(Errc::config, std::string("has the character '") + c +
                                             "', which Kafka does not allow in a topic name "
                                             "(allowed: letters, digits, '.', '_', '-')");
        }
    }
    if (text.size() > kMaxTopicLength) {
        return failure(Errc::config, "is longer than Kafka's limit of 249 characters");
    }
    return TopicTemplate(std::string(text), scope);
}

std::string TopicTemplate::expand(std::string_view name, std::string_view db,
                                  std::string_view table) const {
    std::string out;
    std::string_view t = text_;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '{') {
            out.push_back(t[i]);
            continue;
        }
        std::size_t close = t.find('}', i);  // present: parse() checked
        std::string_view p = t.substr(i + 1, close - i - 1);
        if (p == "name") {
            append_sanitized(out, name);
        } else if (p == "db") {
            append_sanitized(out, db);
        } else {
            append_sanitized(out, table);
        }
        i = close;
    }
    if (out.size() > kMaxTopicLength) out.resize(kMaxTopicLength);
    return out;
}

}  // namespace b2k::config
