#include "ops/http_server.h"

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <chrono>

namespace b2k::ops {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr std::size_t kMaxRequest = 8192;

std::string_view reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 503:
            return "Service Unavailable";
        default:
            return "Error";
    }
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(const std::string& host, std::uint16_t port,
                                                      HttpHandler handler) {
    std::unique_ptr<HttpServer> s(new HttpServer());
    s->handler_ = std::move(handler);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    const std::string where = host + ":" + std::to_string(port);
    if (ec) {
        return failure(Errc::config, "http.listen " + where + ": '" + host +
                                         "' is not an IP address (use 127.0.0.1, 0.0.0.0, ::1 "
                                         "or an address of this host)");
    }
    s->acceptor_ = std::make_unique<tcp::acceptor>(s->io_);
    const tcp::endpoint ep(address, port);
    s->acceptor_->open(ep.protocol(), ec);
    if (!ec) s->acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) s->acceptor_->bind(ep, ec);
    if (!ec) s->acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return failure(Errc::config, "cannot listen on http.listen " + where + ": " + ec.message() +
                                         " (another process on that port? choose another "
                                         "http.listen)");
    }
    s->port_ = s->acceptor_->local_endpoint().port();
    asio::co_spawn(s->io_, s->accept_loop(), asio::detached);
    s->thread_ = std::thread([srv = s.get()] { srv->io_.run(); });
    return s;
}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::stop() {
    io_.stop();
    if (thread_.joinable()) thread_.join();
}

asio::awaitable<void> HttpServer::accept_loop() {
    for (;;) {
        boost::system::error_code ec;
        tcp::socket socket =
            co_await acceptor_->async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec == asio::error::operation_aborted) co_return;
            continue;
        }
        asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> HttpServer::serve(tcp::socket socket) {
    boost::system::error_code ec;
    asio::steady_timer deadline(io_);
    deadline.expires_after(std::chrono::seconds(5));
    deadline.async_wait([&socket](const boost::system::error_code& e) {
        if (!e) socket.close();
    });
    asio::streambuf buf(kMaxRequest);
    co_await asio::async_read_until(socket, buf, "\r\n\r\n",
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    const std::string request(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
    const auto line_end = request.find("\r\n");
    const std::string_view line = std::string_view(request).substr(0, line_end);
    const auto sp1 = line.find(' ');
    const auto sp2 = line.find(' ', sp1 == std::string_view::npos ? 0 : sp1 + 1);
    HttpResponse resp;
    bool head = false;
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
        resp = {400, "text/plain; charset=utf-8", "bad request\n"};
    } else {
        const std::string_view method = line.substr(0, sp1);
        std::string_view path = line.substr(sp1 + 1, sp2 - sp1 - 1);
        if (const auto q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
        head = method == "HEAD";
        if (method != "GET" && !head) {
            resp = {405, "text/plain; charset=utf-8", "only GET and HEAD\n"};
        } else {
            resp = handler_(path);
        }
    }
    std::string out = "HTTP/1.1 " + std::to_string(resp.status) + " " +
                      std::string(reason(resp.status)) + "\r\nContent-Type: " + resp.content_type +
                      "\r\nContent-Length: " + std::to_string(resp.body.size()) +
                      "\r\nConnection: close\r\n\r\n";
    if (!head) out += resp.body;
    co_await asio::async_write(socket, asio::buffer(out),
                               asio::redirect_error(asio::use_awaitable, ec));
    deadline.cancel();
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
}

}  // namespace b2k::ops
