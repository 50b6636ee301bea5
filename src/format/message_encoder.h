#pragma once
// One row change -> the Kafka messages it becomes, in the configured format (kafka.format):
// key bytes and value bytes in caller-owned buffers (DESIGN.md "Message format", issue 5).
//
//  - Key: a JSON object of the primary-key columns ({"id":42}); a table without a primary key
//    gets a null key (the producer sends all its messages to one partition).
//  - An update that changes the primary key becomes a delete of the old key, then a create of
//    the new one (split_row).
//  - A delete is followed by a tombstone (key, null value) unless kafka.tombstones is false;
//    never for a keyless table (tombstone_follows).
//  - Columns dropped by filter.exclude_columns are left out of every format's value (cached per
//    TABLE_MAP); primary-key columns stay in the key.
//
// Thread safety: none; one MessageEncoder per encoding thread (it caches per-table state).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "binlog/change_handler.h"
#include "config/kafka_config.h"
#include "format/debezium_encoder.h"
#include "format/invalidation_encoder.h"
#include "format/maxwell_encoder.h"
#include "format/table_layout.h"
#include "format/value_encoder.h"

namespace b2k::format {

struct MessageOptions {
    config::MessageFormat format = config::MessageFormat::debezium;
    std::string name;                              // source.name (debezium's source.name)
    bool tombstones = true;                        // kafka.tombstones
    const config::FilterConfig* filter = nullptr;  // must outlive the encoder; null: keep all
};

// What a row's value needs besides the row itself.
struct RowContext {
    std::uint64_t ts_ms = 0;           // processing time (debezium's envelope ts_ms)
    std::optional<std::uint64_t> xid;  // maxwell "xid", when known
    bool commit = false;               // maxwell "commit": the last row of its transaction
};

// True for an update whose before and after images both log a primary-key column with
// different bytes. False for tables without a primary key and for inserts/deletes.
bool primary_key_changed(const binlog::RowChange& change);

// The row changes one row change is published as: itself, or — for an update that changes the
// primary key — a delete (before image, old key) then a create (after image, new key). The
// parts refer to the original's images and source, which must outlive them.
class RowParts {
  public:
    explicit RowParts(const binlog::RowChange& change);
    std::size_t size() const noexcept { return parts_[1] ? 2 : 1; }
    const binlog::RowChange& operator[](std::size_t i) const { return *parts_[i]; }

  private:
    std::array<std::optional<binlog::RowChange>, 2> parts_;
};
inline RowParts split_row(const binlog::RowChange& change) {
    return RowParts(change);
}

// Whether a tombstone (key, null value) follows this (split) row change's message.
inline bool tombstone_follows(const binlog::RowChange& part, bool tombstones) noexcept {
    return tombstones && part.kind == binlog::RowsKind::del && !part.table.primary_key.empty();
}

// One message of a row change, as handed to encode_row's callback. The views point into the
// caller's buffers and are valid during the callback only.
struct Message {
    const binlog::RowChange& change;        // the part it encodes (after a primary-key split)
    std::optional<std::string_view> key;    // nullopt: null key (table without primary key)
    std::optional<std::string_view> value;  // nullopt: tombstone
};

class MessageEncoder {
  public:
    explicit MessageEncoder(const MessageOptions& opts);

    config::MessageFormat format() const noexcept { return format_; }

    // Appends the key JSON; false (nothing appended) for a table without a primary key.
    Result<bool> encode_key(const binlog::RowChange& change, std::string& key);
    // Appends the value of one (already split) row change in the configured format.
    Result<void> encode_value(const binlog::RowChange& change, const RowContext& ctx,
                              std::string& value);

    // Every message of one row change, in publishing order: the primary-key split, then a
    // tombstone after each delete when configured. `emit(const Message&)` returns Result<void>;
    // `key_buf` and `value_buf` are cleared and reused per message. maxwell's "commit" is set
    // only on the last part.
    template <class Emit>
    Result<void> encode_row(const binlog::RowChange& change, const RowContext& ctx,
                            std::string& key_buf, std::string& value_buf, Emit&& emit) {
        const RowParts parts(change);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const binlog::RowChange& part = parts[i];
            RowContext part_ctx = ctx;
            part_ctx.commit = ctx.commit && i + 1 == parts.size();
            key_buf.clear();
            value_buf.clear();
            // The create half of a primary-key split has no before image of its own, yet with
            // MINIMAL images its unchanged key columns are logged only there: take the new key
            // from the whole change (after image, falling back to the before image).
            B2K_TRY(auto has_key, encode_key(i == 1 ? change : part, key_buf));
            B2K_TRY(encode_value(part, part_ctx, value_buf));
            const std::optional<std::string_view> key =
                has_key ? std::optional<std::string_view>(key_buf) : std::nullopt;
            B2K_TRY(Result<void>(emit(Message{part, key, std::string_view(value_buf)})));
            if (tombstone_follows(part, tombstones_)) {
                B2K_TRY(Result<void>(emit(Message{part, key, std::nullopt})));
            }
        }
        return success();
    }

  private:
    config::MessageFormat format_;
    bool tombstones_;
    std::variant<DebeziumEncoder, MaxwellEncoder, InvalidationEncoder> encoder_;
    TableLayouts key_layouts_;
    ValueEncoder key_values_;
};

}  // namespace b2k::format
