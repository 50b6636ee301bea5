#pragma once
// The `invalidation` format, small, for cache invalidators (DESIGN.md "Other formats"):
//   {"db":"shop","table":"items","op":"u","key":{"id":42}}
// "op": c insert, u update, d delete. "key": the primary-key columns (an update's key is taken
// from the after image, falling back to the before image for columns a MINIMAL after image
// left out); null for a table without a primary key. Primary-key columns stay in the key even
// when filter.exclude_columns names them: without them the message would say nothing.

#include <string>

#include "binlog/change_handler.h"
#include "format/table_layout.h"
#include "format/value_encoder.h"

namespace b2k::format {

// Appends {"col":value,...} for the primary-key columns of the row (after image first, before
// image for what it lacks). False, with nothing appended, when the table has no primary key;
// an error when a key column is in neither image.
Result<bool> append_primary_key(const binlog::RowChange& change, const TableLayout& layout,
                                ValueEncoder& values, std::string& out);

class InvalidationEncoder {
  public:
    explicit InvalidationEncoder(const config::FilterConfig* filter = nullptr) : layouts_(filter) {}

    Result<void> encode_row(const binlog::RowChange& change, std::string& out);

  private:
    ValueEncoder values_;
    TableLayouts layouts_;
};

}  // namespace b2k::format
