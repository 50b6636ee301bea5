#include "app/run_command.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>
#include <variant>

#include "app/checkpoint_store_factory.h"
#include "app/replica_options.h"
#include "app/schema_rereader.h"
#include "app/schema_setup.h"
#include "checkpoint/kafka_schema_history.h"
#include "config/config_loader.h"
#include "kafka/mock_cluster.h"
#include "kafka/producer.h"
#include "ops/daemon_status.h"
#include "ops/http_server.h"
#include "ops/logger.h"
#include "ops/metrics.h"
#include "ops/systemd_notify.h"
#include "pipeline/publisher_stage.h"
#include "pipeline/reader_stage.h"
#include "replication/binlog_retention.h"
#include "replication/replica_session.h"
#include "schema/file_schema_history.h"

namespace b2k::app {
namespace {

constexpr const char* kUsage = "usage: binlog2kafka run -c CONFIG.yaml [--until-caught-up]\n";
constexpr const char* kComponent = "run";

std::string describe(const replication::StartPosition& start) {
    if (std::holds_alternative<replication::StartLatest>(start)) return "the server's current end";
    if (std::holds_alternative<replication::StartEarliest>(start)) return "the oldest binlog";
    if (const auto* g = std::get_if<replication::StartGtid>(&start)) return "GTID set " + g->set;
    const auto& fp = std::get<replication::StartFilePos>(start);
    return fp.file + ":" + std::to_string(fp.pos);
}

std::string describe(const checkpoint::Checkpoint& cp) {
    std::string s = cp.file + ":" + std::to_string(cp.pos);
    if (!cp.gtid_set.empty()) s += " (GTID " + cp.gtid_set + ")";
    return s;
}

kafka::LogFn kafka_log(ops::Logger& log) {
    return [&log](kafka::LogLevel level, std::string_view message) {
        switch (level) {
            case kafka::LogLevel::error:
                log.error("kafka", message);
                break;
            case kafka::LogLevel::warning:
                log.warn("kafka", message);
                break;
            case kafka::LogLevel::info:
                log.info("kafka", message);
                break;
            case kafka::LogLevel::debug:
                log.debug("kafka", message);
                break;
        }
    };
}

struct RunArgs {
    std::string config_path;
    bool until_caught_up = false;
};

std::optional<RunArgs> parse_args(std::span<const std::string> args) {
    RunArgs out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-c" || args[i] == "--config") && i + 1 < args.size()) {
            out.config_path = args[++i];
        } else if (args[i] == "--until-caught-up") {
            out.until_caught_up = true;
        } else {
            std::fprintf(stderr, "binlog2kafka run: unexpected argument %s\n%s", args[i].c_str(),
                         kUsage);
            return std::nullopt;
        }
    }
    if (out.config_path.empty()) {
        std::fputs(kUsage, stderr);
        return std::nullopt;
    }
    return out;
}

// Everything `run` holds while it runs, in construction order.
class Daemon {
  public:
    Daemon(config::Config cfg, bool until_caught_up)
        : cfg_(std::move(cfg)),
          until_caught_up_(until_caught_up),
          log_(cfg_.log),
          status_(cfg_.source.name, cfg_.source.host + ":" + std::to_string(cfg_.source.port),
                  cfg_.source.user) {}

    int run();

  private:
    Result<void> start();
    Result<void> start_http();
    ops::HttpResponse http(std::string_view path);
    boost::asio::awaitable<Result<void>> prepare_source();
    void observe_session(replication::ReplicaOptions& opts);
    void every_tick();
    void reader_main();
    void publisher_main();
    int wait_for_end();

    config::Config cfg_;
    bool until_caught_up_;
    ops::Logger log_;
    ops::Metrics metrics_;
    ops::DaemonStatus status_;
    ops::SystemdNotify systemd_;
    std::unique_ptr<ops::HttpServer> http_;
    std::chrono::steady_clock::time_point last_watchdog_{};
    std::chrono::steady_clock::time_point last_progress_{};
    std::uint64_t progress_rows_ = 0;
    bool systemd_ready_ = false;
    std::unique_ptr<kafka::MockCluster> embedded_;
    std::string bootstrap_;
    std::unique_ptr<checkpoint::CheckpointStore> store_;
    std::unique_ptr<kafka::Producer> producer_;
    std::unique_ptr<pipeline::ItemRing> ring_;
    std::unique_ptr<pipeline::ReaderStage> reader_stage_;
    std::unique_ptr<pipeline::PublisherStage> publisher_;
    boost::asio::io_context io_;
    std::unique_ptr<replication::ReplicaSession> session_;
    std::unique_ptr<schema::SchemaTracker> tracker_;
    SchemaStart schema_start_;
    Result<void> reader_result_ = success();
    Result<void> publisher_result_ = success();
    std::atomic<bool> publisher_done_{false};
};

