#include "support/pcap.h"

#include <arpa/inet.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <tuple>

namespace b2k::test {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t rd32(const std::uint8_t* p, bool le) {
    return le ? (std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
                 std::uint32_t{p[3]} << 24)
              : (std::uint32_t{p[3]} | std::uint32_t{p[2]} << 8 | std::uint32_t{p[1]} << 16 |
                 std::uint32_t{p[0]} << 24);
}
std::uint16_t rd16(const std::uint8_t* p, bool le) {
    return le ? static_cast<std::uint16_t>(p[0] | p[1] << 8)
              : static_cast<std::uint16_t>(p[1] | p[0] << 8);
}
std::uint16_t be16(const std::uint8_t* p) {
    return rd16(p, false);
}
std::uint32_t be32(const std::uint8_t* p) {
    return rd32(p, false);
}

// One link-layer frame's bytes (Ethernet).
struct Frame {
    const std::uint8_t* data;
    std::size_t len;
};

std::vector<Frame> pcap_frames(const Bytes& f, const std::string& name) {
    std::vector<Frame> out;
    if (f.size() < 24) throw std::runtime_error(name + ": too short for a pcap header");
    const std::uint32_t magic = rd32(f.data(), true);
    bool le = true;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
        le = true;
    } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
        le = false;
    } else {
        throw std::runtime_error(name + ": not a pcap file");
    }
    if (rd32(f.data() + 20, le) != 1)
        throw std::runtime_error(name + ": link type is not Ethernet");
    std::size_t off = 24;
    while (off + 16 <= f.size()) {
        const std::uint32_t caplen = rd32(f.data() + off + 8, le);
        off += 16;
        if (off + caplen > f.size()) throw std::runtime_error(name + ": truncated record");
        out.push_back({f.data() + off, caplen});
        off += caplen;
    }
    return out;
}

std::vector<Frame> pcapng_frames(const Bytes& f, const std::string& name) {
    std::vector<Frame> out;
    bool le = true;
    std::vector<std::uint16_t> link_types;
    std::size_t off = 0;
    while (off + 12 <= f.size()) {
        std::uint32_t type = rd32(f.data() + off, le);
        if (type == 0x0a0d0d0a) {
            // Section header: the byte-order magic decides the endianness of what follows.
            le = rd32(f.data() + off + 8, true) == 0x1a2b3c4d;
            link_types.clear();
        }
        const std::uint32_t len = rd32(f.data() + off + 4, le);
        if (len < 12 || off + len > f.size()) throw std::runtime_error(name + ": bad block");
        const std::uint8_t* body = f.data() + off + 8;
        if (type == 1) {  // interface description
            link_types.push_back(rd16(body, le));
        } else if (type == 6) {  // enhanced packet
            const std::uint32_t iface = rd32(body, le);
            const std::uint32_t caplen = rd32(body + 12, le);
            if (iface >= link_types.size() || link_types[iface] != 1) {
                throw std::runtime_error(name + ": packet on a non-Ethernet interface");
            }
            if (20 + caplen > len - 12) throw std::runtime_error(name + ": bad packet block");
            out.push_back({body + 20, caplen});
        }
        off += len;
    }
    return out;
}

struct Segment {
    std::uint32_t seq;
    Bytes data;
};

struct Direction {
    bool have_isn = false;
    std::uint32_t isn = 0;  // sequence number of the first data byte
    std::vector<Segment> segments;
};

struct Conv {
    std::string client, server;
    Direction to_server, to_client;
    bool has_data = false;
};

std::vector<std::byte> assemble(Direction& d) {
    std::vector<std::byte> out;
    if (d.segments.empty()) return out;
    std::uint32_t base = d.have_isn ? d.isn : d.segments.front().seq;
    if (!d.have_isn) {
        for (const auto& s : d.segments) {
            if (static_cast<std::int32_t>(s.seq - base) < 0) base = s.seq;
        }
    }
    std::stable_sort(
        d.segments.begin(), d.segments.end(),
        [base](const Segment& a, const Segment& b) { return a.seq - base < b.seq - base; });
    std::uint32_t next = 0;  // relative to base
    for (const auto& s : d.segments) {
        const std::uint32_t rel = s.seq - base;
        if (rel > next) break;  // gap: lost bytes
        const std::uint32_t skip = next - rel;
        if (skip >= s.data.size()) continue;  // retransmission
        for (std::size_t i = skip; i < s.data.size(); ++i) {
            out.push_back(static_cast<std::byte>(s.data[i]));
        }
        next = rel + static_cast<std::uint32_t>(s.data.size());
    }
    return out;
}

