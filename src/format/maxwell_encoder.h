#pragma once
// Maxwell's daemon format (https://maxwells-daemon.io/dataformat/), DESIGN.md "Other formats":
//   {"database":"shop","table":"items","type":"update","ts":1373134322,"xid":940752,
//    "commit":true,"data":{...},"old":{...}}
// "ts" is the event time in seconds; "xid" is written when the caller knows it; "commit" only on
// the last row of a transaction (true). "data" holds every published column of the after image
// (the before image for a delete); for an update, a column the after image left out (MINIMAL)
// takes its before value when that was logged. "old" (updates only) holds the previous values of
// the columns whose value changed, among those logged in both images. Binary JSON columns are
// embedded as JSON values; every other value as in DESIGN.md's table (ValueEncoder).
// Appends to a caller-owned buffer; per-table work is cached per TABLE_MAP.

#include <cstdint>
#include <optional>
#include <string>

#include "binlog/change_handler.h"
#include "format/table_layout.h"
#include "format/value_encoder.h"

namespace b2k::format {

struct MaxwellRowInfo {
    std::optional<std::uint64_t> xid;  // the transaction's XID, when known
    bool commit = false;               // the last row of its transaction
};

class MaxwellEncoder {
  public:
    // `filter`: columns it drops are left out (may be null; must outlive the encoder).
    explicit MaxwellEncoder(const config::FilterConfig* filter = nullptr)
        : values_(JsonColumns::embedded), layouts_(filter) {}

    Result<void> encode_row(const binlog::RowChange& change, const MaxwellRowInfo& info,
                            std::string& out);

  private:
    ValueEncoder values_;
    TableLayouts layouts_;
};

}  // namespace b2k::format
