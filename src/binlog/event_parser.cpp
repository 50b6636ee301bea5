#include "binlog/event_parser.h"

#include <algorithm>
#include <cstring>

#include "wire/crc32.h"

namespace b2k::binlog {
namespace {

using ET = EventType;

std::string to_string(std::string_view s) {
    return std::string(s);
}

Result<void> skip_post_header(wire::ByteReader& r, std::uint8_t post_header_len, std::size_t used) {
    if (post_header_len > used) r.skip(post_header_len - used);
    return success();
}

// QUERY_EVENT status variables (Q_* codes); sizes from log_event.h / statement_events.h.
Result<void> parse_status_vars(wire::ByteReader s, QueryEvent& q) {
    while (s.ok() && !s.empty()) {
        const std::uint8_t code = s.u8();
        switch (code) {
            case 0:
                q.flags2 = s.u32le();
                break;  // Q_FLAGS2_CODE
            case 1:
                q.sql_mode = s.u64le();
                break;  // Q_SQL_MODE_CODE
            case 2:
                s.skip(s.u8() + 1u);
                break;  // Q_CATALOG_CODE (NUL-terminated)
            case 3:
                s.skip(4);
                break;  // Q_AUTO_INCREMENT
            case 4: {   // Q_CHARSET_CODE
                std::array<std::uint16_t, 3> cs{s.u16le(), s.u16le(), s.u16le()};
                q.charset = cs;
                break;
            }
            case 5:
                q.time_zone = to_string(s.str(s.u8()));
                break;  // Q_TIME_ZONE_CODE
            case 6:
                s.skip(s.u8());
                break;  // Q_CATALOG_NZ_CODE
            case 7:
                s.skip(2);
                break;  // Q_LC_TIME_NAMES_CODE
            case 8:
                s.skip(2);
                break;  // Q_CHARSET_DATABASE_CODE
            case 9:
                s.skip(8);
                break;  // Q_TABLE_MAP_FOR_UPDATE_CODE
            case 10:
                s.skip(4);
                break;  // Q_MASTER_DATA_WRITTEN_CODE
            case 11:
                s.skip(s.u8());
                s.skip(s.u8());
                break;  // Q_INVOKER
            case 12: {  // Q_UPDATED_DB_NAMES
                const std::uint8_t n = s.u8();
                if (n != 254) {  // OVER_MAX_DBS_IN_EVENT_MTS: no names follow
                    for (unsigned i = 0; i < n && s.ok(); ++i)
                        (void)s.null_terminated_str();
                }
                break;
            }
            case 13:
                s.skip(3);
                break;  // Q_MICROSECONDS
            case 14:
                s.skip(8);
                break;  // Q_COMMIT_TS
            case 15:
                s.skip(8);
                break;  // Q_COMMIT_TS2
            case 16:
                s.skip(1);
                break;  // Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP
            case 17:
                q.ddl_xid = s.u64le();
                break;  // Q_DDL_LOGGED_WITH_XID
            case 18:
                q.default_collation_for_utf8mb4 = s.u16le();
                break;
            case 19:
                s.skip(1);
                break;  // Q_SQL_REQUIRE_PRIMARY_KEY
            case 20:
                s.skip(1);
                break;  // Q_DEFAULT_TABLE_ENCRYPTION
            case 128:
                s.skip(3);
                break;  // MariaDB Q_HRNOW
            case 129:
                q.xid = s.u64le();
                break;  // MariaDB Q_XID
            case 130:   // MariaDB Q_GTID_FLAGS3 (log_event.cc): flags, then for the second
                        // half of a two-phase ALTER the seq of its START ALTER
                q.gtid_flags_extra = s.u8();
                if (q.gtid_flags_extra &
                    (MariadbGtidEvent::kFlCommitAlter | MariadbGtidEvent::kFlRollbackAlter)) {
                    q.start_alter_seq = s.u64le();
                }
                break;
            default:
                // Unknown code: its size is unknown, so (as the server does) stop here; the
                // status block's length still tells where the database name starts.
                return success();
        }
    }
    return s.status("QUERY_EVENT status variables");
}

Result<void> verify_crc(wire::Bytes raw, bool is_fde, std::uint64_t offset) {
    if (raw.size() < kCommonHeaderLength + kChecksumLength) {
        return failure(Errc::truncated, "event too short for its checksum");
    }
    const auto data = raw.first(raw.size() - kChecksumLength);
    std::uint32_t crc;
    if (is_fde) {
        // The FDE's checksum is computed with LOG_EVENT_BINLOG_IN_USE_F cleared: the server sets
        // that flag in place while the file is open, after checksumming.
        std::byte flags_lo = data[17] & ~std::byte{kLogEventBinlogInUseF};
        std::uint32_t c = wire::crc32(data.first(17));
        c = wire::crc32(std::span(&flags_lo, 1), c);
        crc = wire::crc32(data.subspan(18), c);
    } else {
        crc = wire::crc32(data);
    }
    wire::ByteReader tail(raw.last(kChecksumLength));
    const std::uint32_t stored = tail.u32le();
    if (crc != stored) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "CRC32 mismatch at offset %llu: stored %08x, computed %08x",
                      static_cast<unsigned long long>(offset), stored, crc);
        return failure(Errc::checksum_mismatch, buf);
    }
    return success();
}

}  // namespace

