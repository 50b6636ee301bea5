#include "replication/logged_statements.h"

#include <algorithm>
#include <charconv>

namespace b2k::replication {
namespace {

constexpr int kBatch = 1000;  // events per SHOW BINLOG EVENTS

std::uint64_t number(const std::optional<std::string>& v) {
    std::uint64_t n = 0;
    if (v) std::from_chars(v->data(), v->data() + v->size(), n);
    return n;
}

// Binlog file names are the server's own (basename.NNNNNN); anything else is not quoted into
// a statement.
bool plain_file_name(std::string_view f) {
    return !f.empty() && std::all_of(f.begin(), f.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
}

}  // namespace

LoggedStatement parse_query_info(std::string_view info) {
    // Query_log_event::pack_info (MySQL sql/log_event.cc, MariaDB sql/log_event_server.cc):
    // "use `db`; " with backquotes in the name doubled, then the statement.
    LoggedStatement out;
    constexpr std::string_view kUse = "use `";
    if (info.starts_with(kUse)) {
        std::string db;
        for (std::size_t i = kUse.size(); i < info.size(); ++i) {
            if (info[i] != '`') {
                db += info[i];
                continue;
            }
            if (i + 1 < info.size() && info[i + 1] == '`') {
                db += '`';
                ++i;
                continue;
            }
            if (info.substr(i + 1).starts_with("; ")) {
                out.db = std::move(db);
                out.query = std::string(info.substr(i + 3));
                return out;
            }
            break;
        }
    }
    out.query = std::string(info);
    return out;
}

boost::asio::awaitable<Result<StatementScan>> read_logged_statements(
    mysql::Connection& conn, const std::string& from_file, std::uint64_t from_pos,
    const std::string& to_file, std::uint64_t to_pos, std::uint64_t max_bytes) {
    StatementScan out;
    std::string file = from_file;
    std::uint64_t pos = from_pos;
    for (;;) {
        if (file == to_file && pos >= to_pos) {
            out.reached = true;
            co_return out;
        }
        if (!plain_file_name(file)) {
            co_return failure(Errc::protocol, "unexpected binlog file name '" + file + "'");
        }
        const std::string sql = "SHOW BINLOG EVENTS IN '" + file + "' FROM " + std::to_string(pos) +
                                " LIMIT " + std::to_string(kBatch);
        auto rs = co_await conn.query(sql);
        if (!rs) {
            co_return failure(
                Error(rs.error().code, sql + " failed (" + rs.error().message +
                                           "); the user needs REPLICATION SLAVE (MySQL) or BINLOG "
                                           "MONITOR / REPLICATION CLIENT (MariaDB)"));
        }
        const auto& r = rs.value();
        const auto c_pos = r.column_index("Pos");
        const auto c_type = r.column_index("Event_type");
        const auto c_end = r.column_index("End_log_pos");
        const auto c_info = r.column_index("Info");
        if (!c_pos || !c_type || !c_end || !c_info) {
            co_return failure(Errc::protocol, "SHOW BINLOG EVENTS returned unexpected columns");
        }
        if (r.rows.empty()) {
            if (file == to_file) {  // the file ends before `to_pos`: nothing more to scan
                out.reached = true;
                co_return out;
            }
            co_return failure(Errc::protocol, "the binlog file " + file +
                                                  " ends without a ROTATE before " + to_file + ":" +
                                                  std::to_string(to_pos));
        }
        const std::uint64_t batch_start = pos;
        std::string next_file;
        for (const auto& row : r.rows) {
            const std::uint64_t p = number(row[*c_pos]);
            const std::uint64_t end = number(row[*c_end]);
            if (file == to_file && p >= to_pos) {
                out.reached = true;
                co_return out;
            }
            if (end > p) out.bytes += end - p;
            pos = std::max(pos, end);
            const std::string type = row[*c_type].value_or("");
            const std::string info = row[*c_info].value_or("");
            if (type.starts_with("Query")) {
                LoggedStatement st = parse_query_info(info);
                st.file = file;
                st.pos = p;
                out.statements.push_back(std::move(st));
            } else if (type == "Rotate") {
                // Info: "next-file;pos=N".
                const auto semi = info.find(';');
                const std::string name = info.substr(0, semi);
                if (name != file) {
                    next_file = name;
                    pos = semi == std::string::npos ? 4 : number(info.substr(semi + 5));
                    break;
                }
            }
            if (out.bytes > max_bytes) co_return out;  // not reached: too far behind
        }
        if (!next_file.empty()) {
            file = std::move(next_file);
        } else if (pos == batch_start) {
            co_return failure(Errc::protocol, "SHOW BINLOG EVENTS IN '" + file + "' FROM " +
                                                  std::to_string(pos) + " does not advance");
        }
    }
}

}  // namespace b2k::replication
