#pragma once
// TLS settings of a connection, mirroring the mysql client's --ssl-mode and the config's
// source.tls section.
//
//   disabled         never TLS
//   preferred        TLS when the server offers it, no certificate check (a passive attacker
//                    sees nothing; an active one can still intercept)
//   required         TLS or fail, no certificate check
//   verify_ca        TLS, the chain must lead to `ca` (or the system store when `ca` is empty)
//   verify_identity  verify_ca, and the certificate must name the host we connected to
//                    (DNS name or IP address in subjectAltName, or the CN without SANs)

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace b2k::mysql {

enum class TlsMode { disabled, preferred, required, verify_ca, verify_identity };

struct TlsOptions {
    TlsMode mode = TlsMode::preferred;
    std::string ca;    // PEM file of trusted CAs; empty: the system's default store
    std::string cert;  // client certificate chain (PEM), optional
    std::string key;   // its private key (PEM), required with cert
    // PEM file with the server's RSA public key, for caching_sha2_password/sha256_password
    // full authentication without TLS. Empty: ask the server for it (see
    // ConnectOptions::allow_public_key_request).
    std::string server_public_key;
    // Name to send in SNI and to verify; empty: the host connected to.
    std::string server_name;
};

std::string_view to_string(TlsMode m) noexcept;
// "disabled", "preferred", "required", "verify_ca", "verify_identity" (case-insensitive, '-'
// accepted for '_'). Errc::config naming the allowed values otherwise.
[[nodiscard]] Result<TlsMode> parse_tls_mode(std::string_view text);

// True when the mode insists on TLS (fails without it).
constexpr bool tls_required(TlsMode m) noexcept {
    return m == TlsMode::required || m == TlsMode::verify_ca || m == TlsMode::verify_identity;
}

}  // namespace b2k::mysql
