// Dockerfile: no Docker engine here, so the image is not built; what can be checked without one
// is checked. The runtime stage installs a Debian package for every shared library the built
// binary loads (ldd → dpkg -S; directly linked ones named explicitly, the rest pulled in by
// those or in the base image), and it runs the daemon: CMD, EXPOSE, HEALTHCHECK on /healthz
// with a tool it installs, a non-root USER.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/http_config.h"
#include "support/process.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

struct Instruction {
    std::string keyword;  // upper case: FROM, RUN, CMD, ...
    std::string args;     // continuation lines joined
};

// The instructions of the last stage (the runtime image).
std::vector<Instruction> runtime_stage() {
    std::istringstream in(read_text(source_path("Dockerfile")));
    std::vector<Instruction> stage;
    std::string pending;
    auto flush = [&] {
        std::istringstream words(pending);
        Instruction i;
        words >> i.keyword;
        std::getline(words, i.args);
        i.args.erase(0, i.args.find_first_not_of(' '));
        pending.clear();
        if (i.keyword.empty()) return;
        if (i.keyword == "FROM") stage.clear();
        stage.push_back(i);
    };
    for (std::string line; std::getline(in, line);) {
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        if (line.back() == '\\') {
            pending += line.substr(0, line.size() - 1) + " ";
            continue;
        }
        pending += line;
        flush();
    }
    if (!pending.empty()) flush();
    return stage;
}

std::vector<std::string> instructions(const std::string& keyword) {
    std::vector<std::string> out;
    for (const auto& i : runtime_stage()) {
        if (i.keyword == keyword) out.push_back(i.args);
    }
    return out;
}

// The packages of every `apt-get install` in the runtime stage.
std::set<std::string> runtime_packages() {
    std::set<std::string> out;
    for (const auto& run : instructions("RUN")) {
        std::istringstream words(run);
        bool installing = false;
        std::string prev;
        for (std::string w; words >> w; prev = w) {
            if (prev == "apt-get" && w == "install") {
                installing = true;
            } else if (w == "&&" || w == ";" || w == "||") {
                installing = false;
            } else if (installing && !w.starts_with('-')) {
                out.insert(w);
            }
        }
    }
    return out;
}

// Installed packages: what each depends on, and the ones every Debian image has.
struct PackageDb {
    std::map<std::string, std::vector<std::string>> depends;  // first alternative of each
    std::set<std::string> base;  // Essential: yes or Priority: required, and their closure

    static PackageDb load() {
        const fs::path tool = require_tool("dpkg-query", "dpkg");
        const ProcessResult r =
            run_process({tool.string(), "-W",
                         "-f=${Package}\\t${Essential}\\t${Priority}\\t${Pre-Depends}, "
                         "${Depends}\\n"});
        if (r.exit_code != 0) throw std::runtime_error("dpkg-query -W failed:\n" + r.output);
        PackageDb db;
        std::istringstream lines(r.output);
        std::set<std::string> roots;
        for (std::string line; std::getline(lines, line);) {
            std::vector<std::string> f;
            std::istringstream fields(line);
            for (std::string x; std::getline(fields, x, '\t');)
                f.push_back(x);
            if (f.size() < 4) continue;
            std::vector<std::string>& deps = db.depends[f[0]];
            std::istringstream each(f[3]);
            for (std::string dep; std::getline(each, dep, ',');) {
                // "libc6 (>= 2.34)", "libgcc-s1 | libgcc1", "python3:any"
                std::smatch m;
                if (std::regex_search(dep, m, std::regex("^\\s*([a-z0-9][a-z0-9+.-]*)"))) {
                    deps.push_back(m[1]);
                }
            }
            if (f[1] == "yes" || f[2] == "required") roots.insert(f[0]);
        }
        db.base = db.closure(roots);
        return db;
    }

    [[nodiscard]] std::set<std::string> closure(const std::set<std::string>& roots) const {
        std::set<std::string> seen;
        std::vector<std::string> todo(roots.begin(), roots.end());
        while (!todo.empty()) {
            std::string p = todo.back();
            todo.pop_back();
            if (!seen.insert(p).second) continue;
            auto it = depends.find(p);
            if (it != depends.end()) todo.insert(todo.end(), it->second.begin(), it->second.end());
        }
        return seen;
    }
};

// The Debian package that owns a shared library. On merged-/usr Debian 12 a library is
// registered under /lib or /usr/lib, by its soname link or by the real file: try each.
std::string package_of(const fs::path& lib) {
    const fs::path tool = require_tool("dpkg", "dpkg");
    std::vector<fs::path> candidates;
    for (const fs::path& p : {lib, fs::path(fs::weakly_canonical(lib))}) {
        candidates.push_back(p);
        const std::string s = p.string();
        candidates.emplace_back(s.starts_with("/usr/") ? s.substr(4) : "/usr" + s);
    }
    for (const auto& c : candidates) {
        const ProcessResult r = run_process({tool.string(), "-S", c.string()});
        if (r.exit_code != 0) continue;
        // "zlib1g:amd64: /lib/x86_64-linux-gnu/libz.so.1"
        std::string pkg = r.output.substr(0, r.output.find(": "));
        return pkg.substr(0, pkg.find(':'));
    }
    return "";
}

// soname → path, for every library the binary loads (ldd), and the directly linked sonames.
struct Linked {
    std::map<std::string, fs::path> all;
    std::set<std::string> direct;
};

