#pragma once
// RowReader: walks the row images of a rows event, cutting each present column's bytes out
// (no value decoding here: cell_renderer.h turns a cell into JSON).
// Row image layout:
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html

#include <cstdint>
#include <vector>

#include "binlog/rows_event.h"
#include "binlog/table_map_event.h"
#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

struct Cell {
    bool present = false;  // the column is in this image (MINIMAL/NOBLOB leave some out)
    bool is_null = false;
    bool partial_json = false;  // PARTIAL_UPDATE_ROWS: `data` is a JSON diff list, not a document
    wire::Bytes data;           // the value as stored, length prefix included
};

using RowImage = std::vector<Cell>;

// Bytes one value of column `c` occupies at the start of `r` (calc_field_size in the server).
Result<std::size_t> cell_length(const ColumnDef& c, wire::Bytes at);

class RowReader {
  public:
    RowReader(const RowsEvent& ev, const TableMapEvent& tm);

    bool done() const noexcept { return r_.empty(); }
    // Reads the next row. Write: `after`; delete: `before`; update: both. The other is cleared.
    Result<void> next(RowImage& before, RowImage& after);
    std::size_t offset() const noexcept { return r_.offset(); }

  private:
    Result<void> read_row(RowImage& before, RowImage& after);
    Result<void> read_image(const std::vector<std::uint8_t>& present, std::size_t npresent,
                            RowImage& image, bool after_of_partial);

    const RowsEvent& ev_;
    const TableMapEvent& tm_;
    wire::ByteReader r_;
    // Columns present in each image (the bitmaps are the event's, the same for every row).
    std::size_t npresent_before_ = 0;
    std::size_t npresent_after_ = 0;
};

}  // namespace b2k::binlog
