#pragma once
// MySQL partial JSON updates (binlog_row_value_options=PARTIAL_JSON): in a PARTIAL_UPDATE_ROWS
// event's after-image, a JSON column flagged in the partial bitmap holds the list of changes to
// its before-image value instead of the new value.
//
// Spec: MySQL sql/json_diff.cc (Json_diff_vector::write_binary/read_binary, apply_json_diff) and
// libbinlogevents rows_event.h (PARTIAL_UPDATE_ROWS_EVENT):
//
//   column      ::= length:uint32le diff*        (diffs fill exactly `length` bytes; 0 = unchanged)
//   diff        ::= operation:uint8 path value?  (no value for REMOVE)
//   operation   ::= 0 REPLACE | 1 INSERT | 2 REMOVE
//   path        ::= length:lenenc utf8-bytes     (MySQL JSON path text, e.g. $.a[1] or $."b c")
//   value       ::= length:lenenc binary-json    (json_binary.h format)
//
// Applying follows MySQL's apply_json_diff: REPLACE needs the path to exist; INSERT adds an object
// member that must not exist yet, or inserts into an array before the index (clamped to its
// end); REMOVE needs the member or element to exist. Rendering and decisions:
// docs/json-values.md.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

struct JsonDiff {
    // enum_json_diff_operation, same numbering as on the wire.
    enum class Op : std::uint8_t { replace = 0, insert = 1, remove = 2 };
    Op op = Op::replace;
    // MySQL JSON path text (`$.name`, `$[3]`, `$."a b".c`); views the event's bytes.
    std::string_view path;
    // Binary JSON document; empty for remove. Views the event's bytes.
    wire::Bytes value;
};

std::string_view json_diff_op_name(JsonDiff::Op op) noexcept;  // "replace", "insert", "remove"

// Reads one partial JSON column: `r` is at the column's value (the 4-byte length), and moves past
// it. Checks each diff's operation, that its path is one MySQL logs (members and array cells, no
// wildcards) and that its value starts a binary JSON document. An empty list means the column's
// value did not change.
[[nodiscard]] Result<std::vector<JsonDiff>> parse_json_diffs(wire::ByteReader& r);

// Applies `diffs` in order to the binary JSON document `before_doc` (the column's before-image
// value; zero bytes is JSON null, as in MySQL) and appends the whole resulting document as MySQL
// canonical text (what json_binary_to_text gives for the after-image MySQL stores). Only the
// parts of the document on the diffs' paths are decoded into a tree; the rest is rendered straight
// from the binary. A diff that does not fit the document (a path that does not exist, an INSERT
// of an existing member...) fails with Errc::bad_value: the before-image is not the value the
// server changed. On error `out_text` is left as it was.
[[nodiscard]] Result<void> apply_json_diffs(wire::Bytes before_doc, std::span<const JsonDiff> diffs,
                                            std::string& out_text);

// Appends the diffs themselves, for when no before-image is logged (MINIMAL/NOBLOB row images), as
// a JSON document in the same canonical text form:
//   {"$json_diff": [{"op": "replace", "path": "$.a", "value": 1}, {"op": "remove", "path": "$.b"}]}
// On error `out` is left as it was.
[[nodiscard]] Result<void> json_diffs_to_text(std::span<const JsonDiff> diffs, std::string& out);

}  // namespace b2k::binlog
