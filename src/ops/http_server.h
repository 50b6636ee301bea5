#pragma once
// HttpServer: the small HTTP/1.1 endpoint for /metrics, /healthz, /readyz and /status
// (config http.listen). GET and HEAD only; one request per connection (Connection: close);
// requests over 8 KiB or slower than 5 s are dropped. It runs on a thread of its own, so a
// stuck pipeline does not stop /healthz from answering (and /readyz from saying why).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "common/result.h"
#include "mysql/asio.h"

namespace b2k::ops {

struct HttpResponse {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
};

// Called on the HTTP thread with the request path (query string removed).
using HttpHandler = std::function<HttpResponse(std::string_view path)>;

class HttpServer {
  public:
    // Binds host:port (port 0: any free port) and starts serving. Errc::config naming the
    // address when it cannot bind (in use, not a local address).
    [[nodiscard]] static Result<std::unique_ptr<HttpServer>> start(const std::string& host,
                                                                   std::uint16_t port,
                                                                   HttpHandler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    void stop();

  private:
    HttpServer() = default;
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);

    boost::asio::io_context io_;
    std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
    HttpHandler handler_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

}  // namespace b2k::ops
