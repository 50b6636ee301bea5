#pragma once
// CRC-32 (ISO-HDLC, polynomial 0xEDB88320 reflected) as used by binlog event checksums
// (binlog_checksum=CRC32), zlib's crc32().

#include <cstdint>

#include "wire/byte_reader.h"

namespace b2k::wire {

std::uint32_t crc32(Bytes data, std::uint32_t seed = 0);

}  // namespace b2k::wire
