#pragma once
// Test support: a tiny packet-capture reader that turns the TCP connections of a pcap or pcapng
// file into the two byte streams of each conversation. Enough for MySQL handshake captures:
// Ethernet (with 802.1Q tags), IPv4 and IPv6, TCP reassembled by sequence number
// (retransmitted and overlapping bytes are dropped; a gap ends the stream). Not a general tool:
// no IP fragments, no other link types. Throws std::runtime_error on anything it cannot read.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace b2k::test {

struct TcpConversation {
    std::string client;  // "address:port" of the side that did not use server_port
    std::string server;
    std::vector<std::byte> to_server;  // bytes the client sent, in order
    std::vector<std::byte> to_client;  // bytes the server sent, in order
};

// The TCP conversations with `server_port` on one side, in the order their first packet
// appears. A SYN on a 4-tuple that already carried data starts a new conversation.
std::vector<TcpConversation> read_tcp_conversations(const std::filesystem::path& file,
                                                    std::uint16_t server_port);

}  // namespace b2k::test