Result<void> Daemon::start() {
    B2K_TRY(config::check_secrets(cfg_));
    B2K_TRY(start_http());
    if (cfg_.kafka.embedded()) {
        B2K_TRY(embedded_, kafka::MockCluster::start(1));
        bootstrap_ = embedded_->bootstrap_servers();
        log_.info(
            kComponent,
            "kafka.brokers is \"embedded\": an in-process mock Kafka cluster (data lives only "
            "as long as this process) at bootstrap.servers=" +
                bootstrap_ + " — list its topics with: kcat -b " + bootstrap_ + " -L");
    } else {
        bootstrap_ = cfg_.kafka.brokers;
    }

    B2K_TRY(store_, open_checkpoint_store(cfg_, bootstrap_));
    if (auto locked = store_->lock(); !locked) {
        return failure(locked.error().context("another binlog2kafka holds the checkpoint"));
    }
    B2K_TRY(auto stored, store_->load());
    replication::ReplicaOptions opts = replica_options(cfg_, !until_caught_up_);
    // A first start at `latest` is read together with the schema tracker's first snapshot.
    const bool pin_latest = !stored && std::holds_alternative<replication::StartLatest>(opts.start);
    if (stored) {
        if (!stored->gtid_set.empty()) {
            opts.start = replication::StartGtid{stored->gtid_set};
        } else {
            opts.start = replication::StartFilePos{stored->file, stored->pos, ""};
        }
        log_.info(kComponent, "resuming from the checkpoint in " + store_->describe() + ": " +
                                  describe(*stored));
    } else {
        log_.info(kComponent, "no checkpoint in " + store_->describe() + " yet: starting at " +
                                  describe(opts.start) + " (source.start)");
    }

    kafka::ProducerOptions popts;
    popts.bootstrap_servers = bootstrap_;
    popts.memory_budget_bytes = kProducerMemoryBudget;
    popts.log = kafka_log(log_);
    popts.on_delivery = [this](std::uint64_t, const Error* error) {
        if (error != nullptr) ops::add(metrics_.delivery_errors);
    };
    B2K_TRY(producer_, kafka::Producer::create(cfg_.kafka, std::move(popts)));

    ring_ =
        std::make_unique<pipeline::ItemRing>(cfg_.pipeline.ring_events, cfg_.pipeline.ring_bytes);
    reader_stage_ =
        std::make_unique<pipeline::ReaderStage>(*ring_, cfg_, log_, &metrics_, &status_);
    pipeline::PublisherOptions pub;
    pub.checkpoint_interval = std::chrono::milliseconds(cfg_.checkpoint.interval_ms);
    pub.metrics = &metrics_;
    pub.status = &status_;
    metrics_.set_gauges(ops::GaugeSources{
        [this] { return ring_->size(); },
        [this] { return ring_->bytes(); },
        [this] { return static_cast<std::int64_t>(producer_->queued()); },
    });
    observe_session(opts);
    // The schema tracker: a placeholder now, its real starting point is read over an ordinary
    // connection before the session starts (prepare_source).
    tracker_ = std::make_unique<schema::SchemaTracker>(schema::SchemaCatalog{}, 1,
                                                       schema::TrackerOptions{});
    opts.resolver = tracker_.get();
    if (stored) schema_start_.stored = stored->schema;
    if (cfg_.checkpoint.store == config::CheckpointStore::file) {
        schema_start_.history =
            std::make_shared<schema::FileSchemaHistory>(schema_history_path(cfg_.checkpoint.path));
    } else {
        B2K_TRY(auto history,
                checkpoint::KafkaSchemaHistory::create(
                    cfg_.kafka, bootstrap_, cfg_.schema.history_topic.expand(cfg_.source.name),
                    cfg_.source.name));
        schema_start_.history = std::move(history);
    }
    schema_start_.info = [this](const std::string& m) { log_.info("schema", m); };
    schema_start_.warn = [this](const std::string& m) { log_.warn("schema", m); };
    schema_start_.captured = [this](std::string_view db, std::string_view table) {
        return cfg_.filter.captures(db, table);
    };
    if (!cfg_.schema.accept_current.empty()) {
        schema_start_.accept_current = [this](std::string_view db, std::string_view table) {
            return cfg_.filter.captures(db, table) &&
                   std::any_of(cfg_.schema.accept_current.begin(), cfg_.schema.accept_current.end(),
                               [&](const config::NamePattern& p) { return p.matches(db, table); });
        };
    }
    if (stored) {
        schema_start_.from_file = stored->file;
        schema_start_.from_pos = stored->pos;
        status_.set_committed(
            ops::StatusPosition{stored->file, stored->pos, stored->gtid_set, stored->ts_ms});
        metrics_.checkpoint_ts_ms.store(static_cast<std::int64_t>(stored->ts_ms));
    }
    publisher_ = std::make_unique<pipeline::PublisherStage>(*ring_, *producer_, *store_, pub, log_);
    session_ = std::make_unique<replication::ReplicaSession>(io_.get_executor(), std::move(opts),
                                                             *reader_stage_);
    reader_stage_->attach(*session_);
    reader_stage_->set_tracker(tracker_.get());
    if (pin_latest) schema_start_.pin_latest = session_.get();
    return success();
}

