#include "format/message_encoder.h"

#include <algorithm>

namespace b2k::format {
namespace {

const binlog::Cell* logged(const binlog::RowImage* image, std::size_t i) {
    if (image == nullptr || i >= image->size() || !(*image)[i].present) return nullptr;
    return &(*image)[i];
}

std::variant<DebeziumEncoder, MaxwellEncoder, InvalidationEncoder> make_encoder(
    const MessageOptions& o) {
    switch (o.format) {
        case config::MessageFormat::maxwell:
            return std::variant<DebeziumEncoder, MaxwellEncoder, InvalidationEncoder>(
                std::in_place_type<MaxwellEncoder>, o.filter);
        case config::MessageFormat::invalidation:
            return std::variant<DebeziumEncoder, MaxwellEncoder, InvalidationEncoder>(
                std::in_place_type<InvalidationEncoder>, o.filter);
        case config::MessageFormat::debezium:
            break;
    }
    return std::variant<DebeziumEncoder, MaxwellEncoder, InvalidationEncoder>(
        std::in_place_type<DebeziumEncoder>, EnvelopeOptions{o.name, o.filter});
}

}  // namespace

bool primary_key_changed(const binlog::RowChange& ch) {
    if (ch.before == nullptr || ch.after == nullptr) return false;
    for (auto idx : ch.table.primary_key) {
        const binlog::Cell* b = logged(ch.before, idx);
        const binlog::Cell* a = logged(ch.after, idx);
        if (b == nullptr || a == nullptr) continue;  // MINIMAL: not in the after image: unchanged
        if (a->is_null != b->is_null) return true;
        if (!std::equal(a->data.begin(), a->data.end(), b->data.begin(), b->data.end())) {
            return true;
        }
    }
    return false;
}

RowParts::RowParts(const binlog::RowChange& ch) {
    if (!primary_key_changed(ch)) {
        parts_[0].emplace(ch);
        return;
    }
    parts_[0].emplace(
        binlog::RowChange{ch.source, ch.table, binlog::RowsKind::del, ch.before, nullptr, ch.row});
    parts_[1].emplace(
        binlog::RowChange{ch.source, ch.table, binlog::RowsKind::write, nullptr, ch.after, ch.row});
}

MessageEncoder::MessageEncoder(const MessageOptions& opts)
    : format_(opts.format), tombstones_(opts.tombstones), encoder_(make_encoder(opts)) {}

Result<bool> MessageEncoder::encode_key(const binlog::RowChange& ch, std::string& key) {
    if (ch.table.primary_key.empty()) return false;
    const TableLayout& tl = key_layouts_.get(ch.table, ch.source.flavor);
    return append_primary_key(ch, tl, key_values_, key);
}

Result<void> MessageEncoder::encode_value(const binlog::RowChange& ch, const RowContext& ctx,
                                          std::string& value) {
    switch (encoder_.index()) {
        case 0:
            return std::get<0>(encoder_).encode_row(ch, ctx.ts_ms, value);
        case 1:
            return std::get<1>(encoder_).encode_row(ch, MaxwellRowInfo{ctx.xid, ctx.commit}, value);
        default:
            return std::get<2>(encoder_).encode_row(ch, value);
    }
}

}  // namespace b2k::format
