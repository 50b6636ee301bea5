#include "replication/replica_position.h"

namespace b2k::replication {

Result<void> ReplicaPosition::start_at_gtid(std::string_view set) {
    if (flavor_ == binlog::Flavor::mysql) {
        B2K_TRY(mysql_, gtid::MysqlGtidSet::parse(set));
    } else {
        B2K_TRY(mariadb_, gtid::MariadbGtidList::parse(set));
    }
    gtid_complete_ = true;
    return success();
}

void ReplicaPosition::start_at_file(std::string file, std::uint64_t pos) {
    file_ = std::move(file);
    pos_ = pos < 4 ? 4 : pos;
    at_file_start_ = pos_ <= 4;
}

Result<void> ReplicaPosition::on_event(const binlog::Event& ev) {
    if (const auto* rot = std::get_if<binlog::RotateEvent>(&ev.body)) {
        // Both the artificial ROTATE a dump starts with and a real one name where the stream
        // continues; a ROTATE is never inside a transaction.
        file_ = rot->next_file;
        pos_ = rot->position < 4 ? 4 : rot->position;
        at_file_start_ = pos_ <= 4;
        return success();
    }
    if (const auto* pg = std::get_if<binlog::PreviousGtidsEvent>(&ev.body)) {
        if (at_file_start_ && !gtid_complete_ && flavor_ == binlog::Flavor::mysql) {
            B2K_TRY(mysql_, gtid::MysqlGtidSet::decode(pg->encoded));
            gtid_complete_ = true;
        }
        return success();
    }
    if (const auto* gl = std::get_if<binlog::GtidListEvent>(&ev.body)) {
        if (at_file_start_ && !gtid_complete_ && flavor_ == binlog::Flavor::mariadb) {
            // MariaDB 10.11 writes two more bytes after the entries (seen as 00 00); decode the
            // count and the entries only.
            wire::ByteReader head(gl->encoded);
            const std::size_t count = head.u32le() & 0x0fffffffu;
            const std::size_t used = 4 + 16 * count;
            if (!head.ok() || used > gl->encoded.size()) {
                return failure(Errc::corrupt, "GTID_LIST event shorter than its entries");
            }
            B2K_TRY(auto list, gtid::decode_gtid_list_event(wire::Bytes(gl->encoded).first(used)));
            mariadb_ = gtid::MariadbGtidList::from_gtids(list.gtids);
            gtid_complete_ = true;
        }
        return success();
    }
    return success();
}

Result<void> ReplicaPosition::on_group_end(const binlog::ChangeSource& src) {
    file_ = std::string(src.file);
    pos_ = src.end_pos;
    at_file_start_ = false;
    if (src.gtid.empty()) return success();
    if (flavor_ == binlog::Flavor::mysql) {
        B2K_TRY(auto g, gtid::MysqlGtid::parse(src.gtid));
        B2K_TRY(mysql_.add(g));
    } else {
        B2K_TRY(auto g, gtid::MariadbGtid::parse(src.gtid));
        mariadb_.update(g);
    }
    return success();
}

std::string ReplicaPosition::gtid_text() const {
    if (!gtid_complete_) return {};
    return flavor_ == binlog::Flavor::mysql ? mysql_.to_string() : mariadb_.to_string();
}

}  // namespace b2k::replication