Result<void> Daemon::start_http() {
    B2K_TRY(http_, ops::HttpServer::start(cfg_.http.host, cfg_.http.port,
                                          [this](std::string_view path) { return http(path); }));
    log_.info(kComponent, "serving /metrics /healthz /readyz /status on http://" +
                              config::HttpConfig{cfg_.http.host, http_->port()}.listen());
    return success();
}

ops::HttpResponse Daemon::http(std::string_view path) {
    if (path == "/metrics") {
        return {200, "text/plain; version=0.0.4; charset=utf-8", metrics_.render()};
    }
    if (path == "/healthz") return {200, "text/plain; charset=utf-8", "ok\n"};
    if (path == "/readyz") {
        std::string why;
        // Heartbeats arrive every source.heartbeat_s while the server is idle.
        const auto silence =
            std::chrono::seconds(3 * std::max<std::uint32_t>(1, cfg_.source.heartbeat_s) + 5);
        if (status_.ready(silence, why)) return {200, "text/plain; charset=utf-8", "ready\n"};
        return {503, "text/plain; charset=utf-8", "not ready: " + why + "\n"};
    }
    if (path == "/status") {
        status_.set_lag_ms(metrics_.lag_ms.load(std::memory_order_relaxed));
        return {200, "application/json", status_.to_json() + "\n"};
    }
    return {404, "text/plain; charset=utf-8",
            "not found; endpoints: /metrics /healthz /readyz /status\n"};
}

boost::asio::awaitable<Result<void>> Daemon::prepare_source() {
    // A short ordinary connection before the replica session: how long the server keeps
    // binlogs (the purge horizon metric) and the schema tracker's starting point. Connection
    // errors are left to the session, which reports them with their fix.
    mysql::Connection conn(io_.get_executor());
    replication::ReplicaOptions ro = replica_options(cfg_, true);
    mysql::ConnectOptions co = ro.connect;
    auto password = ro.password();
    if (!password) co_return success();
    co.password = std::move(password).value();
    schema_start_.reread = make_schema_rereader(co);
    schema_start_.reread_on_mismatch = cfg_.schema.on_mismatch == config::OnMismatch::reread_once;
    if (!co_await conn.connect(std::move(co))) co_return success();
    const replication::BinlogRetention r = co_await replication::read_binlog_retention(conn);
    if (r.known) {
        metrics_.binlog_retention_s.store(r.keep ? r.keep->count() : 0);
        log_.info(kComponent, "the server keeps binlogs per " + r.source);
    }
    auto tracker = co_await start_schema_tracker(conn, schema_start_);
    co_await conn.quit();
    if (!tracker) co_return failure(std::move(tracker).error());
    *tracker_ = std::move(tracker).value();
    co_return success();
}

void Daemon::observe_session(replication::ReplicaOptions& opts) {
    opts.on_streaming = [this] {
        const bool first = metrics_.connected.exchange(1) == 0 && !systemd_ready_;
        status_.set_state(ops::DaemonState::streaming);
        if (first) {
            systemd_ready_ = true;
            systemd_.ready();
        }
    };
    opts.on_connection_lost = [this](const Error& e) {
        metrics_.connected.store(0);
        ops::add(metrics_.reconnects);
        status_.set_state(ops::DaemonState::reconnecting);
        status_.set_error(e.message);
        log_.warn(kComponent, "replication connection lost (" + e.message + "); reconnecting");
    };
}

void Daemon::every_tick() {
    const auto now = std::chrono::steady_clock::now();
    if (const auto interval = systemd_.watchdog_interval();
        interval && now - last_watchdog_ >= *interval) {
        // Pinged only while the pipeline is healthy, so systemd restarts a stuck daemon.
        std::string why;
        const auto silence =
            std::chrono::seconds(3 * std::max<std::uint32_t>(1, cfg_.source.heartbeat_s) + 5);
        const auto state = status_.state();
        if (state != ops::DaemonState::streaming || status_.ready(silence, why)) {
            systemd_.watchdog();
            last_watchdog_ = now;
        }
    }
    if (cfg_.log.progress_interval_s > 0 &&
        now - last_progress_ >= std::chrono::seconds(cfg_.log.progress_interval_s)) {
        std::uint64_t rows = reader_stage_->rows();
        const double secs = last_progress_ == std::chrono::steady_clock::time_point{}
                                ? 0.0
                                : std::chrono::duration<double>(now - last_progress_).count();
        const std::string line =
            status_.summary() + (secs > 0
                                     ? "; " +
                                           std::to_string(static_cast<std::uint64_t>(
                                               static_cast<double>(rows - progress_rows_) / secs)) +
                                           " rows/s"
                                     : std::string());
        if (secs > 0) log_.info("progress", line);
        systemd_.status(line);
        last_progress_ = now;
        progress_rows_ = rows;
    }
}

