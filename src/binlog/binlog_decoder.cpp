#include "binlog/binlog_decoder.h"

#include <algorithm>
#include <atomic>
#include <cstdio>

#include "binlog/payload_reader.h"
#include "format/json_writer.h"

namespace b2k::binlog {
namespace {

// Unique across decoders: encoders cache per-table rendering keyed by it, and a replica
// session makes a new decoder per connection.
std::uint64_t next_map_seq() {
    static std::atomic<std::uint64_t> seq{0};
    return ++seq;
}

// Each decoder numbers its events from its own base (2^40 events apart): unique without an
// atomic operation per event.
std::uint64_t next_event_seq_base() {
    static std::atomic<std::uint64_t> decoders{0};
    return (++decoders) << 40;
}

}  // namespace

Result<void> BinlogDecoder::run(EventSource& source, std::string file_name) {
    file_ = std::move(file_name);
    for (;;) {
        B2K_TRY(auto raw, source.next());
        if (!raw) return success();
        auto r = feed(raw->bytes, raw->offset);
        if (!r) {
            if (opts_.skip_corrupt && !r.error().is(Errc::incident)) {
                std::fprintf(stderr, "binlog2kafka: skipping: %s\n", r.error().message.c_str());
                ++skipped_;
                continue;
            }
            return r;
        }
    }
}

Result<void> BinlogDecoder::feed(wire::Bytes raw, std::uint64_t offset) {
    auto parsed = parser_.parse(raw, offset);
    if (!parsed) {
        wire::ByteReader hr(raw);
        const auto h = read_event_header(hr);
        return failure(std::move(parsed).error().context(file_ + ": event at offset " +
                                                         std::to_string(offset) + " (" +
                                                         event_type_label(h.type_code) + ")"));
    }
    const Event& ev = parsed.value();
    auto r = handle(ev, ev.header.log_pos, raw);
    if (!r) {
        return failure(std::move(r).error().context(file_ + ": event at offset " +
                                                    std::to_string(offset) + " (" +
                                                    event_type_label(ev.header.type_code) + ")"));
    }
    return r;
}

void BinlogDecoder::set_gtid(const Event& ev) {
    // Rebuilt in place (one per transaction): no allocation once gtid_ has grown.
    if (const auto* g = std::get_if<MysqlGtidEvent>(&ev.body)) {
        gtid_.clear();
        if (!g->anonymous) {
            g->uuid.append_to(gtid_);
            gtid_.push_back(':');
            if (!g->tag.empty()) {
                gtid_ += g->tag;
                gtid_.push_back(':');
            }
            format::append_int(gtid_, g->gno);
        }
    } else if (const auto* m = std::get_if<MariadbGtidEvent>(&ev.body)) {
        alter_phase_ =
            m->flags_extra & (MariadbGtidEvent::kFlStartAlter | MariadbGtidEvent::kFlRollbackAlter);
        gtid_.clear();
        format::append_int(gtid_, m->domain);
        gtid_.push_back('-');
        format::append_int(gtid_, ev.header.server_id);
        gtid_.push_back('-');
        format::append_int(gtid_, m->seq);
    }
}

Result<void> BinlogDecoder::handle(const Event& ev, std::uint64_t end_pos, wire::Bytes raw) {
    B2K_TRY(handler_.on_event(ev));
    source_.file = file_;
    source_.pos = ev.offset;
    source_.end_pos = end_pos;
    source_.server_id = ev.header.server_id;
    source_.ts_ms = static_cast<std::uint64_t>(ev.header.timestamp) * 1000;
    source_.flavor = parser_.format().flavor;
    if (event_seq_ == 0) event_seq_ = next_event_seq_base();
    source_.event_seq = ++event_seq_;

    set_gtid(ev);
    source_.gtid = gtid_;
    const BoundaryStep step = boundary_.on_event(ev);
    if (step.begins && step.ends == GroupEnd::none) {
        B2K_TRY(handler_.on_transaction(TransactionMark{source_, true, GroupEnd::none}));
    }

    if (const auto* tm = std::get_if<TableMapEvent>(&ev.body)) {
        // Servers re-send the same TABLE_MAP before every statement; keep the existing entry
        // (and its map_seq, so encoders keep their per-table caches) when nothing changed.
        const std::size_t skip = parser_.format().header_length + 8;  // header, table id, flags
        const std::size_t crc =
            !ev.in_payload && parser_.format().has_checksum() ? kChecksumLength : 0;
        const wire::Bytes body =
            raw.size() >= skip + crc ? raw.subspan(skip, raw.size() - skip - crc) : raw;
        auto& slot = tables_[tm->table_id];
        if (slot.table.map_seq == 0 || slot.raw.size() != body.size() ||
            !std::equal(body.begin(), body.end(), slot.raw.begin())) {
            slot.table = *tm;
            slot.table.map_seq = next_map_seq();
            slot.raw.assign(body.begin(), body.end());
            if (opts_.resolver != nullptr) {
                slot.parsed = *tm;
                slot.resolved_version = 0;
                B2K_TRY(resolve(slot));
            }
        } else if (opts_.resolver != nullptr) {
            B2K_TRY(resolve(slot));
        }
    } else if (const auto* rows = std::get_if<RowsEvent>(&ev.body)) {
        B2K_TRY(handle_rows(ev, *rows));
    } else if (const auto* q = std::get_if<QueryEvent>(&ev.body)) {
        if (boundary_.in_group()) B2K_TRY(track_savepoint(*q));
        const bool alter_not_applied =
            ((alter_phase_ | q->gtid_flags_extra) &
             (MariadbGtidEvent::kFlStartAlter | MariadbGtidEvent::kFlRollbackAlter)) != 0;
        if (!alter_not_applied && !TransactionBoundary::is_begin(q->query) &&
            !TransactionBoundary::is_commit(q->query) &&
            !TransactionBoundary::is_rollback(q->query)) {
            B2K_TRY(handler_.on_statement(StatementChange{source_, *q}));
        }
    } else if (const auto* rot = std::get_if<RotateEvent>(&ev.body)) {
        // A real ROTATE ends this file; the artificial one a dump starts with names the file.
        file_ = rot->next_file;
    } else if (const auto* p = std::get_if<TransactionPayloadEvent>(&ev.body)) {
        B2K_TRY(handle_payload(ev, *p));
    } else if (const auto* inc = std::get_if<IncidentEvent>(&ev.body)) {
        B2K_TRY(handler_.on_incident(source_, *inc));
    }
    if (step.ends != GroupEnd::none) {
        B2K_TRY(release_held());
        savepoints_.clear();
        alter_phase_ = 0;
        B2K_TRY(handler_.on_transaction(TransactionMark{source_, step.begins, step.ends}));
    }
    return success();
}

Result<void> BinlogDecoder::resolve(MappedTable& slot) {
    const std::uint64_t version = opts_.resolver->version();
    if (slot.resolved_version == version) return success();
    TableMapEvent resolved = slot.parsed;
    B2K_TRY(opts_.resolver->resolve(resolved, source_));
    resolved.map_seq = next_map_seq();  // encoders re-read names and keys
    slot.table = std::move(resolved);
    slot.resolved_version = version;
    return success();
}

Result<void> BinlogDecoder::handle_rows(const Event& ev, const RowsEvent& rows) {
    auto it = tables_.find(rows.table_id);
    if (it == tables_.end()) {
        return failure(Errc::corrupt, "rows event for table id " + std::to_string(rows.table_id) +
                                          " has no TABLE_MAP before it (was reading started in "
                                          "the middle of a transaction?)");
    }
    if (opts_.resolver != nullptr) B2K_TRY(resolve(it->second));
    if (!savepoints_.empty()) {
        held_.push_back(HeldRows{ev, it->second.table, file_, gtid_, source_});
        return success();
    }
    return emit_rows(ev, rows, it->second.table, source_);
}

Result<void> BinlogDecoder::track_savepoint(const QueryEvent& q) {
    const std::string_view text = q.query;
    if (auto name = TransactionBoundary::savepoint_name(text, "SAVEPOINT"); !name.empty()) {
        // A savepoint of an existing name replaces the old one.
        std::erase_if(savepoints_, [&](const auto& sp) { return sp.first == name; });
        savepoints_.emplace_back(std::string(name), held_.size());
    } else if (auto rb = TransactionBoundary::savepoint_rollback_name(text); !rb.empty()) {
        for (std::size_t i = savepoints_.size(); i-- > 0;) {
            if (savepoints_[i].first != rb) continue;
            held_.resize(savepoints_[i].second);  // those rows never happened
            savepoints_.resize(i + 1);
            break;
        }
    } else if (auto rel = TransactionBoundary::savepoint_name(text, "RELEASE"); !rel.empty()) {
        for (std::size_t i = savepoints_.size(); i-- > 0;) {
            if (savepoints_[i].first != rel) continue;
            savepoints_.resize(i);
            break;
        }
        if (savepoints_.empty()) return release_held();
    }
    return success();
}

Result<void> BinlogDecoder::release_held() {
    auto held = std::move(held_);
    held_.clear();
    for (auto& h : held) {
        h.source.file = h.file;
        h.source.gtid = h.gtid;
        B2K_TRY(emit_rows(h.event, std::get<RowsEvent>(h.event.body), h.table, h.source));
    }
    return success();
}

Result<void> BinlogDecoder::emit_rows(const Event& ev, const RowsEvent& rows,
                                      const TableMapEvent& tm, const ChangeSource& source) {
    RowReader reader(rows, tm);
    std::uint32_t row = 0;
    while (!reader.done()) {
        auto r = reader.next(before_, after_);
        if (!r) {
            return failure(std::move(r).error().context(
                "row " + std::to_string(row) + " of " +
                std::string(event_type_name(ev.header.type())) + " for " + tm.db + "." + tm.table));
        }
        const RowImage* b = rows.kind == RowsKind::write ? nullptr : &before_;
        const RowImage* a = rows.kind == RowsKind::del ? nullptr : &after_;
        auto handled = handler_.on_row(RowChange{source, tm, rows.kind, b, a, row});
        if (!handled) {
            return failure(std::move(handled).error().context(
                "row " + std::to_string(row) + " of " +
                std::string(event_type_name(ev.header.type())) + " for " + tm.db + "." + tm.table));
        }
        ++row;
    }
    if (rows.statement_end()) {
        // The server frees its table ids at the end of a statement; a later statement maps
        // them again. Keep ours: ids are only reused after a new TABLE_MAP replaces them.
    }
    return success();
}

Result<void> BinlogDecoder::handle_payload(const Event& ev, const TransactionPayloadEvent& p) {
    PayloadReader reader(p, file_ + " payload at " + std::to_string(ev.offset));
    const std::uint64_t outer_pos = ev.offset;
    const std::uint64_t outer_end = ev.header.log_pos;
    for (;;) {
        B2K_TRY(auto raw, reader.next());
        if (!raw) break;
        auto inner = parser_.parse(raw->bytes, outer_pos, /*in_payload=*/true);
        if (!inner) {
            return failure(std::move(inner).error().context(
                file_ + ": event inside TRANSACTION_PAYLOAD_EVENT at offset " +
                std::to_string(outer_pos)));
        }
        // Inner events carry log_pos 0: they take the payload's position.
        B2K_TRY(handle(inner.value(), outer_end, raw->bytes));
    }
    return success();
}

}  // namespace b2k::binlog
