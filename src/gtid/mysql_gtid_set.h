#pragma once
// MySQL GTIDs and GTID sets (gtid_executed, PREVIOUS_GTIDS, COM_BINLOG_DUMP_GTID).
//
// A GTID is source:gno, where the source is a server UUID plus, from MySQL 8.3/8.4, an optional
// tag ("uuid:tag:gno"). A set maps each source to sorted, disjoint, non-adjacent closed
// intervals of transaction numbers.
//
// Text (https://dev.mysql.com/doc/refman/8.4/en/replication-gtids-concepts.html):
//   gtid_set   := '' | uuid_set (',' uuid_set)*
//   uuid_set   := uuid (':' interval)* (':' tag (':' interval)+)*     at least one interval
//   interval   := gno | gno '-' gno                                    1 <= gno < 2^63 - 1
//   tag        := [a-z_][a-z0-9_]{0,31}, case-insensitive, stored lower-case
// Whitespace around the separators is ignored, as MySQL does. The canonical form (to_string)
// is MySQL's with "," instead of MySQL's ",\n" between UUIDs: lower-case UUIDs in byte order,
// the untagged intervals first, then the tags in order, intervals merged.
//
// Binary (mysql-server sql/rpl_gtid_set.cc, Gtid_set::encode / add_gtid_encoding), all LE:
//   header     8 bytes: untagged: n_sids (the top byte is 0, the format);
//              tagged (8.3+): byte 0 = 1, bytes 1..6 = n_sids, byte 7 = 1 (the format)
//   per source 16-byte UUID; tagged format only: the tag as a varlen length (MySQL's
//              serialization library: the count of trailing 1 bits of the first byte is the
//              count of extra bytes, the value sits above them; a tag, at most 32 bytes, always
//              fits one byte: length << 1) then the tag's bytes;
//              8-byte n_intervals; per interval 8-byte start, 8-byte end, half-open [start, end)

#include <compare>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "gtid/uuid.h"
#include "wire/byte_reader.h"

namespace b2k::gtid {

// The largest transaction number: MySQL's GNO_END (INT64_MAX) is the exclusive bound.
inline constexpr std::int64_t kMaxGno = std::numeric_limits<std::int64_t>::max() - 1;
// Longest tag MySQL accepts.
inline constexpr std::size_t kMaxTagLength = 32;

// Checks a tag's syntax and returns it lower-cased ("" stays "": the untagged source).
[[nodiscard]] Result<std::string> normalize_tag(std::string_view tag);

struct MysqlGtid {
    Uuid uuid;
    std::string tag;  // "" when untagged; else lower-case
    std::int64_t gno = 0;

    // "uuid:gno" or "uuid:tag:gno".
    [[nodiscard]] static Result<MysqlGtid> parse(std::string_view text);
    std::string to_string() const;

    bool operator==(const MysqlGtid&) const = default;
};

// A closed interval [first, last] of transaction numbers.
struct GnoInterval {
    std::int64_t first = 0;
    std::int64_t last = 0;

    bool operator==(const GnoInterval&) const = default;
};

// A GTID source: server UUID plus tag ("" = untagged). Ordered as MySQL orders a set's sources.
struct Tsid {
    Uuid uuid;
    std::string tag;

    auto operator<=>(const Tsid&) const = default;
};

// Not thread-safe: one owner at a time (the checkpointer), like any value type.
class MysqlGtidSet {
  public:
    // What the first 8 bytes of a binary GTID set say.
    struct EncodingHeader {
        bool tagged = false;
        std::uint64_t n_sids = 0;
    };

    MysqlGtidSet() = default;

    [[nodiscard]] static Result<MysqlGtidSet> parse(std::string_view text);
    // Decodes a PREVIOUS_GTIDS_EVENT body (checksum already removed) or COM_BINLOG_DUMP_GTID
    // data, in either format. Every byte must belong to the set.
    [[nodiscard]] static Result<MysqlGtidSet> decode(wire::Bytes encoded);
    [[nodiscard]] static Result<EncodingHeader> decode_header(wire::Bytes encoded);
    // The binary form, as MySQL writes it. The untagged format cannot carry tags: asking for it
    // when has_tags() is an error, never a silently smaller set.
    [[nodiscard]] Result<std::vector<std::byte>> encode(bool tagged_format) const;

    std::string to_string() const;

    // Adds one transaction. Fails (leaving the set unchanged) on gno outside [1, kMaxGno] or a
    // malformed tag; the tag is stored lower-cased.
    [[nodiscard]] Result<void> add(const Uuid& uuid, std::string_view tag, std::int64_t gno);
    [[nodiscard]] Result<void> add(const MysqlGtid& gtid) {
        return add(gtid.uuid, gtid.tag, gtid.gno);
    }
    // Union.
    void add(const MysqlGtidSet& other);

    bool contains(const Uuid& uuid, std::string_view tag, std::int64_t gno) const;
    bool contains(const MysqlGtid& gtid) const { return contains(gtid.uuid, gtid.tag, gtid.gno); }
    // Subset: every GTID of `other` is in this set.
    bool contains(const MysqlGtidSet& other) const;

    bool empty() const noexcept { return sets_.empty(); }
    bool has_tags() const noexcept;
    // The intervals of one source (tag matched case-insensitively), sorted; empty when the
    // source has none.
    const std::vector<GnoInterval>& intervals(const Uuid& uuid, std::string_view tag) const;
    // Every source with its intervals (never an empty interval list), in canonical order.
    const auto& sources() const noexcept { return sets_; }

    bool operator==(const MysqlGtidSet&) const = default;

  private:
    // Heterogeneous lookup by (uuid, tag view) so that contains() never allocates.
    struct TsidLess {
        using is_transparent = void;
        struct View {
            const Uuid& uuid;
            std::string_view tag;
        };
        static View view(const Tsid& t) { return {t.uuid, t.tag}; }
        static View view(const View& v) { return v; }
        template <class A, class B>
        bool operator()(const A& a, const B& b) const {
            const View x = view(a);
            const View y = view(b);
            if (const auto c = x.uuid <=> y.uuid; std::is_neq(c)) return std::is_lt(c);
            return x.tag < y.tag;
        }
    };

    // Adds [first, last] (1 <= first <= last <= kMaxGno, tag already normalized).
    void add_interval(const Uuid& uuid, std::string_view tag, GnoInterval iv);
    // A source's interval list, created empty if absent.
    std::vector<GnoInterval>& intervals_for(const Uuid& uuid, std::string_view tag);

    std::map<Tsid, std::vector<GnoInterval>, TsidLess> sets_;
};

}  // namespace b2k::gtid