Linked linked_libraries() {
    Linked out;
    const ProcessResult ldd = run_process({require_tool("ldd", "libc-bin").string(), B2K_BINARY});
    if (ldd.exit_code != 0) throw std::runtime_error("ldd " B2K_BINARY " failed:\n" + ldd.output);
    std::istringstream lines(ldd.output);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (line.find("not found") != std::string::npos) {
            throw std::runtime_error("ldd: " + line);
        }
        // The sanitizer runtimes come from the test build's flags (CI builds with ASan+UBSan);
        // the image is built in Release without them.
        if (std::regex_search(line, std::regex(R"(^\s*lib(asan|ubsan|tsan|lsan)\.so)"))) continue;
        if (std::regex_search(line, m, std::regex(R"(^\s*(\S+) => (/\S+))"))) {
            out.all[m[1]] = m[2].str();
        } else if (std::regex_search(line, m, std::regex(R"(^\s*(/\S+) \()"))) {
            out.all[fs::path(m[1].str()).filename()] = m[1].str();  // the dynamic loader
        }
    }
    const ProcessResult elf =
        run_process({require_tool("readelf", "binutils").string(), "-d", B2K_BINARY});
    if (elf.exit_code != 0) throw std::runtime_error("readelf -d failed:\n" + elf.output);
    std::istringstream entries(elf.output);
    for (std::string line; std::getline(entries, line);) {
        std::smatch m;
        if (std::regex_search(line, m, std::regex(R"(\(NEEDED\).*\[(.+)\])")) &&
            !std::regex_search(m[1].str(), std::regex(R"(^lib(asan|ubsan|tsan|lsan)\.so)"))) {
            out.direct.insert(m[1]);
        }
    }
    if (out.all.empty() || out.direct.empty()) {
        throw std::runtime_error("no libraries found for " B2K_BINARY "; ldd said:\n" + ldd.output);
    }
    return out;
}

TEST(Dockerfile, RuntimeStageInstallsEveryLibraryTheBinaryLinks) {
    const std::set<std::string> listed = runtime_packages();
    ASSERT_FALSE(listed.empty()) << "no apt-get install in the runtime stage";
    const PackageDb db = PackageDb::load();
    for (const auto& p : listed) {
        EXPECT_TRUE(db.depends.count(p))
            << p << " is not installed on this machine, so its dependencies cannot be checked "
            << "(apt-get install " << p << ")";
        EXPECT_FALSE(p.ends_with("-dev")) << p << ": a build package in the runtime stage";
    }
    std::set<std::string> available = db.closure(listed);
    available.insert(db.base.begin(), db.base.end());

    const Linked libs = linked_libraries();
    for (const auto& [soname, path] : libs.all) {
        const std::string pkg = package_of(path);
        ASSERT_FALSE(pkg.empty()) << soname << " (" << path << ") belongs to no Debian package";
        if (libs.direct.count(soname)) {
            // Linked directly: name its package, unless every Debian image has it.
            EXPECT_TRUE(listed.count(pkg) || db.base.count(pkg))
                << B2K_BINARY << " links " << soname << " from package " << pkg
                << "; add it to the runtime stage's apt-get install";
        } else {
            EXPECT_TRUE(available.count(pkg))
                << soname << " (package " << pkg << ") is loaded but nothing in the runtime "
                << "stage brings it in";
        }
    }
}

TEST(Dockerfile, RuntimeStageRunsTheDaemonAsNonRootWithAHealthCheck) {
    ASSERT_EQ(instructions("FROM").size(), 1u);
    EXPECT_EQ(instructions("FROM").front(), "debian:12-slim");
    ASSERT_EQ(instructions("CMD").size(), 1u);
    EXPECT_EQ(instructions("CMD").front(), R"(["run", "-c", "/etc/binlog2kafka/config.yaml"])");
    ASSERT_EQ(instructions("ENTRYPOINT").size(), 1u);
    EXPECT_EQ(instructions("ENTRYPOINT").front(), R"(["/usr/local/bin/binlog2kafka"])");

    ASSERT_EQ(instructions("EXPOSE").size(), 1u);
    const config::HttpConfig http_default;
    EXPECT_EQ(instructions("EXPOSE").front(), std::to_string(http_default.port));

    ASSERT_EQ(instructions("HEALTHCHECK").size(), 1u);
    const std::string health = instructions("HEALTHCHECK").front();
    EXPECT_NE(health.find("CMD curl -f"), std::string::npos) << health;
    EXPECT_TRUE(runtime_packages().count("curl")) << "HEALTHCHECK uses curl";
    std::string url;
    for (const auto& env : instructions("ENV")) {
        if (env.starts_with("B2K_HEALTH_URL=")) url = env.substr(15);
    }
    EXPECT_EQ(url, "http://127.0.0.1:" + std::to_string(http_default.port) + "/healthz");
    EXPECT_NE(health.find("$B2K_HEALTH_URL"), std::string::npos) << health;

    ASSERT_EQ(instructions("USER").size(), 1u);
    const std::string user = instructions("USER").front();
    EXPECT_EQ(user, "10001:10001") << "numeric, so runAsNonRoot can verify it";
    bool created = false;
    for (const auto& run : instructions("RUN")) {
        created |= run.find("--uid 10001 --gid 10001") != std::string::npos &&
                   run.find("--gid 10001 binlog2kafka") != std::string::npos;
    }
    EXPECT_TRUE(created) << "the runtime stage creates user and group 10001";
}

}  // namespace
}  // namespace b2k::test
