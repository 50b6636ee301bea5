#include "ops/http_server.h"

#include <gtest/gtest.h>

namespace b2k::ops {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// One raw HTTP exchange with the server on 127.0.0.1.
std::string exchange(std::uint16_t port, const std::string& request) {
    asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(s, asio::buffer(request));
    std::string out;
    boost::system::error_code ec;
    char buf[4096];
    for (;;) {
        const std::size_t n = s.read_some(asio::buffer(buf), ec);
        out.append(buf, n);
        if (ec) break;
    }
    return out;
}

HttpResponse handler(std::string_view path) {
    if (path == "/healthz") return {200, "text/plain; charset=utf-8", "ok\n"};
    if (path == "/readyz") return {503, "text/plain; charset=utf-8", "not ready: x\n"};
    return {404, "text/plain; charset=utf-8", "not found\n"};
}

TEST(HttpServer, AnswersGetAndHeadWithStatusAndLength) {
    auto server = HttpServer::start("127.0.0.1", 0, handler);
    ASSERT_TRUE(server) << server.error().message;
    const std::uint16_t port = server.value()->port();
    ASSERT_NE(port, 0);

    std::string r = exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(r.starts_with("HTTP/1.1 200 OK\r\n")) << r;
    EXPECT_NE(r.find("Content-Length: 3\r\n"), std::string::npos);
    EXPECT_TRUE(r.ends_with("\r\n\r\nok\n")) << r;

    r = exchange(port, "GET /readyz?verbose=1 HTTP/1.0\r\n\r\n");
    EXPECT_TRUE(r.starts_with("HTTP/1.1 503 Service Unavailable\r\n")) << r;

    r = exchange(port, "HEAD /healthz HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(r.starts_with("HTTP/1.1 200 OK\r\n"));
    EXPECT_TRUE(r.ends_with("\r\n\r\n")) << "HEAD has no body: " << r;

    r = exchange(port, "POST /healthz HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(r.starts_with("HTTP/1.1 405 ")) << r;

    r = exchange(port, "GET /nope HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(r.starts_with("HTTP/1.1 404 ")) << r;

    r = exchange(port, "garbage\r\n\r\n");
    EXPECT_TRUE(r.starts_with("HTTP/1.1 400 ")) << r;
}

TEST(HttpServer, BindErrorsNameTheAddress) {
    auto first = HttpServer::start("127.0.0.1", 0, handler);
    ASSERT_TRUE(first);
    auto second = HttpServer::start("127.0.0.1", first.value()->port(), handler);
    ASSERT_FALSE(second);
    EXPECT_TRUE(second.error().is(Errc::config));
    EXPECT_NE(second.error().message.find("http.listen 127.0.0.1:"), std::string::npos)
        << second.error().message;
    auto bad = HttpServer::start("not-an-ip", 0, handler);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("not an IP address"), std::string::npos);
}

}  // namespace
}  // namespace b2k::ops
