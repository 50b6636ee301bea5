#pragma once
// MariaDB GTIDs ("domain-server-seq") and GTID positions (one GTID per replication domain, as in
// @@gtid_slave_pos / @@gtid_binlog_pos / @slave_connect_state), plus the GTID_LIST event.
// https://mariadb.com/kb/en/gtid/
//
// Text: '' | gtid (',' gtid)*, gtid := domain '-' server '-' seq (u32, u32, u64, decimal);
// whitespace around the items is ignored; a domain may appear once (MariaDB refuses a position
// with two GTIDs of one domain). Canonical form (to_string): sorted by domain, ",".
//
// GTID_LIST_EVENT body (https://mariadb.com/kb/en/gtid_list_event/; sql/log_event.cc,
// Gtid_list_log_event), LE: u32 whose low 28 bits are the count and top 4 bits flags
// (bit 28 FLAG_UNTIL_REACHED, bit 29 FLAG_IGN_GTIDS), then per GTID u32 domain, u32 server,
// u64 seq. The event at the head of a binlog lists the binlog state: the last GTID of every
// (domain, server) pair, with each domain's most recent one last.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::gtid {

struct MariadbGtid {
    std::uint32_t domain = 0;
    std::uint32_t server = 0;
    std::uint64_t seq = 0;

    [[nodiscard]] static Result<MariadbGtid> parse(std::string_view text);
    std::string to_string() const;

    bool operator==(const MariadbGtid&) const = default;
};

// A GTID position: for each domain, the last GTID applied. Not thread-safe (a value type).
class MariadbGtidList {
  public:
    MariadbGtidList() = default;

    [[nodiscard]] static Result<MariadbGtidList> parse(std::string_view text);
    // The position after applying `gtids` in order: a domain's later GTID replaces its earlier
    // one (so a GTID_LIST event's binlog state becomes the position at the head of its file).
    static MariadbGtidList from_gtids(std::span<const MariadbGtid> gtids);

    std::string to_string() const;

    // Records `gtid` as its domain's position, replacing what was there.
    void update(const MariadbGtid& gtid);
    // Whether `gtid` is at or before this position: same domain and seq <= the domain's seq.
    // (In MariaDB a domain's seq_no only grows, whichever server wrote it.)
    bool contains(const MariadbGtid& gtid) const;

    std::optional<MariadbGtid> find(std::uint32_t domain) const;
    bool empty() const noexcept { return by_domain_.empty(); }
    std::size_t size() const noexcept { return by_domain_.size(); }
    // Sorted by domain.
    std::vector<MariadbGtid> gtids() const;

    bool operator==(const MariadbGtidList&) const = default;

  private:
    std::map<std::uint32_t, MariadbGtid> by_domain_;
};

// Flags of a GTID_LIST event (the top 4 bits of its count word, shifted down).
inline constexpr std::uint8_t kGtidListUntilReached = 1;  // FLAG_UNTIL_REACHED (1 << 28)
inline constexpr std::uint8_t kGtidListIgnoreGtids = 2;   // FLAG_IGN_GTIDS (1 << 29)

struct MariadbGtidListEvent {
    std::vector<MariadbGtid> gtids;  // in event order, possibly several per domain
    std::uint8_t flags = 0;

    bool operator==(const MariadbGtidListEvent&) const = default;
};

// Decodes a GTID_LIST_EVENT body (header and checksum removed); every byte must belong to it.
[[nodiscard]] Result<MariadbGtidListEvent> decode_gtid_list_event(wire::Bytes body);
std::vector<std::byte> encode_gtid_list_event(const MariadbGtidListEvent& event);

}  // namespace b2k::gtid
