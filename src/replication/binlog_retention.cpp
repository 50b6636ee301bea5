#include "replication/binlog_retention.h"

#include <charconv>

namespace b2k::replication {
namespace {

std::optional<long long> number(const std::optional<std::string>& v) {
    if (!v) return std::nullopt;
    long long out = 0;
    const auto* end = v->data() + v->size();
    auto [p, ec] = std::from_chars(v->data(), end, out);
    if (ec != std::errc()) {
        // expire_logs_days is a decimal on MariaDB ("0.000000"); whole days are enough here.
        double d = 0;
        try {
            d = std::stod(*v);
        } catch (...) {
            return std::nullopt;
        }
        return static_cast<long long>(d * 86400.0) / 86400;
    }
    return out;
}

}  // namespace

boost::asio::awaitable<BinlogRetention> read_binlog_retention(mysql::Connection& conn) {
    BinlogRetention out;
    // RDS first: its setting overrides the server variables.
    auto rds = co_await conn.query(
        "SELECT value FROM mysql.rds_configuration WHERE name = 'binlog retention hours'");
    if (rds && !rds.value().rows.empty()) {
        out.known = true;
        out.rds = true;
        const auto& v = rds.value().rows[0][0];
        if (!v || *v == "NULL") {
            out.keep = std::chrono::seconds(300);
            out.source = "RDS binlog retention hours=NULL (binlogs purged within minutes)";
        } else if (auto h = number(v)) {
            out.keep = std::chrono::hours(*h);
            out.source = "RDS binlog retention hours=" + *v;
        }
        co_return out;
    }
    auto vars = co_await conn.query(
        "SHOW GLOBAL VARIABLES WHERE Variable_name IN "
        "('binlog_expire_logs_seconds', 'expire_logs_days')");
    if (!vars) co_return out;
    std::optional<long long> seconds;
    std::optional<long long> days;
    for (const auto& row : vars.value().rows) {
        if (row.size() < 2 || !row[0]) continue;
        if (*row[0] == "binlog_expire_logs_seconds") seconds = number(row[1]);
        if (*row[0] == "expire_logs_days") days = number(row[1]);
    }
    if (!seconds && !days) co_return out;
    out.known = true;
    if (seconds && *seconds > 0) {
        out.keep = std::chrono::seconds(*seconds);
        out.source = "binlog_expire_logs_seconds=" + std::to_string(*seconds);
    } else if (days && *days > 0) {
        out.keep = std::chrono::hours(24 * *days);
        out.source = "expire_logs_days=" + std::to_string(*days);
    } else {
        out.source =
            "binlog_expire_logs_seconds=0 and expire_logs_days=0 (never purged "
            "automatically)";
    }
    co_return out;
}

}  // namespace b2k::replication
