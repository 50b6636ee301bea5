#pragma once
// A TCP proxy on 127.0.0.1 for fault tests: forwards to a target port and can cut every open
// connection at once (cut()), or by itself at random byte counts (set_random_cuts). Runs its
// own thread; stops in the destructor. A hook can see (and hold) what clients send.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <thread>

namespace b2k::test {

class TcpProxy {
  public:
    explicit TcpProxy(std::uint16_t target_port);
    ~TcpProxy();
    TcpProxy(const TcpProxy&) = delete;
    TcpProxy& operator=(const TcpProxy&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    // Closes every connection now (both sides see a reset).
    void cut();
    // Each forwarded chunk cuts its connection with this probability (0: never), using `seed`.
    void set_random_cuts(double probability, std::uint64_t seed);
    // Called on the proxy's thread with each chunk a client sends, before it is forwarded (the
    // chunk waits until the hook returns): a test can act at the moment a query passes.
    void set_client_hook(std::function<void(std::string_view chunk)> hook);
    std::uint64_t cuts() const noexcept { return cuts_.load(); }
    std::uint64_t connections() const noexcept { return connections_.load(); }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::uint16_t port_ = 0;
    std::atomic<std::uint64_t> cuts_{0};
    std::atomic<std::uint64_t> connections_{0};
    std::thread thread_;
};

}  // namespace b2k::test
