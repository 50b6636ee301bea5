#pragma once
// Debezium-style envelope for row changes (DESIGN.md "Message format"):
//   {"before":…,"after":…,"source":{…},"op":"c|u|d","ts_ms":…}
// and the primary-key message key. Appends to a caller-owned buffer; per-table rendering
// decisions are cached per TABLE_MAP so a row costs no allocation.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "binlog/change_handler.h"
#include "format/table_layout.h"
#include "format/value_encoder.h"

namespace b2k::config {
struct FilterConfig;
}

namespace b2k::format {

struct EnvelopeOptions {
    std::string name;  // source.name (config source.name; "decode" for files)
    // Columns it drops (filter.exclude_columns) are left out of before/after; null keeps all.
    // Must outlive the encoder.
    const config::FilterConfig* filter = nullptr;
};

class DebeziumEncoder {
  public:
    explicit DebeziumEncoder(EnvelopeOptions opts)
        : opts_(std::move(opts)), layouts_(opts_.filter) {}

    // The envelope for one row change. `ts_ms`: the envelope's processing time.
    Result<void> encode_row(const binlog::RowChange& change, std::uint64_t ts_ms, std::string& out);
    // Appends {"col":value,...} for the primary-key columns; false when the table has no
    // known primary key (the key is then null).
    Result<bool> encode_key(const binlog::RowChange& change, std::string& out);
    // Appends the "source" object.
    void encode_source(const binlog::ChangeSource& src, std::string_view db, std::string_view table,
                       std::uint32_t row, std::string_view row_image, std::string& out) const;

  private:
    Result<void> encode_image(const TableLayout& tc, const binlog::RowImage& image,
                              const binlog::RowImage* before, std::string& out);

    // The "source" object of consecutive rows differs only in "pos" and "row": keep the text
    // before "pos" (per event header, table and file) and after "row" (per GTID and image
    // kind), rebuilt in place when what they show changes, so a row costs no allocation.
    struct SourceCache {
        std::uint64_t event_seq = 0;  // rows of this event need no comparison
        bool valid = false;
        std::uint32_t server_id = 0;
        std::uint64_t ts_ms = 0;
        std::uint64_t map_seq = 0;
        binlog::Flavor flavor = binlog::Flavor::mysql;
        std::string file;
        std::string gtid;
        std::string_view row_image;
        bool suffix_valid = false;
        std::string prefix;  // {"version":…,"pos":
        std::string suffix;  // ,"gtid":…}
    };
    // The "source" object's text up to "pos" (its value follows) and after "row".
    void source_head(const binlog::ChangeSource& src, std::string_view db, std::string_view table,
                     std::string& out) const;
    static void source_tail(const binlog::ChangeSource& src, std::string_view row_image,
                            std::string& out);
    void append_row_source(const binlog::RowChange& ch, std::string_view row_image,
                           std::string& out);
    void refresh_source_cache(const binlog::RowChange& ch, std::string_view row_image);

    // Which columns an image leaves out is the same for every row of an event.
    struct ImageKindCache {
        std::uint64_t event_seq = 0;
        std::string_view kind;
    };
    std::string_view image_kind(const binlog::RowChange& ch);

    struct TailCache {
        binlog::RowsKind kind = binlog::RowsKind::write;
        std::uint64_t ts_ms = 0;
        std::string text;  // ,"op":"c","ts_ms":…}
    };

    EnvelopeOptions opts_;
    SourceCache source_cache_;
    TailCache tail_cache_;
    ImageKindCache image_kind_cache_;
    ValueEncoder values_;
    TableLayouts layouts_;
};

// "full", "minimal" or "noblob", judged from which columns an image left out.
std::string_view row_image_kind(const binlog::TableMapEvent& tm, const binlog::RowImage* image);

}  // namespace b2k::format
