#include "kafka/mock_cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <string>

namespace b2k::kafka {

namespace {

Result<void> check(rd_kafka_resp_err_t err, std::string_view doing) {
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return success();
    return failure(Errc::io,
                   "mock Kafka cluster: " + std::string(doing) + ": " + rd_kafka_err2str(err));
}

// The port of broker `id` in "127.0.0.1:port,…" (listed in broker id order, from 1); 0 if none.
std::uint16_t broker_port(std::string_view bootstrap, std::int32_t id) {
    for (std::int32_t i = 1; !bootstrap.empty(); ++i) {
        const auto comma = bootstrap.find(',');
        const std::string_view entry = bootstrap.substr(0, comma);
        if (i == id) {
            const auto colon = entry.rfind(':');
            std::uint16_t port = 0;
            if (colon != std::string_view::npos) {
                std::from_chars(entry.data() + colon + 1, entry.data() + entry.size(), port);
            }
            return port;
        }
        if (comma == std::string_view::npos) break;
        bootstrap.remove_prefix(comma + 1);
    }
    return 0;
}

// A socket bound (not listening) to 127.0.0.1:`port`, or -1: connections to the port are
// refused as before, and no outgoing connection gets it as its local port.
int hold_port(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&sin), sizeof sin) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

Result<std::unique_ptr<MockCluster>> MockCluster::start(int brokers) {
    if (brokers < 1 || brokers > 64) {
        return failure(Errc::config, "mock Kafka cluster: broker count " + std::to_string(brokers) +
                                         " is not within 1..64");
    }
    std::unique_ptr<MockCluster> mc(new MockCluster());
    std::array<char, 512> errstr{};
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    // The dummy handle never produces; keep its own logging quiet.
    rd_kafka_conf_set(conf, "log_level", "3", errstr.data(), errstr.size());
    mc->rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr.data(), errstr.size());
    if (mc->rk_ == nullptr) {
        rd_kafka_conf_destroy(conf);
        return failure(Errc::io,
                       std::string("mock Kafka cluster: creating its handle: ") + errstr.data());
    }
    mc->cluster_ = rd_kafka_mock_cluster_new(mc->rk_, brokers);
    if (mc->cluster_ == nullptr) {
        return failure(Errc::io, "mock Kafka cluster: cannot start " + std::to_string(brokers) +
                                     " brokers on 127.0.0.1");
    }
    mc->bootstrap_ = rd_kafka_mock_cluster_bootstraps(mc->cluster_);
    mc->brokers_ = brokers;
    return mc;
}

MockCluster::~MockCluster() {
    for (const auto& [id, fd] : held_)
        ::close(fd);
    if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
    if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

Result<void> MockCluster::create_topic(std::string_view topic, int partitions,
                                       int replication_factor) {
    const std::string name(topic);
    return check(rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, replication_factor),
                 "creating topic " + name);
}

Result<void> MockCluster::broker_down(std::int32_t broker_id) {
    B2K_TRY(check(rd_kafka_mock_broker_set_down(cluster_, broker_id),
                  "setting broker " + std::to_string(broker_id) + " down"));
    const std::lock_guard lock(held_mutex_);
    if (held_.contains(broker_id)) return success();
    // Best effort: without the hold, broker_up() is as likely to work as librdkafka makes it.
    const std::uint16_t port = broker_port(bootstrap_, broker_id);
    if (const int fd = port != 0 ? hold_port(port) : -1; fd >= 0) held_[broker_id] = fd;
    return success();
}

Result<void> MockCluster::broker_up(std::int32_t broker_id) {
    {
        const std::lock_guard lock(held_mutex_);
        if (auto it = held_.find(broker_id); it != held_.end()) {
            ::close(it->second);
            held_.erase(it);
        }
    }
    return check(rd_kafka_mock_broker_set_up(cluster_, broker_id),
                 "setting broker " + std::to_string(broker_id) + " up");
}

void MockCluster::push_request_errors(std::int16_t api_key,
                                      const std::vector<rd_kafka_resp_err_t>& errors) {
    rd_kafka_mock_push_request_errors_array(cluster_, api_key, errors.size(), errors.data());
}

Result<void> MockCluster::set_partition_leader(std::string_view topic, std::int32_t partition,
                                               std::int32_t broker_id) {
    const std::string name(topic);
    return check(rd_kafka_mock_partition_set_leader(cluster_, name.c_str(), partition, broker_id),
                 "moving the leader of " + name + "[" + std::to_string(partition) + "]");
}

}  // namespace b2k::kafka
