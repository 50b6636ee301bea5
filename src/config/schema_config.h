#pragma once
// schema: — how table definitions are tracked.

#include <array>
#include <vector>

#include "config/enum_names.h"
#include "config/name_pattern.h"
#include "config/topic_template.h"

namespace b2k::config {

enum class OnMismatch {
    stop,         // a row that does not fit its table's schema stops the daemon
    reread_once,  // re-read information_schema once (only when caught up), then stop
};
inline constexpr std::array<EnumName<OnMismatch>, 2> kOnMismatchNames{{
    {"stop", OnMismatch::stop},
    {"reread_once", OnMismatch::reread_once},
}};
constexpr std::string_view to_string(OnMismatch v) noexcept {
    return name_of(kOnMismatchNames, v);
}

struct SchemaConfig {
    OnMismatch on_mismatch = OnMismatch::stop;
    // The compacted topic holding the schema history with checkpoint.store: kafka.
    TopicTemplate history_topic =
        TopicTemplate::parse("{name}.schema-history", TopicTemplate::Scope::source).value();
    // db.table globs: a captured table whose tracked definition is unknown (a DDL the tracker
    // could not interpret) takes today's information_schema definition at start. The operator
    // vouches that no DDL changed it between the stored checkpoint and now.
    std::vector<NamePattern> accept_current;
    bool operator==(const SchemaConfig&) const = default;
};

}  // namespace b2k::config