std::string addr_text(int family, const std::uint8_t* a, std::uint16_t port) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(family, a, buf, sizeof buf);
    return (family == AF_INET6 ? "[" + std::string(buf) + "]" : std::string(buf)) + ":" +
           std::to_string(port);
}

}  // namespace

std::vector<TcpConversation> read_tcp_conversations(const std::filesystem::path& file,
                                                    std::uint16_t server_port) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open capture " + file.string());
    const Bytes raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = file.filename().string();
    const bool ng = raw.size() >= 4 && rd32(raw.data(), true) == 0x0a0d0d0a;
    const auto frames = ng ? pcapng_frames(raw, name) : pcap_frames(raw, name);

    std::vector<Conv> convs;
    std::map<std::tuple<std::string, std::string>, std::size_t> by_key;
    for (const auto& fr : frames) {
        const std::uint8_t* p = fr.data;
        std::size_t n = fr.len;
        if (n < 14) continue;
        std::uint16_t ethertype = be16(p + 12);
        std::size_t off = 14;
        while (ethertype == 0x8100 && n >= off + 4) {
            ethertype = be16(p + off + 2);
            off += 4;
        }
        int family = 0;
        const std::uint8_t* src = nullptr;
        const std::uint8_t* dst = nullptr;
        std::size_t l4 = 0, l4_end = 0;
        if (ethertype == 0x0800 && n >= off + 20) {
            const std::size_t ihl = (p[off] & 0x0f) * 4u;
            const std::size_t total = be16(p + off + 2);
            if (p[off + 9] != 6 || (be16(p + off + 6) & 0x3fff) != 0)
                continue;  // TCP, unfragmented
            family = AF_INET;
            src = p + off + 12;
            dst = p + off + 16;
            l4 = off + ihl;
            l4_end = std::min(n, off + total);
        } else if (ethertype == 0x86dd && n >= off + 40) {
            if (p[off + 6] != 6) continue;  // TCP without extension headers
            family = AF_INET6;
            src = p + off + 8;
            dst = p + off + 24;
            l4 = off + 40;
            l4_end = std::min(n, off + 40 + be16(p + off + 4));
        } else {
            continue;
        }
        if (l4_end < l4 + 20) continue;
        const std::uint16_t sport = be16(p + l4);
        const std::uint16_t dport = be16(p + l4 + 2);
        const std::uint32_t seq = be32(p + l4 + 4);
        const std::size_t doff = (p[l4 + 12] >> 4) * 4u;
        const std::uint8_t flags = p[l4 + 13];
        const bool syn = (flags & 0x02) != 0;
        if (sport != server_port && dport != server_port) continue;
        const bool to_server = dport == server_port;
        const std::string a = addr_text(family, src, sport);
        const std::string b = addr_text(family, dst, dport);
        const std::string client = to_server ? a : b;
        const std::string server = to_server ? b : a;
        const auto key = std::make_tuple(client, server);
        auto it = by_key.find(key);
        if (it == by_key.end() || (syn && to_server && convs[it->second].has_data)) {
            convs.push_back(Conv{client, server, {}, {}, false});
            it = by_key.insert_or_assign(key, convs.size() - 1).first;
        }
        Conv& c = convs[it->second];
        Direction& d = to_server ? c.to_server : c.to_client;
        if (syn) {
            d.have_isn = true;
            d.isn = seq + 1;
        }
        if (l4 + doff < l4_end) {
            d.segments.push_back(Segment{seq, Bytes(p + l4 + doff, p + l4_end)});
            c.has_data = true;
        }
    }
    std::vector<TcpConversation> out;
    for (auto& c : convs) {
        if (!c.has_data) continue;
        out.push_back(
            TcpConversation{c.client, c.server, assemble(c.to_server), assemble(c.to_client)});
    }
    return out;
}

}  // namespace b2k::test
