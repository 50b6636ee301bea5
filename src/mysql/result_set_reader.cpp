#include "mysql/result_set_reader.h"

#include "mysql/eof_packet.h"
#include "mysql/err_packet.h"
#include "mysql/ok_packet.h"
#include "mysql/server_status.h"

namespace b2k::mysql {
namespace {

constexpr std::uint8_t kNullValue = 0xfb;
constexpr std::uint8_t kLocalInfile = 0xfb;
// A column count above this is a corrupt packet (MySQL allows 4096 columns per table).
constexpr std::uint64_t kMaxColumns = 1 << 16;

Result<Row> parse_row(wire::Bytes payload, std::size_t columns) {
    wire::ByteReader r(payload);
    Row row;
    row.reserve(columns);
    for (std::size_t i = 0; i < columns && r.ok(); ++i) {
        if (r.peek_u8() == kNullValue && !r.empty()) {
            r.skip(1);
            row.emplace_back(std::nullopt);
        } else {
            row.emplace_back(std::string(r.lenenc_str()));
        }
    }
    B2K_TRY(r.finish("result row"));
    return row;
}

}  // namespace

Result<bool> ResultSetReader::fail(Error e) {
    state_ = State::failed;
    return failure(std::move(e));
}

Result<bool> ResultSetReader::finish_response(std::uint16_t status) {
    ++responses_;
    if (has_status(status, ServerStatus::SERVER_MORE_RESULTS_EXISTS)) {
        state_ = State::first;
        return false;
    }
    state_ = State::done;
    return true;
}

Result<bool> ResultSetReader::on_packet(wire::Bytes payload) {
    ResultSet& rs = responses_ == 0 ? result_ : discarded_;
    if (payload.empty()) return fail(Error(Errc::protocol, "empty packet in a query response"));
    const auto first = static_cast<std::uint8_t>(payload[0]);
    switch (state_) {
        case State::first: {
            if (first == kErrHeader) {
                auto err = parse_err_packet(payload);
                if (!err) return fail(std::move(err).error());
                return fail(server_error(err.value(), ""));
            }
            if (first == kOkHeader) {
                auto ok = parse_ok_packet(payload, caps_);
                if (!ok) return fail(std::move(ok).error());
                if (responses_ == 0) {
                    rs.affected_rows = ok.value().affected_rows;
                    rs.last_insert_id = ok.value().last_insert_id;
                    rs.warnings = ok.value().warnings;
                    rs.status_flags = ok.value().status_flags;
                    rs.info = ok.value().info;
                }
                return finish_response(ok.value().status_flags);
            }
            if (first == kLocalInfile) {
                return fail(Error(Errc::protocol,
                                  "the server asked for a LOCAL INFILE upload, which binlog2kafka "
                                  "never allows"));
            }
            wire::ByteReader r(payload);
            column_count_ = r.lenenc_int();
            auto st = r.finish("column count");
            if (!st) return fail(std::move(st).error());
            if (column_count_ == 0 || column_count_ > kMaxColumns) {
                return fail(Error(Errc::protocol, "query response declares " +
                                                      std::to_string(column_count_) + " columns"));
            }
            rs = ResultSet{};
            rs.columns.reserve(static_cast<std::size_t>(column_count_));
            state_ = State::columns;
            return false;
        }
        case State::columns: {
            auto col = parse_column_definition(payload);
            if (!col) return fail(std::move(col).error());
            rs.columns.push_back(std::move(col).value());
            if (rs.columns.size() == column_count_) {
                state_ =
                    caps_.has(Capability::CLIENT_DEPRECATE_EOF) ? State::rows : State::columns_eof;
            }
            return false;
        }
        case State::columns_eof: {
            if (first == kErrHeader) {
                auto err = parse_err_packet(payload);
                if (!err) return fail(std::move(err).error());
                return fail(server_error(err.value(), ""));
            }
            auto eof = parse_eof_packet(payload, caps_);
            if (!eof) {
                return fail(std::move(eof).error().context("after the column definitions"));
            }
            state_ = State::rows;
            return false;
        }
        case State::rows: {
            if (first == kErrHeader) {
                auto err = parse_err_packet(payload);
                if (!err) return fail(std::move(err).error());
                return fail(server_error(err.value(), ""));
            }
            if (is_eof_packet(payload)) {
                std::uint16_t status = 0;
                if (caps_.has(Capability::CLIENT_DEPRECATE_EOF)) {
                    auto ok = parse_ok_packet(payload, caps_);
                    if (!ok) return fail(std::move(ok).error().context("ending the result set"));
                    status = ok.value().status_flags;
                    if (responses_ == 0) {
                        rs.warnings = ok.value().warnings;
                        rs.status_flags = status;
                        rs.info = ok.value().info;
                    }
                } else {
                    auto eof = parse_eof_packet(payload, caps_);
                    if (!eof) return fail(std::move(eof).error().context("ending the result set"));
                    status = eof.value().status_flags;
                    if (responses_ == 0) {
                        rs.warnings = eof.value().warnings;
                        rs.status_flags = status;
                    }
                }
                return finish_response(status);
            }
            auto row = parse_row(payload, static_cast<std::size_t>(column_count_));
            if (!row) return fail(std::move(row).error());
            if (responses_ == 0) rs.rows.push_back(std::move(row).value());
            return false;
        }
        case State::done:
            return fail(Error(Errc::internal, "query response fed after its end"));
        case State::failed:
            return fail(Error(Errc::internal, "query response fed after an error"));
    }
    return fail(Error(Errc::internal, "bad result set reader state"));
}

}  // namespace b2k::mysql
