#include "wire/crc32.h"

#include <zlib.h>

#include <limits>

namespace b2k::wire {

std::uint32_t crc32(Bytes data, std::uint32_t seed) {
    uLong crc = seed;
    const auto* p = reinterpret_cast<const Bytef*>(data.data());
    std::size_t left = data.size();
    while (left > 0) {
        const auto chunk = static_cast<uInt>(
            left > std::numeric_limits<uInt>::max() ? std::numeric_limits<uInt>::max() : left);
        crc = ::crc32(crc, p, chunk);
        p += chunk;
        left -= chunk;
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace b2k::wire
