#include "gtid/mysql_gtid_set.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>

namespace b2k::gtid {
namespace {

constexpr std::uint64_t kFormatUntagged = 0;
constexpr std::uint64_t kFormatTagged = 1;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_tag_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_tag_char(char c) {
    return is_tag_start(c) || is_digit(c);
}

// Quotes input in an error message, shortened so a huge set does not flood the log.
std::string quoted(std::string_view s) {
    constexpr std::size_t kMax = 80;
    if (s.size() <= kMax) return "\"" + std::string(s) + "\"";
    return "\"" + std::string(s.substr(0, kMax)) + "...\"";
}

// Parses a decimal GNO in [1, kMaxGno].
Result<std::int64_t> parse_gno(std::string_view digits) {
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() || v < 1 ||
        v > kMaxGno) {
        return failure(Errc::bad_value, "transaction number " + quoted(digits) +
                                            " is out of range (1 to 9223372036854775806)");
    }
    return v;
}

void append_interval(std::string& out, const GnoInterval& iv) {
    out.push_back(':');
    out += std::to_string(iv.first);
    if (iv.last != iv.first) {
        out.push_back('-');
        out += std::to_string(iv.last);
    }
}

void put_u64le(std::vector<std::byte>& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<std::byte>(v >> (8 * i)));
}

// MySQL serialization library's unsigned varlen integer (libs/mysql/serialization/
// variable_length_integers.h): the number of trailing 1 bits in the first byte is the number of
// bytes that follow (8 when the first byte is 0xff); the value is the little-endian whole,
// shifted right past those marker bits.
std::uint64_t read_varlen_uint(wire::ByteReader& r) {
    const std::uint8_t first = r.peek_u8();
    const int extra = std::countr_one(first);
    if (extra >= 8) {
        r.skip(1);
        return r.u64le();
    }
    const std::size_t n = static_cast<std::size_t>(extra) + 1;
    return r.uint_le(n) >> n;
}

// Tiny cursor over GTID text.
class TextCursor {
  public:
    explicit TextCursor(std::string_view text) : text_(text) {}

    void skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_]))
            ++pos_;
    }
    [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
    [[nodiscard]] char peek() const { return at_end() ? '\0' : text_[pos_]; }
    bool consume(char c) {
        if (peek() != c || at_end()) return false;
        ++pos_;
        return true;
    }
    template <class Pred>
    std::string_view take_while(Pred pred) {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && pred(text_[pos_]))
            ++pos_;
        return text_.substr(start, pos_ - start);
    }
    [[nodiscard]] std::size_t offset() const { return pos_; }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

Error text_error(std::string_view text, std::size_t offset, const std::string& what) {
    return {Errc::bad_value, "invalid GTID set " + quoted(text) + " at offset " +
                                 std::to_string(offset) + ": " + what};
}

}  // namespace

