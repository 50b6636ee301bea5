#pragma once
// pipeline: — the ring between the reader and the encoder, and shutdown.

#include <cstdint>

namespace b2k::config {

struct PipelineConfig {
    std::uint32_t ring_events = 65536;      // capacity in events; 16..16777216
    std::uint64_t ring_bytes = 67108864;    // capacity in event bytes; 1 MiB..64 GiB
    std::uint32_t shutdown_timeout_s = 30;  // drain + flush + final checkpoint; 1..3600
    bool operator==(const PipelineConfig&) const = default;
};

}  // namespace b2k::config
