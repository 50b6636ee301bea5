#pragma once
// TlsContext: the OpenSSL client context for one connection, built from TlsOptions, and the
// bookkeeping that turns a failed TLS handshake into a message naming the failed check (which
// certificate, which name, which CA file).
//
// Modes (see tls_options.h): preferred/required verify nothing; verify_ca verifies the chain
// against tls.ca (or the system store); verify_identity also checks the host name (or IP
// address) with OpenSSL's own matcher (X509_VERIFY_PARAM_set1_host/_ip_asc, no partial
// wildcards). SNI carries the host name when it is not an IP address. TLS 1.2 is the minimum.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "mysql/asio.h"
#include "mysql/tls_options.h"

namespace b2k::mysql {

class TlsContext {
  public:
    // Loads the CA file and client certificate; Errc::config naming the file on failure.
    [[nodiscard]] static Result<std::unique_ptr<TlsContext>> create(const TlsOptions& options);

    boost::asio::ssl::context& context() noexcept { return ctx_; }

    // Sets SNI and, with verify_identity, the expected name on a new stream's SSL object;
    // `host` is what we connected to (TlsOptions::server_name overrides it).
    [[nodiscard]] Result<void> prepare(SSL* ssl, std::string_view host);

    // The error for a failed TLS handshake: the verification failure when there was one
    // (Errc::config: fix tls.ca/host/mode), else the TLS error (Errc::io).
    Error handshake_error(const boost::system::error_code& ec, SSL* ssl,
                          std::string_view endpoint) const;

  private:
    struct Failure {
        int error = 0;
        int depth = 0;
        std::string subject;
        std::string issuer;
        std::string names;  // subjectAltName DNS/IP entries of the failing certificate
    };

    explicit TlsContext(TlsOptions options);
    bool on_verify(bool preverified, boost::asio::ssl::verify_context& vctx);

    TlsOptions options_;
    boost::asio::ssl::context ctx_;
    std::string expected_name_;
    std::optional<Failure> failure_;
};

}  // namespace b2k::mysql