Result<std::string> normalize_tag(std::string_view tag) {
    if (tag.empty()) return std::string();
    if (tag.size() > kMaxTagLength || !is_tag_start(tag.front()) ||
        !std::all_of(tag.begin(), tag.end(), is_tag_char)) {
        return failure(Errc::bad_value,
                       "GTID tag " + quoted(tag) +
                           " is malformed (1 to 32 letters, digits or '_', not starting with a "
                           "digit)");
    }
    std::string out(tag);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// ---- MysqlGtid ----

Result<MysqlGtid> MysqlGtid::parse(std::string_view text) {
    const auto first_colon = text.find(':');
    const auto last_colon = text.rfind(':');
    if (first_colon == std::string_view::npos) {
        return failure(Errc::bad_value, "invalid GTID " + quoted(text) +
                                            ": expected uuid:number or uuid:tag:number");
    }
    MysqlGtid out;
    auto uuid = Uuid::parse(text.substr(0, first_colon));
    if (!uuid) return failure(std::move(uuid).error().context("invalid GTID " + quoted(text)));
    out.uuid = uuid.value();
    if (last_colon != first_colon) {
        auto tag = normalize_tag(text.substr(first_colon + 1, last_colon - first_colon - 1));
        if (!tag || tag.value().empty()) {
            return failure(Errc::bad_value, "invalid GTID " + quoted(text) + ": malformed tag");
        }
        out.tag = std::move(tag).value();
    }
    auto gno = parse_gno(text.substr(last_colon + 1));
    if (!gno) return failure(std::move(gno).error().context("invalid GTID " + quoted(text)));
    out.gno = gno.value();
    return out;
}

std::string MysqlGtid::to_string() const {
    std::string out = uuid.to_string();
    if (!tag.empty()) {
        out.push_back(':');
        out += tag;
    }
    out.push_back(':');
    out += std::to_string(gno);
    return out;
}

// ---- MysqlGtidSet: text ----

Result<MysqlGtidSet> MysqlGtidSet::parse(std::string_view text) {
    MysqlGtidSet set;
    TextCursor cur(text);
    cur.skip_space();
    if (cur.at_end()) return set;  // '' is the empty set
    for (;;) {
        // A UUID runs up to the first ':' , ',' or space.
        const std::size_t uuid_at = cur.offset();
        const std::string_view uuid_text =
            cur.take_while([](char c) { return c != ':' && c != ',' && !is_space(c); });
        auto uuid = Uuid::parse(uuid_text);
        if (!uuid) return failure(text_error(text, uuid_at, uuid.error().message));

        std::string tag;
        std::string_view tag_text;
        bool source_has_interval = false;  // for the current (uuid, tag)
        bool uuid_has_interval = false;
        std::size_t tag_at = 0;
        cur.skip_space();
        while (cur.consume(':')) {
            cur.skip_space();
            const std::size_t at = cur.offset();
            if (is_digit(cur.peek())) {
                const std::string_view first_text = cur.take_while(is_digit);
                auto first = parse_gno(first_text);
                if (!first) return failure(text_error(text, at, first.error().message));
                std::int64_t last = first.value();
                cur.skip_space();
                if (cur.consume('-')) {
                    cur.skip_space();
                    const std::size_t last_at = cur.offset();
                    const std::string_view last_text = cur.take_while(is_digit);
                    if (last_text.empty()) {
                        return failure(
                            text_error(text, last_at,
                                       "interval " + quoted(first_text) + "- has no end number"));
                    }
                    auto end = parse_gno(last_text);
                    if (!end) return failure(text_error(text, last_at, end.error().message));
                    last = end.value();
                    if (last < first.value()) {
                        return failure(text_error(text, at,
                                                  "interval " + std::string(first_text) + "-" +
                                                      std::string(last_text) +
                                                      " ends before it starts"));
                    }
                }
                set.add_interval(uuid.value(), tag, {first.value(), last});
                source_has_interval = true;
                uuid_has_interval = true;
            } else if (is_tag_start(cur.peek())) {
                if (!tag.empty() && !source_has_interval) {
                    return failure(
                        text_error(text, tag_at, "tag " + quoted(tag_text) + " has no intervals"));
                }
                tag_text = cur.take_while(is_tag_char);
                auto normalized = normalize_tag(tag_text);
                if (!normalized) return failure(text_error(text, at, normalized.error().message));
                tag = std::move(normalized).value();
                tag_at = at;
                source_has_interval = false;
            } else {
                return failure(text_error(
                    text, at,
                    "expected a transaction number or a tag after ':' in " + quoted(uuid_text)));
            }
            cur.skip_space();
        }
        if (!cur.at_end() && cur.peek() != ',') {
            return failure(text_error(text, cur.offset(),
                                      "unexpected character " + quoted(std::string(1, cur.peek())) +
                                          " (expected ',' or ':')"));
        }
        if (!tag.empty() && !source_has_interval) {
            return failure(
                text_error(text, tag_at, "tag " + quoted(tag_text) + " has no intervals"));
        }
        if (!uuid_has_interval) {
            return failure(
                text_error(text, uuid_at, "UUID " + quoted(uuid_text) + " has no intervals"));
        }
        if (cur.at_end()) break;
        cur.consume(',');
        cur.skip_space();
        if (cur.at_end()) {
            return failure(text_error(text, cur.offset(), "a ',' is followed by nothing"));
        }
    }
    return set;
}

std::string MysqlGtidSet::to_string() const {
    std::string out;
    const Uuid* previous = nullptr;
    for (const auto& [tsid, ivs] : sets_) {
        if (previous == nullptr || *previous != tsid.uuid) {
            if (previous != nullptr) out.push_back(',');
            tsid.uuid.append_to(out);
            previous = &tsid.uuid;
        }
        if (!tsid.tag.empty()) {
            out.push_back(':');
            out += tsid.tag;
        }
        for (const auto& iv : ivs)
            append_interval(out, iv);
    }
    return out;
}

// ---- MysqlGtidSet: binary ----

Result<MysqlGtidSet::EncodingHeader> MysqlGtidSet::decode_header(wire::Bytes encoded) {
    wire::ByteReader r(encoded);
    const std::uint64_t word = r.u64le();
    if (!r.ok()) {
        return failure(Errc::truncated, "GTID set encoding is " + std::to_string(encoded.size()) +
                                            " bytes, shorter than its 8-byte header");
    }
    // decode_nsids_format(): the format is the top byte; the tagged format repeats it in the
    // bottom byte and keeps the count in the six bytes between.
    const std::uint64_t format = word >> 56;
    if (format == kFormatUntagged) return EncodingHeader{false, word};
    if (format == kFormatTagged) return EncodingHeader{true, (word >> 8) & 0xffff'ffff'ffffULL};
    return failure(Errc::bad_value, "GTID set encoding has unknown format " +
                                        std::to_string(format) + " (0 = untagged, 1 = tagged)");
}

Result<MysqlGtidSet> MysqlGtidSet::decode(wire::Bytes encoded) {
    B2K_TRY(const auto header, decode_header(encoded));
    wire::ByteReader r(encoded);
    r.skip(8);
    MysqlGtidSet set;
    const auto truncated = [&](std::uint64_t i, const char* inside) {
        return failure(Errc::truncated, "GTID set encoding of " + std::to_string(encoded.size()) +
                                            " bytes ends inside " + inside + " of source " +
                                            std::to_string(i + 1) + " of " +
                                            std::to_string(header.n_sids));
    };
    // No allocation is sized from n_sids or n_intervals: each loop stops at the data's end.
    for (std::uint64_t i = 0; i < header.n_sids; ++i) {
        const wire::Bytes uuid_bytes = r.bytes(Uuid::kSize);
        if (!r.ok()) return truncated(i, "the UUID");
        const Uuid uuid = Uuid::from_bytes(uuid_bytes);
        std::string tag;
        if (header.tagged) {
            const std::uint64_t tag_length = read_varlen_uint(r);
            if (!r.ok()) return truncated(i, "the tag length");
            if (tag_length > kMaxTagLength) {
                return failure(Errc::bad_value, "GTID set encoding: source " +
                                                    std::to_string(i + 1) + " has a tag of " +
                                                    std::to_string(tag_length) +
                                                    " bytes (at most 32)");
            }
            const std::string_view raw_tag = r.str(static_cast<std::size_t>(tag_length));
            if (!r.ok()) return truncated(i, "the tag");
            auto normalized = normalize_tag(raw_tag);
            if (!normalized) {
                return failure(std::move(normalized).error().context("GTID set encoding"));
            }
            tag = std::move(normalized).value();
        }
        const std::uint64_t n_intervals = r.u64le();
        if (!r.ok()) return truncated(i, "the interval count");
        if (n_intervals > r.remaining() / 16) return truncated(i, "the intervals");
        // As Gtid_set::add_gtid_encoding: each interval starts above the previous one's end
        // (so intervals are sorted, disjoint and not adjacent) and is non-empty. Zero
        // intervals is accepted there too (and adds nothing).
        std::int64_t previous_end = 0;
        for (std::uint64_t k = 0; k < n_intervals; ++k) {
            const auto start = static_cast<std::int64_t>(r.u64le());
            const auto end = static_cast<std::int64_t>(r.u64le());
            if (start <= previous_end || end <= start) {
                return failure(Errc::bad_value, "GTID set encoding: source " + uuid.to_string() +
                                                    (tag.empty() ? "" : ":" + tag) +
                                                    " has interval [" + std::to_string(start) +
                                                    ", " + std::to_string(end) +
                                                    ") out of order or empty (previous end " +
                                                    std::to_string(previous_end) + ")");
            }
            previous_end = end;
            set.add_interval(uuid, tag, {start, end - 1});
        }
    }
    B2K_TRY(r.finish("GTID set encoding"));
    return set;
}

Result<std::vector<std::byte>> MysqlGtidSet::encode(bool tagged_format) const {
    if (!tagged_format && has_tags()) {
        return failure(Errc::unsupported,
                       "GTID set " + quoted(to_string()) +
                           " holds tagged GTIDs, which the untagged (pre-8.3) binary format "
                           "cannot carry");
    }
    std::vector<std::byte> out;
    const std::uint64_t n = sets_.size();
    put_u64le(out, tagged_format ? (kFormatTagged << 56) | (n << 8) | kFormatTagged : n);
    for (const auto& [tsid, ivs] : sets_) {
        for (const auto b : tsid.uuid.bytes)
            out.push_back(static_cast<std::byte>(b));
        if (tagged_format) {
            // A one-byte varlen (see read_varlen_uint): tags are at most 32 bytes.
            out.push_back(static_cast<std::byte>(tsid.tag.size() << 1));
            for (const char c : tsid.tag)
                out.push_back(static_cast<std::byte>(c));
        }
        put_u64le(out, ivs.size());
        for (const auto& iv : ivs) {
            put_u64le(out, static_cast<std::uint64_t>(iv.first));
            put_u64le(out, static_cast<std::uint64_t>(iv.last) + 1);
        }
    }
    return out;
}

// ---- MysqlGtidSet: set operations ----

std::vector<GnoInterval>& MysqlGtidSet::intervals_for(const Uuid& uuid, std::string_view tag) {
    auto it = sets_.find(TsidLess::View{uuid, tag});
    if (it == sets_.end()) {
        it = sets_.emplace(Tsid{uuid, std::string(tag)}, std::vector<GnoInterval>{}).first;
    }
    return it->second;
}

void MysqlGtidSet::add_interval(const Uuid& uuid, std::string_view tag, GnoInterval iv) {
    auto& v = intervals_for(uuid, tag);
    // The common case, the next transaction of the newest interval: O(1).
    if (v.empty() || iv.first > v.back().last + 1) {
        v.push_back(iv);
        return;
    }
    // First interval that touches or overlaps iv, and the first one after those that do.
    const auto lo =
        std::lower_bound(v.begin(), v.end(), iv.first,
                         [](const GnoInterval& x, std::int64_t g) { return x.last + 1 < g; });
    const auto hi = std::upper_bound(
        lo, v.end(), iv.last, [](std::int64_t g, const GnoInterval& x) { return g + 1 < x.first; });
    if (lo == hi) {
        v.insert(lo, iv);
        return;
    }
    lo->first = std::min(lo->first, iv.first);
    lo->last = std::max(std::prev(hi)->last, iv.last);
    v.erase(std::next(lo), hi);
}

Result<void> MysqlGtidSet::add(const Uuid& uuid, std::string_view tag, std::int64_t gno) {
    if (gno < 1 || gno > kMaxGno) {
        return failure(Errc::bad_value,
                       "GTID " + uuid.to_string() + (tag.empty() ? "" : ":" + std::string(tag)) +
                           ":" + std::to_string(gno) + ": transaction number out of range");
    }
    B2K_TRY(const auto normalized, normalize_tag(tag));
    add_interval(uuid, normalized, {gno, gno});
    return success();
}

void MysqlGtidSet::add(const MysqlGtidSet& other) {
    if (&other == this) return;
    for (const auto& [tsid, ivs] : other.sets_) {
        for (const auto& iv : ivs)
            add_interval(tsid.uuid, tsid.tag, iv);
    }
}

const std::vector<GnoInterval>& MysqlGtidSet::intervals(const Uuid& uuid,
                                                        std::string_view tag) const {
    static const std::vector<GnoInterval> none;
    // Tags are case-insensitive; stored lower-case. Lower-case input (the norm) needs no copy.
    const bool has_upper =
        std::any_of(tag.begin(), tag.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    std::string lowered;
    if (has_upper) {
        lowered.assign(tag);
        for (char& c : lowered)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        tag = lowered;
    }
    const auto it = sets_.find(TsidLess::View{uuid, tag});
    return it == sets_.end() ? none : it->second;
}

bool MysqlGtidSet::contains(const Uuid& uuid, std::string_view tag, std::int64_t gno) const {
    const auto& v = intervals(uuid, tag);
    // First interval starting above gno; the one before it is the only candidate.
    auto it = std::upper_bound(v.begin(), v.end(), gno,
                               [](std::int64_t g, const GnoInterval& x) { return g < x.first; });
    if (it == v.begin()) return false;
    return std::prev(it)->last >= gno;
}

bool MysqlGtidSet::contains(const MysqlGtidSet& other) const {
    for (const auto& [tsid, theirs] : other.sets_) {
        const auto& ours = intervals(tsid.uuid, tsid.tag);
        // Both lists are sorted: walk them together.
        auto it = ours.begin();
        for (const auto& iv : theirs) {
            while (it != ours.end() && it->last < iv.first)
                ++it;
            if (it == ours.end() || it->first > iv.first || it->last < iv.last) return false;
        }
    }
    return true;
}

bool MysqlGtidSet::has_tags() const noexcept {
    return std::any_of(sets_.begin(), sets_.end(),
                       [](const auto& entry) { return !entry.first.tag.empty(); });
}

}  // namespace b2k::gtid