Result<QueryEvent> parse_query_event(wire::Bytes body, std::uint8_t post_header_len,
                                     bool compressed) {
    wire::ByteReader r(body);
    QueryEvent q;
    q.compressed = compressed;
    q.thread_id = r.u32le();
    q.exec_time = r.u32le();
    const std::uint8_t db_len = r.u8();
    q.error_code = r.u16le();
    std::uint16_t status_len = 0;
    if (post_header_len >= 13) status_len = r.u16le();
    B2K_TRY(skip_post_header(r, post_header_len, 13));
    B2K_TRY(r.status("QUERY_EVENT header"));
    B2K_TRY(parse_status_vars(r.sub(status_len), q));
    q.db = to_string(r.str(db_len));
    r.skip(1);
    B2K_TRY(r.status("QUERY_EVENT"));
    auto text = r.rest();
    if (compressed) {
        std::vector<std::byte> out;
        B2K_TRY(mariadb_uncompress(text, out));
        q.query.assign(reinterpret_cast<const char*>(out.data()), out.size());
    } else {
        q.query = to_string(wire::as_chars(text));
    }
    return q;
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Gtid__event.html
Result<MysqlGtidEvent> parse_mysql_gtid_event(wire::Bytes body, bool anonymous) {
    wire::ByteReader r(body);
    MysqlGtidEvent g;
    g.anonymous = anonymous;
    g.flags = r.u8();
    auto sid = r.bytes(16);
    g.gno = static_cast<std::int64_t>(r.u64le());
    B2K_TRY(r.status(anonymous ? "ANONYMOUS_GTID_LOG_EVENT" : "GTID_LOG_EVENT"));
    g.uuid = gtid::Uuid::from_bytes(sid);
    if (r.empty()) return g;  // 5.6 layout
    const std::uint8_t lt_type = r.u8();
    if (lt_type == 2) {  // LOGICAL_TIMESTAMP_TYPECODE
        g.last_committed = static_cast<std::int64_t>(r.u64le());
        g.sequence_number = static_cast<std::int64_t>(r.u64le());
    }
    if (r.remaining() >= 7) {
        // 8.0.1+: immediate commit timestamp; its top bit says an original one follows.
        constexpr std::uint64_t kHasOriginal = 1ULL << 55;
        std::uint64_t ts = r.uint_le(7);
        if (ts & kHasOriginal) {
            ts &= ~kHasOriginal;
            g.original_commit_timestamp = r.uint_le(7);
        } else {
            g.original_commit_timestamp = ts;
        }
        g.immediate_commit_timestamp = ts;
        if (!r.empty()) g.transaction_length = r.lenenc_int();
        // Server versions and the commit group ticket follow; nothing here needs them.
    }
    B2K_TRY(r.status("GTID_LOG_EVENT"));
    return g;
}

namespace {

// MySQL's serialization framework (libs/mysql/serialization): a variable-length integer whose
// first byte's count of trailing one-bits is the number of bytes that follow it.
std::uint64_t read_varlen(wire::ByteReader& r) {
    const std::uint8_t first = r.peek_u8();
    int extra = 0;
    while (extra < 8 && ((first >> extra) & 1) != 0)
        ++extra;
    const std::size_t n = static_cast<std::size_t>(extra) + 1;
    if (n == 9) {
        r.u8();
        return r.u64le();
    }
    const std::uint64_t raw = r.uint_le(n);
    return raw >> n;
}

std::int64_t read_varlen_signed(wire::ByteReader& r) {
    const std::uint64_t u = read_varlen(r);
    return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
}

}  // namespace

// GTID_TAGGED_LOG_EVENT (MySQL 8.3+): a serialized message — format version, message size,
// last non-ignorable field id, then (field id, value) pairs.
Result<MysqlGtidEvent> parse_gtid_tagged_event(wire::Bytes body) {
    wire::ByteReader r(body);
    MysqlGtidEvent g;
    (void)read_varlen(r);  // serialization format version
    const std::uint64_t size = read_varlen(r);
    (void)read_varlen(r);  // last non-ignorable field id
    B2K_TRY(r.status("GTID_TAGGED_LOG_EVENT header"));
    if (size != body.size()) {
        return failure(Errc::corrupt, "GTID_TAGGED_LOG_EVENT declares " + std::to_string(size) +
                                          " bytes but has " + std::to_string(body.size()));
    }
    bool has_original = false;
    while (r.ok() && !r.empty()) {
        const std::uint64_t field = read_varlen(r);
        switch (field) {
            case 0:
                g.flags = static_cast<std::uint8_t>(read_varlen(r));
                break;
            case 1:
                for (auto& b : g.uuid.bytes)
                    b = static_cast<std::uint8_t>(read_varlen(r));
                break;
            case 2:
                g.gno = read_varlen_signed(r);
                break;
            case 3: {
                const std::uint64_t n = read_varlen(r);
                if (n > 32) r.fail();
                g.tag = to_string(r.str(static_cast<std::size_t>(n)));
                break;
            }
            case 4:
                g.last_committed = read_varlen_signed(r);
                break;
            case 5:
                g.sequence_number = read_varlen_signed(r);
                break;
            case 6:
                g.immediate_commit_timestamp = read_varlen(r);
                break;
            case 7:
                g.original_commit_timestamp = read_varlen(r);
                has_original = true;
                break;
            case 8:
                g.transaction_length = read_varlen(r);
                break;
            case 9:
                (void)read_varlen(r);
                break;  // immediate_server_version
            case 10:
                (void)read_varlen(r);
                break;  // original_server_version
            case 11:
                (void)read_varlen(r);
                break;  // commit_group_ticket
            default:
                return failure(Errc::unsupported, "GTID_TAGGED_LOG_EVENT has unknown field " +
                                                      std::to_string(field) +
                                                      " (written by a newer MySQL?)");
        }
    }
    B2K_TRY(r.status("GTID_TAGGED_LOG_EVENT"));
    if (!has_original) g.original_commit_timestamp = g.immediate_commit_timestamp;
    return g;
}

Result<MariadbGtidEvent> parse_mariadb_gtid_event(wire::Bytes body) {
    wire::ByteReader r(body);
    MariadbGtidEvent g;
    g.seq = r.u64le();
    g.domain = r.u32le();
    g.flags2 = r.u8();
    // MariaDB's Gtid_log_event (log_event.h / log_event.cc): the commit id and the XID are
    // each present when their flag is set, in this order; then, when bytes remain,
    // flags_extra and what it announces; zero padding up to the 19-byte minimum follows.
    if (g.flags2 & MariadbGtidEvent::kFlGroupCommitId) {
        g.commit_id = r.u64le();
    }
    if (g.flags2 & (MariadbGtidEvent::kFlPreparedXa | MariadbGtidEvent::kFlCompletedXa)) {
        XaPrepareEvent x;
        x.format_id = static_cast<std::int32_t>(r.u32le());
        const std::uint8_t gl = r.u8();
        const std::uint8_t bl = r.u8();
        x.gtrid = to_string(r.str(gl));
        x.bqual = to_string(r.str(bl));
        g.xid = std::move(x);
    }
    if (r.remaining() > 0) {
        g.flags_extra = r.u8();
        if (g.flags_extra & MariadbGtidEvent::kFlExtraMultiEngine) g.extra_engines = r.u8();
        if (g.flags_extra &
            (MariadbGtidEvent::kFlCommitAlter | MariadbGtidEvent::kFlRollbackAlter)) {
            g.start_alter_seq = r.u64le();
        }
    }
    B2K_TRY(r.status("GTID_EVENT (MariaDB)"));
    return g;
}

Result<TransactionPayloadEvent> parse_transaction_payload(wire::Bytes body) {
    wire::ByteReader r(body);
    TransactionPayloadEvent p;
    std::uint64_t payload_size = 0;
    bool have_size = false;
    for (;;) {
        const std::uint64_t type = r.lenenc_int();
        if (!r.ok() || type == 0) break;  // OTW_PAYLOAD_HEADER_END_MARK
        const std::uint64_t len = r.lenenc_int();
        if (!r.ok() || len > r.remaining()) {
            r.fail();
            break;
        }
        auto f = r.sub(static_cast<std::size_t>(len));
        const std::uint64_t v = f.lenenc_int();
        switch (type) {
            case 1:
                payload_size = v;
                have_size = true;
                break;
            case 2:
                p.compression = v;
                break;
            case 3:
                p.uncompressed_size = v;
                break;
            default:
                break;  // unknown header field: skip
        }
    }
    B2K_TRY(r.status("TRANSACTION_PAYLOAD_EVENT header"));
    auto payload = r.rest();
    if (have_size && payload_size != payload.size()) {
        return failure(Errc::corrupt, "TRANSACTION_PAYLOAD_EVENT declares " +
                                          std::to_string(payload_size) + " payload bytes but has " +
                                          std::to_string(payload.size()));
    }
    if (p.compression != 0 && p.compression != 255) {
        return failure(Errc::unsupported, "TRANSACTION_PAYLOAD_EVENT uses compression type " +
                                              std::to_string(p.compression) +
                                              " (only zstd and none exist)");
    }
    p.payload.assign(payload.begin(), payload.end());
    return p;
}

Result<HeartbeatEvent> parse_heartbeat_v2(wire::Bytes body) {
    wire::ByteReader r(body);
    HeartbeatEvent h;
    while (r.ok() && !r.empty()) {
        const std::uint8_t type = r.u8();
        if (type == 0) break;
        const std::uint64_t len = r.lenenc_int();
        if (!r.ok() || len > r.remaining()) {
            r.fail();
            break;
        }
        auto f = r.sub(static_cast<std::size_t>(len));
        if (type == 1) {
            h.log_file = std::string(wire::as_chars(f.rest()));
        } else if (type == 2) {
            h.log_pos = f.lenenc_int();
            B2K_TRY(f.finish("HEARTBEAT_LOG_EVENT_V2 position"));
        } else {
            return failure(Errc::corrupt,
                           "HEARTBEAT_LOG_EVENT_V2 has unknown field " + std::to_string(type));
        }
    }
    B2K_TRY(r.status("HEARTBEAT_LOG_EVENT_V2"));
    return h;
}

Result<XaPrepareEvent> parse_xa_prepare(wire::Bytes body) {
    wire::ByteReader r(body);
    XaPrepareEvent x;
    x.one_phase = r.u8() != 0;
    x.format_id = static_cast<std::int32_t>(r.u32le());
    const std::uint32_t gl = r.u32le();
    const std::uint32_t bl = r.u32le();
    if (r.ok() && (gl > 64 || bl > 64)) {
        return failure(Errc::corrupt, "XA_PREPARE_LOG_EVENT has an XID longer than 64 bytes");
    }
    x.gtrid = to_string(r.str(gl));
    x.bqual = to_string(r.str(bl));
    B2K_TRY(r.status("XA_PREPARE_LOG_EVENT"));
    return x;
}

Result<UserVarEvent> parse_user_var(wire::Bytes body) {
    wire::ByteReader r(body);
    UserVarEvent u;
    const std::uint32_t name_len = r.u32le();
    u.name = to_string(r.str(name_len));
    u.is_null = r.u8() != 0;
    if (!u.is_null) {
        u.value_type = r.u8();
        u.charset = r.u32le();
        const std::uint32_t len = r.u32le();
        u.value = to_string(r.str(len));
        if (!r.empty()) u.flags = r.u8();  // optional (5.1+)
    }
    B2K_TRY(r.status("USER_VAR_EVENT"));
    return u;
}

Result<Event> EventParser::parse(wire::Bytes raw, std::uint64_t offset, bool in_payload) {
    wire::ByteReader r(raw);
    Event ev;
    ev.offset = offset;
    ev.in_payload = in_payload;
    ev.header = read_event_header(r);
    B2K_TRY(r.status("event header"));
    ev.header.type_code = format_.map_type(ev.header.type_code);
    const auto& h = ev.header;
    if (h.event_size != raw.size()) {
        return failure(Errc::corrupt, "event size field says " + std::to_string(h.event_size) +
                                          " but the event has " + std::to_string(raw.size()) +
                                          " bytes");
    }
    const bool is_fde = h.type() == ET::FORMAT_DESCRIPTION_EVENT;
    if (is_fde) {
        // The FDE itself says whether checksums are on; parse it first, then verify.
        B2K_TRY(auto fd, parse_format_description(raw.subspan(kCommonHeaderLength)));
        if (fd.has_checksum() && verify_checksums_) B2K_TRY(verify_crc(raw, true, offset));
        format_ = fd;
        has_format_ = true;
        for (auto& m : table_maps_)
            m.body.clear();  // the same bytes may read differently under another format
        ev.body = std::move(fd);
        return ev;
    }
    const std::size_t header_len = format_.header_length;
    if (raw.size() < header_len) {
        return failure(Errc::truncated, "event shorter than the common header");
    }
    wire::Bytes body = raw.subspan(header_len);
    if (!in_payload && format_.has_checksum()) {
        if (body.size() < kChecksumLength) {
            return failure(Errc::truncated, "event too short for its checksum");
        }
        if (verify_checksums_) B2K_TRY(verify_crc(raw, false, offset));
        body = body.first(body.size() - kChecksumLength);
    }
    B2K_TRY(ev.body, parse_body(h, body, in_payload));
    return ev;
}

Result<EventBody> EventParser::table_map_body(wire::Bytes body, std::uint8_t post_header_len) {
    // The table id leads the body (6 bytes, or 4 before MySQL 5.1.4's post-header of 6).
    const std::size_t id_len = post_header_len == 6 ? 4 : 6;
    std::uint64_t id = 0;
    for (std::size_t i = 0; i < id_len && i < body.size(); ++i) {
        id |= static_cast<std::uint64_t>(body[i]) << (8 * i);
    }
    auto& memo = table_maps_[id % table_maps_.size()];
    if (!memo.body.empty() && memo.body.size() == body.size() &&
        std::equal(body.begin(), body.end(), memo.body.begin())) {
        return EventBody(memo.parsed);
    }
    B2K_TRY(auto tm, parse_table_map(body, post_header_len, format_.flavor));
    memo.body.assign(body.begin(), body.end());
    memo.parsed = tm;
    return EventBody(std::move(tm));
}

Result<EventBody> EventParser::parse_body(const EventHeader& h, wire::Bytes body, bool) {
    const auto t = h.type();
    const auto phl = [&](std::uint8_t fallback) { return format_.post_header_length(t, fallback); };
    wire::ByteReader r(body);
    switch (t) {
        case ET::QUERY_EVENT:
        case ET::QUERY_COMPRESSED_EVENT: {
            B2K_TRY(auto q, parse_query_event(body, format_.post_header_length(ET::QUERY_EVENT, 13),
                                              t == ET::QUERY_COMPRESSED_EVENT));
            return EventBody(std::move(q));
        }
        case ET::ROTATE_EVENT: {
            RotateEvent e;
            e.position = r.u64le();
            e.next_file = std::string(wire::as_chars(r.rest()));
            B2K_TRY(r.status("ROTATE_EVENT"));
            return EventBody(std::move(e));
        }
        case ET::STOP_EVENT:
            return EventBody(StopEvent{});
        case ET::XID_EVENT: {
            XidEvent e{r.u64le()};
            B2K_TRY(r.status("XID_EVENT"));
            return EventBody(e);
        }
        case ET::XA_PREPARE_LOG_EVENT: {
            B2K_TRY(auto x, parse_xa_prepare(body));
            return EventBody(std::move(x));
        }
        case ET::INTVAR_EVENT: {
            IntvarEvent e;
            e.kind = r.u8();
            e.value = r.u64le();
            B2K_TRY(r.status("INTVAR_EVENT"));
            return EventBody(e);
        }
        case ET::RAND_EVENT: {
            RandEvent e{r.u64le(), r.u64le()};
            B2K_TRY(r.status("RAND_EVENT"));
            return EventBody(e);
        }
        case ET::USER_VAR_EVENT: {
            B2K_TRY(auto u, parse_user_var(body));
            return EventBody(std::move(u));
        }
        case ET::BEGIN_LOAD_QUERY_EVENT:
        case ET::APPEND_BLOCK_EVENT: {
            LoadBlockEvent e;
            e.file_id = r.u32le();
            B2K_TRY(skip_post_header(r, phl(4), 4));
            e.block_size = static_cast<std::uint32_t>(r.rest().size());
            B2K_TRY(r.status(event_type_name(t)));
            return EventBody(e);
        }
        case ET::EXECUTE_LOAD_QUERY_EVENT: {
            // Query post-header (13) + file_id, start_pos, end_pos (4 each), dup handling (1).
            ExecuteLoadQueryEvent e;
            B2K_TRY(e.query, parse_query_event(body, phl(26), false));
            wire::ByteReader pr(body.subspan(std::min<std::size_t>(13, body.size())));
            e.file_id = pr.u32le();
            return EventBody(std::move(e));
        }
        case ET::DELETE_FILE_EVENT: {
            DeleteFileEvent e{r.u32le()};
            B2K_TRY(r.status("DELETE_FILE_EVENT"));
            return EventBody(e);
        }
        case ET::TRANSACTION_CONTEXT_EVENT: {
            TransactionContextEvent e;
            const std::uint8_t uuid_len = r.u8();
            e.thread_id = r.u32le();
            e.gtid_specified = r.u8() != 0;
            r.skip(8);  // write set and read set lengths
            e.server_uuid = to_string(r.str(uuid_len));
            B2K_TRY(r.status("TRANSACTION_CONTEXT_EVENT"));
            return EventBody(std::move(e));
        }
        case ET::VIEW_CHANGE_EVENT: {
            ViewChangeEvent e;
            auto id = r.str(40);
            e.view_id = to_string(id.substr(0, id.find('\0')));
            e.seq_number = r.u64le();
            B2K_TRY(r.status("VIEW_CHANGE_EVENT"));
            return EventBody(std::move(e));
        }
        case ET::TABLE_MAP_EVENT:
            return table_map_body(body, phl(8));
        case ET::ROWS_QUERY_LOG_EVENT: {
            RowsQueryEvent e;
            r.skip(1);  // length byte (truncated to 255; the text runs to the end)
            e.query = to_string(wire::as_chars(r.rest()));
            B2K_TRY(r.status("ROWS_QUERY_LOG_EVENT"));
            return EventBody(std::move(e));
        }
        case ET::ANNOTATE_ROWS_EVENT:
            return EventBody(RowsQueryEvent{to_string(wire::as_chars(body))});
        case ET::GTID_LOG_EVENT:
        case ET::ANONYMOUS_GTID_LOG_EVENT: {
            B2K_TRY(auto g, parse_mysql_gtid_event(body, t == ET::ANONYMOUS_GTID_LOG_EVENT));
            return EventBody(std::move(g));
        }
        case ET::GTID_TAGGED_LOG_EVENT: {
            B2K_TRY(auto g, parse_gtid_tagged_event(body));
            return EventBody(std::move(g));
        }
        case ET::PREVIOUS_GTIDS_LOG_EVENT: {
            PreviousGtidsEvent e;
            e.encoded.assign(body.begin(), body.end());
            return EventBody(std::move(e));
        }
        case ET::TRANSACTION_PAYLOAD_EVENT: {
            B2K_TRY(auto p, parse_transaction_payload(body));
            return EventBody(std::move(p));
        }
        case ET::HEARTBEAT_LOG_EVENT:
            return EventBody(HeartbeatEvent{to_string(wire::as_chars(body)), h.log_pos});
        case ET::HEARTBEAT_LOG_EVENT_V2: {
            B2K_TRY(auto hb, parse_heartbeat_v2(body));
            return EventBody(std::move(hb));
        }
        case ET::INCIDENT_EVENT: {
            IncidentEvent e;
            e.incident = r.u16le();
            if (!r.empty()) e.message = to_string(r.str(r.u8()));
            B2K_TRY(r.status("INCIDENT_EVENT"));
            return EventBody(std::move(e));
        }
        case ET::BINLOG_CHECKPOINT_EVENT: {
            BinlogCheckpointEvent e;
            const std::uint32_t len = r.u32le();
            e.file = to_string(r.str(len));
            B2K_TRY(r.status("BINLOG_CHECKPOINT_EVENT"));
            return EventBody(std::move(e));
        }
        case ET::GTID_EVENT: {
            B2K_TRY(auto g, parse_mariadb_gtid_event(body));
            return EventBody(std::move(g));
        }
        case ET::GTID_LIST_EVENT: {
            GtidListEvent e;
            e.encoded.assign(body.begin(), body.end());
            wire::ByteReader c(body);
            e.flags = static_cast<std::uint8_t>(c.u32le() >> 28);
            B2K_TRY(c.status("GTID_LIST_EVENT"));
            return EventBody(std::move(e));
        }
        case ET::START_ENCRYPTION_EVENT:
            return failure(Errc::unsupported,
                           "encrypted binlog not supported: the server writes encrypted binlog "
                           "files (encrypt_binlog=ON); read them over the replication protocol "
                           "(the server decrypts) or disable binlog encryption");
        case ET::IGNORABLE_LOG_EVENT:
        case ET::LOAD_EVENT:
        case ET::NEW_LOAD_EVENT:
        case ET::CREATE_FILE_EVENT:
        case ET::EXEC_LOAD_EVENT:
        case ET::SLAVE_EVENT:
        case ET::START_EVENT_V3:
            return EventBody(IgnoredEvent{});
        default:
            break;
    }
    if (is_rows_event(t)) {
        const std::uint8_t len = format_.post_header_length(t, 0);  // 0: by version
        B2K_TRY(auto rows, parse_rows_event(t, body, len));
        return EventBody(std::move(rows));
    }
    if (h.flags & kLogEventIgnorableF) return EventBody(IgnoredEvent{});
    return failure(Errc::unsupported,
                   event_type_label(h.type_code) +
                       " is not known to binlog2kafka and is not flagged ignorable; it may come "
                       "from a newer server version");
}

}  // namespace b2k::binlog
