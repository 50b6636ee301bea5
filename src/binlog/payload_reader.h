#pragma once
// PayloadReader: the events inside a TRANSACTION_PAYLOAD_EVENT (MySQL 8.0.20+
// binlog_transaction_compression), decompressed incrementally: it holds at most one inner event
// plus zstd's window and one input/output chunk, never the whole transaction.
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Transaction__payload__event.html

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "binlog/event_source.h"
#include "binlog/events.h"

struct ZSTD_DCtx_s;

namespace b2k::binlog {

class PayloadReader final : public EventSource {
  public:
    // The payload must outlive the reader.
    PayloadReader(const TransactionPayloadEvent& payload, std::string name);
    ~PayloadReader() override;
    PayloadReader(const PayloadReader&) = delete;
    PayloadReader& operator=(const PayloadReader&) = delete;

    Result<std::optional<RawEvent>> next() override;
    const std::string& name() const override { return name_; }

    // Largest amount of decompressed data held at once (for tests of the memory bound).
    std::size_t peak_buffer() const noexcept { return peak_; }

  private:
    Result<bool> fill(std::size_t want);  // false: the stream ended before `want` bytes

    const TransactionPayloadEvent& payload_;
    std::string name_;
    ZSTD_DCtx_s* dctx_ = nullptr;
    std::size_t in_pos_ = 0;
    std::vector<std::byte> buf_;
    std::size_t head_ = 0;  // start of unconsumed bytes in buf_
    std::uint64_t produced_ = 0;
    std::size_t peak_ = 0;
    bool stream_done_ = false;
};

}  // namespace b2k::binlog
