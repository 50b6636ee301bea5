#include "support/vector_ledger.h"

#include <map>
#include <mutex>
#include <string>

namespace b2k::test {
namespace {

std::mutex& ledger_mutex() {
    static std::mutex m;
    return m;
}

std::map<std::string, std::size_t>& ledger() {
    static std::map<std::string, std::size_t> marks;
    return marks;
}

std::string key_of(std::string_view file, const nlohmann::json& vector) {
    return std::string(file) + '\n' + vector.dump();
}

}  // namespace

void mark_checked(std::string_view file, const nlohmann::json& vector) {
    const std::lock_guard<std::mutex> lock(ledger_mutex());
    ++ledger()[key_of(file, vector)];
}

std::size_t times_checked(std::string_view file, const nlohmann::json& vector) {
    const std::lock_guard<std::mutex> lock(ledger_mutex());
    const auto it = ledger().find(key_of(file, vector));
    return it == ledger().end() ? 0 : it->second;
}

}  // namespace b2k::test
