#pragma once
// ResultSetReader: reads the response to a COM_QUERY (text protocol), one packet at a time
// (sans-I/O: the caller reads packets and feeds them in).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html
//
// Grammar (N = column count):
//   response   := OK | ERR | 0xfb LOCAL INFILE request (refused) | result_set
//   result_set := column_count ColumnDefinition41{N} [EOF]¹ row* terminator
//   terminator := EOF¹ | OK with a 0xfe header² | ERR
//   ¹ only without CLIENT_DEPRECATE_EOF;  ² only with CLIENT_DEPRECATE_EOF
// An OK or terminator whose status has SERVER_MORE_RESULTS_EXISTS is followed by another
// response: those are read too (so the connection stays in step) but only the first result
// set is kept.
// Rows: N values, each a string<lenenc> or 0xfb for NULL, and nothing after them.

#include <cstdint>

#include "common/result.h"
#include "mysql/capabilities.h"
#include "mysql/result_set.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

class ResultSetReader {
  public:
    // `caps`: the negotiated capabilities (CLIENT_DEPRECATE_EOF, CLIENT_PROTOCOL_41, ...).
    explicit ResultSetReader(Capabilities caps) : caps_(caps) {}

    // Feeds the next packet of the response. true: the response is complete (take() it);
    // false: feed the next packet. A server ERR becomes a server_error(); anything out of
    // grammar an Errc::protocol error. After an error the reader is unusable.
    [[nodiscard]] Result<bool> on_packet(wire::Bytes payload);

    bool done() const noexcept { return state_ == State::done; }
    ResultSet take() && { return std::move(result_); }
    const ResultSet& result() const noexcept { return result_; }

  private:
    enum class State { first, columns, columns_eof, rows, done, failed };

    Result<bool> fail(Error e);
    Result<bool> finish_response(std::uint16_t status);

    Capabilities caps_;
    State state_ = State::first;
    std::uint64_t column_count_ = 0;
    std::size_t responses_ = 0;  // complete responses so far (only the first is kept)
    ResultSet result_;
    ResultSet discarded_;  // later result sets of a multi-result response
};

}  // namespace b2k::mysql
