#pragma once
// Test support: a throwaway MariaDB server for integration tests, started through the shell
// library scripts/lib/mariadb.sh (mdb_start/mdb_sql/mdb_stop), so tests, benchmarks and the
// demo share one way of running MariaDB.
//
//   MariadbServer db({"--binlog-row-metadata=FULL"});   // started here, in /tmp/b2k-mdb.XXXXXX
//   connect to db.host():db.port() as db.user()/db.password()   (least-privilege cdc user)
//   db.sql("CREATE DATABASE shop");                      // as root over the unix socket
//   // stopped and deleted by the destructor (B2K_KEEP_TEST_DIRS=1 keeps the directory)
//
// A server that cannot start — mariadbd not installed, bad options — throws std::runtime_error
// with the library's message and the end of the server's error log: a test fails loudly, it is
// never skipped. Not thread-safe; one object per server.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace b2k::test {

class MariadbServer {
  public:
    // Starts a fresh server; `mysqld_args` come after the library's defaults (so they override
    // them), e.g. {"--binlog-row-image=MINIMAL", "--max-allowed-packet=64M"}.
    explicit MariadbServer(std::vector<std::string> mysqld_args = {},
                           std::string cdc_password = "cdc-password");
    ~MariadbServer();
    MariadbServer(const MariadbServer&) = delete;
    MariadbServer& operator=(const MariadbServer&) = delete;

    const std::string& host() const noexcept { return host_; }  // 127.0.0.1
    std::uint16_t port() const noexcept { return port_; }
    const std::string& user() const noexcept { return user_; }  // cdc
    const std::string& password() const noexcept { return password_; }
    std::filesystem::path socket() const { return dir_ / "mysqld.sock"; }
    const std::filesystem::path& dir() const noexcept { return dir_; }
    std::filesystem::path binlog_dir() const { return dir_ / "binlog"; }
    std::filesystem::path error_log() const { return dir_ / "error.log"; }

    // Runs SQL as root over the socket; returns the output, tab-separated, without column
    // names. Throws with the client's message when the statement fails.
    std::string sql(const std::string& statements) const;
    // The same, split into rows and tab-separated fields.
    std::vector<std::vector<std::string>> sql_rows(const std::string& statements) const;

    // Clean shutdown and start again on the same data directory and port, with the same
    // options (a server restart in the middle of a test).
    void restart();
    void stop();
    void start();
    bool running() const noexcept { return running_; }

  private:
    struct Output {
        int status = 0;
        std::string out;
        std::string err;
    };
    // bash -c 'source mariadb.sh && <function> "$@"' with args.
    Output run_library(const std::string& function, const std::vector<std::string>& args,
                       const std::vector<std::string>& env = {}) const;

    std::filesystem::path library_;
    std::filesystem::path dir_;
    std::vector<std::string> args_;
    std::string host_ = "127.0.0.1";
    std::string user_ = "cdc";
    std::string password_;
    std::uint16_t port_ = 0;
    bool running_ = false;
};

// Where scripts/lib/mariadb.sh is (B2K_MARIADB_SH in the environment overrides it).
std::filesystem::path mariadb_library_path();

}  // namespace b2k::test
