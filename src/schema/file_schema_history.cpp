#include "schema/file_schema_history.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace b2k::schema {
namespace {

template <class Fn>
Result<void> each_line(const std::string& path, Fn&& fn) {
    std::ifstream in(path);
    if (!in) return success();  // no history yet
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty()) continue;
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("version")) {
            // A line cut by a crash during append is the last one: ignore it; any other is
            // corruption.
            if (in.peek() == EOF) break;
            return failure(Errc::corrupt, "schema history " + path + " line " + std::to_string(n) +
                                              " is not a version record");
        }
        B2K_TRY(fn(j));
    }
    return success();
}

}  // namespace

Result<std::optional<SchemaVersion>> FileSchemaHistory::load(std::uint64_t version) {
    std::optional<SchemaVersion> out;
    B2K_TRY(each_line(path_, [&](const nlohmann::json& j) -> Result<void> {
        if (j.at("version").get<std::uint64_t>() != version) return success();
        B2K_TRY(auto v, version_from_json(
                            j, "schema history " + path_ + " version " + std::to_string(version)));
        out = std::move(v);
        return success();
    }));
    return out;
}

Result<std::uint64_t> FileSchemaHistory::highest() {
    std::uint64_t max = 0;
    B2K_TRY(each_line(path_, [&](const nlohmann::json& j) -> Result<void> {
        max = std::max(max, j.at("version").get<std::uint64_t>());
        return success();
    }));
    return max;
}

Result<void> FileSchemaHistory::append(const SchemaVersion& v) {
    const nlohmann::json j = version_to_json(v);
    const std::string line = j.dump() + "\n";
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        return failure(Errc::io,
                       "cannot open the schema history " + path_ + ": " + std::strerror(errno));
    }
    std::size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = errno;
            ::close(fd);
            return failure(Errc::io,
                           "cannot write the schema history " + path_ + ": " + std::strerror(e));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const int e = errno;
        ::close(fd);
        return failure(Errc::io,
                       "cannot fsync the schema history " + path_ + ": " + std::strerror(e));
    }
    ::close(fd);
    return success();
}

nlohmann::json version_to_json(const SchemaVersion& v) {
    return {{"version", v.version},
            {"file", v.file},
            {"pos", v.pos},
            {"ddl", v.ddl},
            {"catalog", v.catalog.to_json()}};
}

Result<SchemaVersion> version_from_json(const nlohmann::json& j, const std::string& where) {
    try {
        SchemaVersion v;
        v.version = j.at("version").get<std::uint64_t>();
        v.file = j.value("file", "");
        v.pos = j.value("pos", std::uint64_t{0});
        v.ddl = j.value("ddl", "");
        v.catalog = SchemaCatalog::from_json(j.at("catalog"));
        return v;
    } catch (const std::exception& e) {
        return failure(Errc::corrupt, where + ": " + e.what());
    }
}

}  // namespace b2k::schema
