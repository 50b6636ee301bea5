// MockCluster's outage: while a broker is down nothing listens on its port, but the port stays
// taken (by the cluster's own bound socket), so broker_up() can bind it again — librdkafka's
// mock aborts the process when it cannot.

#include "kafka/mock_cluster.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace b2k::kafka {
namespace {

std::uint16_t first_port(const std::string& bootstrap) {
    const auto colon = bootstrap.find(':');
    const auto comma = bootstrap.find(',');
    std::uint16_t port = 0;
    std::from_chars(bootstrap.data() + colon + 1, bootstrap.data() + comma, port);
    return port;
}

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sin;
}

// errno of `op` (::bind or ::connect) with a fresh socket and 127.0.0.1:port, without
// SO_REUSEADDR; 0 when it worked (the socket is closed again either way).
template <class Op>
int errno_of(Op op, std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const sockaddr_in sin = loopback(port);
    const int rc = op(fd, reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
    const int err = rc == 0 ? 0 : errno;
    ::close(fd);
    return err;
}

int bind_errno(std::uint16_t port) {
    return errno_of(::bind, port);
}

int connect_errno(std::uint16_t port) {
    return errno_of(::connect, port);
}

TEST(MockCluster, ADownBrokersPortIsRefusedButKeptForItsReturn) {
    auto started = MockCluster::start(3);
    ASSERT_TRUE(started) << started.error().message;
    auto& cluster = *started.value();
    const std::uint16_t port = first_port(cluster.bootstrap_servers());
    ASSERT_NE(port, 0) << cluster.bootstrap_servers();
    EXPECT_EQ(connect_errno(port), 0);

    ASSERT_TRUE(cluster.broker_down(1));
    EXPECT_EQ(connect_errno(port), ECONNREFUSED) << "the down broker still accepts connections";
    EXPECT_EQ(bind_errno(port), EADDRINUSE) << "the down broker's port is free for anyone";

    ASSERT_TRUE(cluster.broker_up(1));
    EXPECT_EQ(connect_errno(port), 0) << "the broker did not come back on its port";
    // Down and up again: the hold is released each time.
    ASSERT_TRUE(cluster.broker_down(1));
    ASSERT_TRUE(cluster.broker_up(1));
    EXPECT_EQ(connect_errno(port), 0);
}

}  // namespace
}  // namespace b2k::kafka
