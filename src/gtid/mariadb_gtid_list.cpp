#include "gtid/mariadb_gtid_list.h"

#include <charconv>

#include "common/check.h"

namespace b2k::gtid {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string quoted(std::string_view s) {
    constexpr std::size_t kMax = 80;
    if (s.size() <= kMax) return "\"" + std::string(s) + "\"";
    return "\"" + std::string(s.substr(0, kMax)) + "...\"";
}

// Parses a whole decimal field into `out`; false if it is not one or does not fit.
template <class Int>
bool parse_field(std::string_view digits, Int& out) {
    if (digits.empty() || digits.front() < '0' || digits.front() > '9') return false;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc{} && ptr == digits.data() + digits.size();
}

constexpr std::uint32_t kCountMask = (1U << 28) - 1;
constexpr std::size_t kGtidSize = 4 + 4 + 8;

void put_le(std::vector<std::byte>& out, std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i)
        out.push_back(static_cast<std::byte>(v >> (8 * i)));
}

}  // namespace

Result<MariadbGtid> MariadbGtid::parse(std::string_view text) {
    const auto bad = [&] {
        return failure(Errc::bad_value,
                       "invalid MariaDB GTID " + quoted(text) +
                           ": expected domain-server-sequence, e.g. 0-1-42 (domain and server "
                           "below 2^32, sequence below 2^64)");
    };
    const auto dash1 = text.find('-');
    if (dash1 == std::string_view::npos) return bad();
    const auto dash2 = text.find('-', dash1 + 1);
    if (dash2 == std::string_view::npos) return bad();
    MariadbGtid g;
    if (!parse_field(text.substr(0, dash1), g.domain) ||
        !parse_field(text.substr(dash1 + 1, dash2 - dash1 - 1), g.server) ||
        !parse_field(text.substr(dash2 + 1), g.seq)) {
        return bad();
    }
    return g;
}

std::string MariadbGtid::to_string() const {
    return std::to_string(domain) + "-" + std::to_string(server) + "-" + std::to_string(seq);
}

Result<MariadbGtidList> MariadbGtidList::parse(std::string_view text) {
    MariadbGtidList list;
    if (trim(text).empty()) return list;
    std::string_view rest = text;
    for (;;) {
        const auto comma = rest.find(',');
        const std::string_view item = trim(rest.substr(0, comma));
        auto gtid = MariadbGtid::parse(item);
        if (!gtid) {
            return failure(
                std::move(gtid).error().context("invalid MariaDB GTID position " + quoted(text)));
        }
        if (list.by_domain_.count(gtid.value().domain) != 0) {
            return failure(Errc::bad_value,
                           "invalid MariaDB GTID position " + quoted(text) + ": domain " +
                               std::to_string(gtid.value().domain) +
                               " appears twice (a position holds one GTID per domain)");
        }
        list.update(gtid.value());
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return list;
}

MariadbGtidList MariadbGtidList::from_gtids(std::span<const MariadbGtid> gtids) {
    MariadbGtidList list;
    for (const auto& g : gtids)
        list.update(g);
    return list;
}

std::string MariadbGtidList::to_string() const {
    std::string out;
    for (const auto& [domain, g] : by_domain_) {
        if (!out.empty()) out.push_back(',');
        out += g.to_string();
    }
    return out;
}

void MariadbGtidList::update(const MariadbGtid& gtid) {
    by_domain_[gtid.domain] = gtid;
}

bool MariadbGtidList::contains(const MariadbGtid& gtid) const {
    const auto it = by_domain_.find(gtid.domain);
    return it != by_domain_.end() && gtid.seq <= it->second.seq;
}

std::optional<MariadbGtid> MariadbGtidList::find(std::uint32_t domain) const {
    const auto it = by_domain_.find(domain);
    if (it == by_domain_.end()) return std::nullopt;
    return it->second;
}

std::vector<MariadbGtid> MariadbGtidList::gtids() const {
    std::vector<MariadbGtid> out;
    out.reserve(by_domain_.size());
    for (const auto& [domain, g] : by_domain_)
        out.push_back(g);
    return out;
}

Result<MariadbGtidListEvent> decode_gtid_list_event(wire::Bytes body) {
    wire::ByteReader r(body);
    const std::uint32_t word = r.u32le();
    B2K_TRY(r.status("GTID_LIST event count"));
    MariadbGtidListEvent event;
    event.flags = static_cast<std::uint8_t>(word >> 28);
    const std::uint32_t count = word & kCountMask;
    if (count > r.remaining() / kGtidSize) {
        return failure(Errc::truncated, "GTID_LIST event says " + std::to_string(count) +
                                            " GTIDs but has room for " +
                                            std::to_string(r.remaining() / kGtidSize));
    }
    event.gtids.reserve(count);  // checked against the bytes present just above
    for (std::uint32_t i = 0; i < count; ++i) {
        MariadbGtid g;
        g.domain = r.u32le();
        g.server = r.u32le();
        g.seq = r.u64le();
        event.gtids.push_back(g);
    }
    B2K_TRY(r.finish("GTID_LIST event"));
    return event;
}

std::vector<std::byte> encode_gtid_list_event(const MariadbGtidListEvent& event) {
    std::vector<std::byte> out;
    B2K_CHECK(event.gtids.size() <= kCountMask);  // the count field has 28 bits
    out.reserve(4 + kGtidSize * event.gtids.size());
    const auto count = static_cast<std::uint32_t>(event.gtids.size());
    put_le(out, count | (static_cast<std::uint32_t>(event.flags & 0xf) << 28), 4);
    for (const auto& g : event.gtids) {
        put_le(out, g.domain, 4);
        put_le(out, g.server, 4);
        put_le(out, g.seq, 8);
    }
    return out;
}

}  // namespace b2k::gtid
