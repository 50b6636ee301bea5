#include "config/source_config.h"

namespace b2k::config {

std::string to_string(const StartPosition& start) {
    struct Visitor {
        std::string operator()(const StartLatest&) const { return "latest"; }
        std::string operator()(const StartEarliest&) const { return "earliest"; }
        std::string operator()(const StartGtid& g) const { return "gtid " + g.set; }
        std::string operator()(const StartFilePos& f) const {
            return "file " + f.file + " pos " + std::to_string(f.pos);
        }
    };
    return std::visit(Visitor{}, start);
}

}  // namespace b2k::config
