#include "support/tcp_proxy.h"

#include <future>
#include <list>
#include <mutex>
#include <random>

#include "mysql/asio.h"

namespace b2k::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct TcpProxy::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::uint16_t target = 0;
    struct Pair {
        tcp::socket client;
        tcp::socket server;
        explicit Pair(asio::io_context& ctx) : client(ctx), server(ctx) {}
    };
    std::list<std::shared_ptr<Pair>> pairs;
    std::mt19937_64 rng{1};
    double cut_probability = 0;
    std::function<void(std::string_view)> client_hook;
    TcpProxy* owner = nullptr;

    void close(const std::shared_ptr<Pair>& p) {
        boost::system::error_code ec;
        p->client.close(ec);
        p->server.close(ec);
        pairs.remove(p);
    }

    void pump(std::shared_ptr<Pair> p, tcp::socket& from, tcp::socket& to) {
        auto buf = std::make_shared<std::array<char, 16384>>();
        from.async_read_some(
            asio::buffer(*buf), [this, p, &from, &to, buf](auto ec, std::size_t n) {
                if (ec) {
                    close(p);
                    return;
                }
                if (client_hook && &from == &p->client) {
                    client_hook(std::string_view(buf->data(), n));
                }
                if (cut_probability > 0 &&
                    std::uniform_real_distribution<double>(0, 1)(rng) < cut_probability) {
                    // Forward a random prefix, then cut: the stream ends inside a packet or event.
                    const std::size_t part = std::uniform_int_distribution<std::size_t>(0, n)(rng);
                    boost::system::error_code wec;
                    asio::write(to, asio::buffer(buf->data(), part), wec);
                    ++owner->cuts_;
                    close(p);
                    return;
                }
                asio::async_write(to, asio::buffer(buf->data(), n),
                                  [this, p, &from, &to, buf](auto wec, std::size_t) {
                                      if (wec) {
                                          close(p);
                                          return;
                                      }
                                      pump(p, from, to);
                                  });
            });
    }

    void accept() {
        auto p = std::make_shared<Pair>(io);
        acceptor.async_accept(p->client, [this, p](auto ec) {
            if (ec) return;
            boost::system::error_code cec;
            p->server.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), target), cec);
            if (!cec) {
                ++owner->connections_;
                pairs.push_back(p);
                pump(p, p->client, p->server);
                pump(p, p->server, p->client);
            }
            accept();
        });
    }
};

TcpProxy::TcpProxy(std::uint16_t target_port) : impl_(std::make_unique<Impl>()) {
    impl_->target = target_port;
    impl_->owner = this;
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen();
    port_ = impl_->acceptor.local_endpoint().port();
    impl_->accept();
    thread_ = std::thread([this] { impl_->io.run(); });
}

TcpProxy::~TcpProxy() {
    asio::post(impl_->io, [this] {
        boost::system::error_code ec;
        impl_->acceptor.close(ec);
        auto pairs = impl_->pairs;
        for (auto& p : pairs)
            impl_->close(p);
        impl_->io.stop();
    });
    thread_.join();
}

void TcpProxy::cut() {
    asio::post(impl_->io, [this] {
        auto pairs = impl_->pairs;
        for (auto& p : pairs) {
            ++cuts_;
            impl_->close(p);
        }
    });
}

void TcpProxy::set_random_cuts(double probability, std::uint64_t seed) {
    asio::post(impl_->io, [this, probability, seed] {
        impl_->cut_probability = probability;
        impl_->rng.seed(seed);
    });
}

void TcpProxy::set_client_hook(std::function<void(std::string_view chunk)> hook) {
    std::promise<void> set;
    asio::post(impl_->io, [this, &set, &hook] {
        impl_->client_hook = std::move(hook);
        set.set_value();
    });
    set.get_future().wait();
}

}  // namespace b2k::test
