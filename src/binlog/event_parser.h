#pragma once
// EventParser: one complete event's bytes (common header + body + checksum) -> Event.
//
// It keeps the FORMAT_DESCRIPTION in force (a relay log can switch mid-file), verifies CRC32
// when that description says so, and dispatches to the per-event decoders. Framing (where an
// event's bytes come from) is the EventSource's job; this class never does I/O.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "binlog/events.h"
#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

class EventParser {
  public:
    EventParser() : format_(FormatDescription::default_v4()) {}

    // `raw` is the whole event. `offset` is where it starts (for messages and Event::offset).
    // `in_payload`: the event came out of a TRANSACTION_PAYLOAD (no checksum of its own).
    Result<Event> parse(wire::Bytes raw, std::uint64_t offset, bool in_payload = false);

    const FormatDescription& format() const noexcept { return format_; }
    bool has_format() const noexcept { return has_format_; }
    // For a network stream: the checksum negotiated with the server (before the first FDE).
    void set_checksum(ChecksumAlg alg) noexcept { format_.checksum = alg; }
    void set_verify_checksums(bool v) noexcept { verify_checksums_ = v; }

  private:
    Result<EventBody> parse_body(const EventHeader& h, wire::Bytes body, bool in_payload);
    Result<EventBody> table_map_body(wire::Bytes body, std::uint8_t post_header_len);

    // Servers write the same TABLE_MAP before every statement (one row per transaction: one
    // TABLE_MAP per row). A few recent ones are kept by table id with their bytes, so a repeat
    // is a comparison and a copy instead of a parse. Cleared when the format changes.
    struct MemoTableMap {
        std::vector<std::byte> body;
        TableMapEvent parsed;
    };
    std::array<MemoTableMap, 8> table_maps_;

    FormatDescription format_;
    bool has_format_ = false;
    bool verify_checksums_ = true;
};

// Decoders for single event bodies (after the common header, checksum removed), exposed for
// tests and for the payload reader.
Result<QueryEvent> parse_query_event(wire::Bytes body, std::uint8_t post_header_len,
                                     bool compressed);
Result<MysqlGtidEvent> parse_mysql_gtid_event(wire::Bytes body, bool anonymous);
Result<MysqlGtidEvent> parse_gtid_tagged_event(wire::Bytes body);
Result<MariadbGtidEvent> parse_mariadb_gtid_event(wire::Bytes body);
Result<TransactionPayloadEvent> parse_transaction_payload(wire::Bytes body);
Result<HeartbeatEvent> parse_heartbeat_v2(wire::Bytes body);
Result<XaPrepareEvent> parse_xa_prepare(wire::Bytes body);
Result<UserVarEvent> parse_user_var(wire::Bytes body);

}  // namespace b2k::binlog
