#pragma once
// One column value -> JSON, following DESIGN.md's value table (docs/value-encoding.md).
// Allocation-free on the hot path: everything is appended to the caller's buffer; a scratch
// buffer is reused for the few types that need an intermediate form (JSON, charset conversion).

#include <string>

#include "binlog/flavor.h"
#include "binlog/row_reader.h"
#include "binlog/table_map_event.h"
#include "common/result.h"

namespace b2k::binlog {
struct Charset;
}

namespace b2k::format {

// How to render a column, resolved once per TABLE_MAP (not per row).
// CHAR/VARCHAR whose text needs no conversion, rendered without the general dispatch
// (encode → encode_string → encode_label); resolve_rendering decides, the output is the same.
enum class FastRendering : std::uint8_t {
    none,
    text_prefix1,  // 1-byte length prefix
    text_prefix2,  // 2-byte length prefix
};

struct ColumnRendering {
    const binlog::ColumnDef* def = nullptr;
    bool is_unsigned = false;
    // String-family columns: the charset's conversion, or binary (base64).
    const binlog::Charset* charset = nullptr;  // nullptr: unknown (see docs)
    bool binary = false;
    FastRendering fast = FastRendering::none;
};

ColumnRendering resolve_rendering(const binlog::ColumnDef& def, binlog::Flavor flavor);

// How a MySQL binary JSON column is rendered: a string holding the document's text (debezium,
// DESIGN.md's value table) or the document embedded as a JSON value (maxwell).
enum class JsonColumns { as_string, embedded };

class ValueEncoder {
  public:
    explicit ValueEncoder(JsonColumns json = JsonColumns::as_string) : json_(json) {}

    // Appends the JSON for `cell` (which must be present). `before` is the same column's
    // before-image cell for PARTIAL_UPDATE_ROWS JSON diffs (nullptr when absent).
    Result<void> encode(const ColumnRendering& col, const binlog::Cell& cell,
                        const binlog::Cell* before, std::string& out);

  private:
    // Text in the column's charset -> JSON string; binary columns -> base64.
    Result<void> encode_string(const ColumnRendering& col, std::string_view v, std::string& out);
    // ENUM/SET labels and text: always a string, converted from the column's charset.
    Result<void> encode_label(const ColumnRendering& col, std::string_view v, std::string& out);

    // Appends the JSON document text in scratch_ as json_ says.
    void append_json_document(std::string& out) const;

    JsonColumns json_;
    std::string scratch_;
    std::string plain_;
};

}  // namespace b2k::format
