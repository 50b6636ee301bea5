#pragma once
// http: — the endpoint for /metrics, /healthz, /readyz and /status.

#include <cstdint>
#include <string>

namespace b2k::config {

struct HttpConfig {
    // From `listen: host:port` ("[::1]:9187" for IPv6; the brackets are not kept). Port 0: any
    // free port (tests). Loopback by default: nothing is exposed unless asked for.
    std::string host = "127.0.0.1";
    std::uint16_t port = 9187;

    // Back in the `listen` form.
    std::string listen() const {
        bool v6 = host.find(':') != std::string::npos;
        return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
    }
    bool operator==(const HttpConfig&) const = default;
};

}  // namespace b2k::config
