// The events no shared vector holds, built from their layouts: MySQL group replication's
// TRANSACTION_CONTEXT (36) and VIEW_CHANGE (37), which a replica of a group member reads and
// passes over, and MariaDB's START_ENCRYPTION (164), which must stop with a clear error.
// Layouts: MySQL's libbinlogevents control_events.h (Transaction_context_event: uuid length 1,
// thread id 4, gtid_specified 1, write-set length 4, read-set length 4, then the uuid;
// View_change_event: view id 40 bytes NUL-padded, seq_number 8, certification-info count 4)
// and MariaDB's log_event.h (Start_encryption_log_event: scheme 1, key version 4, nonce 12).

#include <gtest/gtest.h>

#include <string>

#include "binlog/event_parser.h"
#include "wire/byte_writer.h"

namespace b2k::binlog {
namespace {

// A whole event around `body`: the 19-byte common header, no checksum.
std::vector<std::byte> event_of(EventType type, const std::vector<std::byte>& body) {
    wire::ByteWriter w;
    w.u32le(1700000000);  // timestamp
    w.u8(static_cast<std::uint8_t>(type));
    w.u32le(11);  // server id
    w.u32le(static_cast<std::uint32_t>(kCommonHeaderLength + body.size()));
    w.u32le(0);  // log_pos
    w.u16le(0);  // flags
    w.bytes(wire::Bytes(body.data(), body.size()));
    return std::move(w).take();
}

Result<Event> parse(const std::vector<std::byte>& e) {
    EventParser p;
    return p.parse(wire::Bytes(e.data(), e.size()), 4);
}

TEST(GroupReplicationEvents, TransactionContext) {
    const std::string uuid = "6f4d5c3a-1b2e-11ef-9a7b-0242ac120002";
    wire::ByteWriter w;
    w.u8(static_cast<std::uint8_t>(uuid.size()));
    w.u32le(4242);  // thread id
    w.u8(1);        // gtid_specified
    w.u32le(1);     // write-set items
    w.u32le(0);     // read-set items
    w.str(uuid);
    w.zeros(9);  // the snapshot version and the write set, not decoded
    auto ev = parse(event_of(EventType::TRANSACTION_CONTEXT_EVENT, std::move(w).take()));
    ASSERT_TRUE(ev) << ev.error().message;
    const auto* tc = std::get_if<TransactionContextEvent>(&ev.value().body);
    ASSERT_NE(tc, nullptr);
    EXPECT_EQ(tc->server_uuid, uuid);
    EXPECT_EQ(tc->thread_id, 4242u);
    EXPECT_TRUE(tc->gtid_specified);

    // Cut inside the uuid: an error naming the event, not a read past the end.
    wire::ByteWriter cut;
    cut.u8(36);
    cut.zeros(13);
    cut.str("6f4d");
    auto bad = parse(event_of(EventType::TRANSACTION_CONTEXT_EVENT, std::move(cut).take()));
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("TRANSACTION_CONTEXT_EVENT"), std::string::npos)
        << bad.error().message;
}

TEST(GroupReplicationEvents, ViewChange) {
    const std::string view = "17150000000000000:3";
    wire::ByteWriter w;
    w.str(view);
    w.zeros(40 - view.size());
    w.u64le(987654321);
    w.u32le(0);  // certification info entries
    auto ev = parse(event_of(EventType::VIEW_CHANGE_EVENT, std::move(w).take()));
    ASSERT_TRUE(ev) << ev.error().message;
    const auto* vc = std::get_if<ViewChangeEvent>(&ev.value().body);
    ASSERT_NE(vc, nullptr);
    EXPECT_EQ(vc->view_id, view);
    EXPECT_EQ(vc->seq_number, 987654321u);

    wire::ByteWriter cut;
    cut.str(view);  // no padding, no seq_number
    auto bad = parse(event_of(EventType::VIEW_CHANGE_EVENT, std::move(cut).take()));
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("VIEW_CHANGE_EVENT"), std::string::npos)
        << bad.error().message;
}

TEST(GroupReplicationEvents, StartEncryptionIsRefusedClearly) {
    wire::ByteWriter w;
    w.u8(1);      // scheme
    w.u32le(1);   // key version
    w.zeros(12);  // nonce
    auto ev = parse(event_of(EventType::START_ENCRYPTION_EVENT, std::move(w).take()));
    ASSERT_FALSE(ev);
    EXPECT_TRUE(ev.error().is(Errc::unsupported)) << ev.error().message;
    EXPECT_NE(ev.error().message.find("encrypted binlog not supported"), std::string::npos)
        << ev.error().message;
    EXPECT_NE(ev.error().message.find("encrypt_binlog"), std::string::npos);
}

}  // namespace
}  // namespace b2k::binlog