void Daemon::reader_main() {
    boost::asio::co_spawn(
        io_,
        [this]() -> boost::asio::awaitable<void> {
            status_.set_state(ops::DaemonState::connecting);
            reader_result_ = co_await prepare_source();
            if (reader_result_) reader_result_ = co_await session_->run();
        },
        boost::asio::detached);
    io_.run();
    // Whatever ended the stream, the publisher drains what was pushed and stops.
    ring_->close();
}

void Daemon::publisher_main() {
    publisher_result_ = publisher_->run();
    if (!publisher_result_) {
        // The reader must not go on: wake it if it waits for ring space, and end its session.
        ring_->close();
        boost::asio::post(io_, [this] { session_->stop(); });
    }
    publisher_done_.store(true, std::memory_order_release);
}

int Daemon::wait_for_end() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int signals_seen = 0;
    std::chrono::steady_clock::time_point deadline{};
    const auto timeout = std::chrono::seconds(cfg_.pipeline.shutdown_timeout_s);
    while (!publisher_done_.load(std::memory_order_acquire)) {
        timespec wait{0, 100'000'000};
        const int sig = sigtimedwait(&set, nullptr, &wait);
        if (sig > 0) {
            const char* name = sig == SIGINT ? "SIGINT" : "SIGTERM";
            if (++signals_seen == 1) {
                status_.set_state(ops::DaemonState::stopping);
                systemd_.stopping();
                log_.info(kComponent,
                          std::string(name) +
                              ": stopping — finishing the current transaction, then publishing "
                              "what was read and writing the final checkpoint (up to " +
                              std::to_string(timeout.count()) +
                              " s, pipeline.shutdown_timeout_s; a second signal exits at once)");
                boost::asio::post(io_, [this] { reader_stage_->stop_at_boundary(); });
                deadline = std::chrono::steady_clock::now() + timeout;
            } else {
                log_.warn(kComponent, std::string(name) +
                                          " again: exiting now; the stored checkpoint stays at the "
                                          "last acknowledged transaction");
                std::_Exit(128 + sig);
            }
        }
        every_tick();
        if (signals_seen > 0 && std::chrono::steady_clock::now() > deadline) {
            log_.error(kComponent,
                       "shutdown did not finish within " + std::to_string(timeout.count()) +
                           " s (" + std::to_string(producer_->acks().in_flight()) +
                           " messages not acknowledged by Kafka): exiting; the stored checkpoint "
                           "stays at the last acknowledged transaction and the next start "
                           "re-sends from there");
            std::_Exit(1);
        }
    }
    return 0;
}

int Daemon::run() {
    // Signals are taken by sigtimedwait on this thread only: block them before any thread
    // (ours or librdkafka's) starts, so every thread inherits the mask.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    if (auto started = start(); !started) {
        log_.error(kComponent, started.error().message);
        return started.error().is(Errc::config) ? 2 : 1;
    }
    std::thread publisher([this] { publisher_main(); });
    std::thread reader([this] { reader_main(); });
    wait_for_end();
    publisher.join();
    reader.join();

    const std::string where =
        publisher_->last_written() ? describe(*publisher_->last_written()) : "(none written)";
    if (!publisher_result_) {
        log_.error(kComponent,
                   publisher_result_.error().message + ". The stored checkpoint stays at " + where);
        return 1;
    }
    if (!reader_result_ && !reader_result_.error().is(Errc::stopped)) {
        log_.error(kComponent, reader_result_.error().message +
                                   ". Everything before it was published; the stored "
                                   "checkpoint is at " +
                                   where);
        return 1;
    }
    log_.info(kComponent, std::string(until_caught_up_ ? "caught up" : "stopped") + ": " +
                              std::to_string(publisher_->messages_sent()) +
                              " messages published and acknowledged; checkpoint at " + where);
    return 0;
}

}  // namespace

int run_command(std::span<const std::string> args) {
    auto parsed = parse_args(args);
    if (!parsed) return 2;
    auto cfg = config::load_config_file(parsed->config_path, config::ConfigUse::run);
    if (!cfg) {
        std::fprintf(stderr, "binlog2kafka run: %s\n", cfg.error().message.c_str());
        return 2;
    }
    Daemon daemon(std::move(cfg).value(), parsed->until_caught_up);
    return daemon.run();
}

}  // namespace b2k::app
