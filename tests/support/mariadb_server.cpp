#include "support/mariadb_server.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "support/tls_certs.h"

extern char** environ;

namespace b2k::test {
namespace {

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

std::filesystem::path mariadb_library_path() {
    if (const char* env = std::getenv("B2K_MARIADB_SH"); env != nullptr && *env != '\0') {
        return env;
    }
    // tests/data is the one source path the test build passes in; the library sits beside it.
    auto p = std::filesystem::path(B2K_TEST_DATA_DIR).parent_path().parent_path() / "scripts" /
             "lib" / "mariadb.sh";
    if (!std::filesystem::exists(p)) {
        throw std::runtime_error("MariaDB shell library not found at " + p.string() +
                                 " (set B2K_MARIADB_SH)");
    }
    return p.lexically_normal();
}

MariadbServer::MariadbServer(std::vector<std::string> mysqld_args, std::string cdc_password)
    : library_(mariadb_library_path()),
      dir_(make_temp_dir("b2k-mdb")),
      args_(std::move(mysqld_args)),
      password_(std::move(cdc_password)) {
    try {
        start();
    } catch (...) {
        if (std::getenv("B2K_KEEP_TEST_DIRS") == nullptr) {
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
        }
        throw;
    }
}

MariadbServer::~MariadbServer() {
    try {
        stop();
    } catch (...) {
        // A destructor must not throw; the server was asked to stop, the directory goes.
    }
    if (std::getenv("B2K_KEEP_TEST_DIRS") == nullptr) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
}

MariadbServer::Output MariadbServer::run_library(const std::string& function,
                                                 const std::vector<std::string>& args,
                                                 const std::vector<std::string>& env) const {
    const std::string out_path = (dir_ / ".run.out").string();
    const std::string err_path = (dir_ / ".run.err").string();
    std::vector<std::string> argv{
        "/bin/bash", "-c", "source \"$0\" || exit 1; " + function + " \"$@\"", library_.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);

    std::vector<std::string> envs;
    for (char** e = environ; *e != nullptr; ++e)
        envs.emplace_back(*e);
    envs.insert(envs.end(), env.begin(), env.end());
    std::vector<char*> cenv;
    for (auto& e : envs)
        cenv.push_back(e.data());
    cenv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, "/bin/bash", &actions, nullptr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot run /bin/bash for " + function + ": " + std::strerror(rc));
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    }
    Output o;
    o.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    o.out = read_text(out_path);
    o.err = read_text(err_path);
    std::error_code ec;
    std::filesystem::remove(out_path, ec);
    std::filesystem::remove(err_path, ec);
    return o;
}

void MariadbServer::start() {
    if (running_) return;
    std::vector<std::string> args{dir_.string()};
    args.insert(args.end(), args_.begin(), args_.end());
    std::vector<std::string> env{"MDB_CDC_PASSWORD=" + password_};
    if (port_ != 0) env.push_back("MDB_WANT_PORT=" + std::to_string(port_));
    const Output o = run_library("mdb_start", args, env);
    if (o.status != 0) {
        throw std::runtime_error("cannot start MariaDB in " + dir_.string() + " (mdb_start exit " +
                                 std::to_string(o.status) + "):\n" + o.err + o.out);
    }
    const std::string port_text = read_text(dir_ / "port");
    const int port = std::atoi(port_text.c_str());
    if (port <= 0 || port > 65535) {
        throw std::runtime_error("mdb_start left no port file in " + dir_.string());
    }
    port_ = static_cast<std::uint16_t>(port);
    running_ = true;
}

void MariadbServer::stop() {
    if (!running_) return;
    running_ = false;
    const Output o = run_library("mdb_stop", {dir_.string()});
    if (o.status != 0) {
        throw std::runtime_error("mdb_stop failed in " + dir_.string() + ":\n" + o.err);
    }
}

void MariadbServer::restart() {
    stop();
    start();
}

std::string MariadbServer::sql(const std::string& statements) const {
    if (!running_)
        throw std::runtime_error("sql(): the server in " + dir_.string() + " is stopped");
    const Output o = run_library("mdb_sql", {dir_.string(), statements});
    if (o.status != 0) {
        throw std::runtime_error("SQL failed on the test server: " + statements + "\n" + o.err);
    }
    return o.out;
}

std::vector<std::vector<std::string>> MariadbServer::sql_rows(const std::string& statements) const {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(sql(statements));
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (;;) {
            const auto tab = line.find('\t', start);
            fields.push_back(line.substr(start, tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        rows.push_back(std::move(fields));
    }
    return rows;
}

}  // namespace b2k::test
