#include "support/mock_kafka_process.h"

#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>

#include "support/child_process.h"

extern char** environ;

namespace b2k::test {
namespace {

struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy(rk); }
};

}  // namespace

std::string mock_kafka_binary() {
    return B2K_MOCK_KAFKA_BINARY;
}

MockKafkaProcess::MockKafkaProcess(std::vector<std::string> args) {
    const std::string binary = mock_kafka_binary();
    require_executable(binary, "the mock Kafka helper (b2k-mock-kafka)");
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");

    std::vector<std::string> argv{binary};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    const int rc = posix_spawn(&pid_, binary.c_str(), &actions, &attr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw std::runtime_error("cannot start " + binary + ": " + std::strerror(rc));
    }

    // One line: the bootstrap address.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        pollfd p{fds[0], POLLIN, 0};
        if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) == 0) break;
        char buf[256];
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    const auto nl = line.find('\n');
    if (nl == std::string::npos || nl == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        throw std::runtime_error(binary + " did not print its bootstrap address (got \"" + line +
                                 "\")");
    }
    bootstrap_ = line.substr(0, nl);
}

void MockKafkaProcess::pause() const {
    if (::kill(pid_, SIGSTOP) != 0) throw std::runtime_error("cannot stop the mock cluster");
}

void MockKafkaProcess::resume() const {
    if (::kill(pid_, SIGCONT) != 0) throw std::runtime_error("cannot continue the mock cluster");
}

MockKafkaProcess::~MockKafkaProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGCONT);  // a paused cluster could not act on SIGTERM
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 500; ++i) {
        const pid_t w = ::waitpid(pid_, &status, WNOHANG);
        if (w == pid_ || (w < 0 && errno != EINTR)) return;
        ::usleep(10'000);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
}

std::vector<std::string> MockKafkaProcess::topics() const {
    std::array<char, 512> errstr{};
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_.c_str(), errstr.data(), errstr.size());
    rd_kafka_conf_set(conf, "log_level", "3", errstr.data(), errstr.size());
    rd_kafka_t* raw = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr.data(), errstr.size());
    if (raw == nullptr) {
        rd_kafka_conf_destroy(conf);
        throw std::runtime_error(std::string("cannot create a Kafka handle: ") + errstr.data());
    }
    std::unique_ptr<rd_kafka_t, HandleDeleter> rk(raw);
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk.get(), 1, nullptr, &md, 10'000);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw std::runtime_error("listing the topics of " + bootstrap_ +
                                 " failed: " + rd_kafka_err2str(err));
    }
    std::vector<std::string> out;
    for (int i = 0; i < md->topic_cnt; ++i) {
        const std::string name = md->topics[i].topic;
        if (name.rfind("__", 0) != 0) out.push_back(name);
    }
    rd_kafka_metadata_destroy(md);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<kafka::Record> MockKafkaProcess::read_all(const std::string& topic) const {
    auto records = kafka::read_topic(bootstrap_, {}, topic, std::chrono::seconds(60), false);
    if (!records) {
        throw std::runtime_error("reading topic " + topic + " failed: " + records.error().message);
    }
    std::map<std::int32_t, std::int64_t> first;
    for (const auto& r : records.value())
        first.try_emplace(r.partition, r.offset);
    for (const auto& [partition, offset] : first) {
        if (offset != 0) {
            throw std::runtime_error("topic " + topic + " partition " + std::to_string(partition) +
                                     " starts at offset " + std::to_string(offset) +
                                     ": the mock cluster dropped its oldest records (it keeps "
                                     "~5 MiB per partition) — use more partitions or less data");
        }
    }
    return std::move(records).value();
}

}  // namespace b2k::test
