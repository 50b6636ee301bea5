#pragma once
// Test support: a unix datagram socket standing in for systemd's notify socket
// ($NOTIFY_SOCKET), for the sd_notify tests of SystemdNotify and of the daemon.
//
//   FakeSystemd systemd(dir);               // bound at dir/notify.sock
//   setenv("NOTIFY_SOCKET", systemd.path())  // in the process under test
//   systemd.receive()                        // the next message, or "<nothing>" after 2 s
//
// collect() starts a thread that keeps receiving (a daemon's sender must never find the
// socket's small queue full), and messages() is everything received so far.
// Not thread-safe apart from messages(), which may be called while collecting.

#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace b2k::test {

class FakeSystemd {
  public:
    // Binds `dir`/notify.sock (a fresh per-process name under the temp dir when `dir` is
    // empty). Throws std::runtime_error when the socket cannot be made.
    explicit FakeSystemd(const std::filesystem::path& dir = {});
    ~FakeSystemd();
    FakeSystemd(const FakeSystemd&) = delete;
    FakeSystemd& operator=(const FakeSystemd&) = delete;

    const std::string& path() const noexcept { return path_; }
    std::string receive();

    void collect();
    std::vector<std::string> messages() const;

  private:
    std::string path_;
    int fd_ = -1;
    std::atomic<bool> stop_{false};
    std::thread collector_;
    mutable std::mutex mutex_;
    std::vector<std::string> messages_;
};

}  // namespace b2k::test
