#include "mysql/tls_context.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <array>

#include "mysql/openssl_error.h"

namespace b2k::mysql {
namespace {

bool is_ip_literal(std::string_view host) {
    const std::string h(host);
    std::array<unsigned char, 16> buf{};
    return inet_pton(AF_INET, h.c_str(), buf.data()) == 1 ||
           inet_pton(AF_INET6, h.c_str(), buf.data()) == 1;
}

struct BioFree {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct NamesFree {
    void operator()(GENERAL_NAMES* n) const noexcept { GENERAL_NAMES_free(n); }
};

std::string name_text(const X509_NAME* name) {
    if (name == nullptr) return "?";
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return "?";
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

std::string alt_names(X509* cert) {
    std::unique_ptr<GENERAL_NAMES, NamesFree> names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
    if (!names) return "";
    std::string out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
        std::string item;
        if (gn->type == GEN_DNS) {
            const ASN1_STRING* s = gn->d.dNSName;
            item = "DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                        static_cast<std::size_t>(ASN1_STRING_length(s)));
        } else if (gn->type == GEN_IPADD) {
            const ASN1_OCTET_STRING* s = gn->d.iPAddress;
            char text[INET6_ADDRSTRLEN] = {};
            const int family = ASN1_STRING_length(s) == 4 ? AF_INET : AF_INET6;
            if (inet_ntop(family, ASN1_STRING_get0_data(s), text, sizeof text) != nullptr) {
                item = std::string("IP:") + text;
            }
        }
        if (item.empty()) continue;
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

}  // namespace

TlsContext::TlsContext(TlsOptions options)
    : options_(std::move(options)), ctx_(boost::asio::ssl::context::tls_client) {}

Result<std::unique_ptr<TlsContext>> TlsContext::create(const TlsOptions& options) {
    std::unique_ptr<TlsContext> t(new TlsContext(options));
    SSL_CTX* native = t->ctx_.native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    boost::system::error_code ec;
    ERR_clear_error();
    const bool verify =
        options.mode == TlsMode::verify_ca || options.mode == TlsMode::verify_identity;
    if (verify) {
        if (options.ca.empty()) {
            t->ctx_.set_default_verify_paths(ec);
            if (ec) {
                return failure(Errc::config, "cannot load the system's CA certificates: " +
                                                 take_openssl_errors(ec.message()));
            }
        } else {
            t->ctx_.load_verify_file(options.ca, ec);
            if (ec) {
                return failure(Errc::config, "cannot load tls.ca " + options.ca + ": " +
                                                 take_openssl_errors(ec.message()));
            }
        }
        t->ctx_.set_verify_mode(boost::asio::ssl::verify_peer, ec);
        TlsContext* self = t.get();
        t->ctx_.set_verify_callback(
            [self](bool preverified, boost::asio::ssl::verify_context& vctx) {
                return self->on_verify(preverified, vctx);
            },
            ec);
    } else {
        t->ctx_.set_verify_mode(boost::asio::ssl::verify_none, ec);
    }
    if (!options.cert.empty() || !options.key.empty()) {
        if (options.cert.empty() || options.key.empty()) {
            return failure(Errc::config, "tls.cert and tls.key go together: set both or neither");
        }
        t->ctx_.use_certificate_chain_file(options.cert, ec);
        if (ec) {
            return failure(Errc::config, "cannot load tls.cert " + options.cert + ": " +
                                             take_openssl_errors(ec.message()));
        }
        t->ctx_.use_private_key_file(options.key, boost::asio::ssl::context::pem, ec);
        if (ec) {
            return failure(Errc::config, "cannot load tls.key " + options.key + ": " +
                                             take_openssl_errors(ec.message()));
        }
    }
    return t;
}

Result<void> TlsContext::prepare(SSL* ssl, std::string_view host) {
    expected_name_ = options_.server_name.empty() ? std::string(host) : options_.server_name;
    failure_.reset();
    const bool ip = is_ip_literal(expected_name_);
    // SNI must be a DNS name (RFC 6066 §3), never an address.
    if (!ip && !expected_name_.empty() &&
        SSL_set_tlsext_host_name(ssl, expected_name_.c_str()) != 1) {
        return failure(Errc::config, "cannot use '" + expected_name_ +
                                         "' as the TLS server name: " + take_openssl_errors());
    }
    if (options_.mode == TlsMode::verify_identity) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        const int rc =
            ip ? X509_VERIFY_PARAM_set1_ip_asc(param, expected_name_.c_str())
               : X509_VERIFY_PARAM_set1_host(param, expected_name_.c_str(), expected_name_.size());
        if (rc != 1) {
            return failure(Errc::config, "cannot verify the server's identity as '" +
                                             expected_name_ + "': " + take_openssl_errors());
        }
    }
    return success();
}

bool TlsContext::on_verify(bool preverified, boost::asio::ssl::verify_context& vctx) {
    if (!preverified && !failure_) {
        X509_STORE_CTX* store = vctx.native_handle();
        Failure f;
        f.error = X509_STORE_CTX_get_error(store);
        f.depth = X509_STORE_CTX_get_error_depth(store);
        if (X509* cert = X509_STORE_CTX_get_current_cert(store)) {
            f.subject = name_text(X509_get_subject_name(cert));
            f.issuer = name_text(X509_get_issuer_name(cert));
            f.names = alt_names(cert);
        }
        failure_ = std::move(f);
    }
    return preverified;
}

Error TlsContext::handshake_error(const boost::system::error_code& ec, SSL* ssl,
                                  std::string_view endpoint) const {
    const std::string where = "TLS handshake with " + std::string(endpoint);
    std::optional<Failure> f = failure_;
    if (!f && ssl != nullptr && options_.mode != TlsMode::disabled &&
        (options_.mode == TlsMode::verify_ca || options_.mode == TlsMode::verify_identity)) {
        const long result = SSL_get_verify_result(ssl);
        if (result != X509_V_OK) f = Failure{static_cast<int>(result), 0, "", "", ""};
    }
    if (f) {
        const std::string reason = X509_verify_cert_error_string(f->error);
        const std::string cert = f->subject.empty()
                                     ? std::string("the server's certificate")
                                     : "certificate '" + f->subject + "'" +
                                           (f->names.empty() ? "" : " (" + f->names + ")");
        if (f->error == X509_V_ERR_HOSTNAME_MISMATCH ||
            f->error == X509_V_ERR_IP_ADDRESS_MISMATCH || f->error == X509_V_ERR_EMAIL_MISMATCH) {
            return {Errc::config, where + ": certificate verification failed: " + reason + ": " +
                                      cert + " does not name '" + expected_name_ +
                                      "' (tls.mode=verify_identity); connect with a name the "
                                      "certificate holds, set tls.server_name, or use "
                                      "tls.mode: verify_ca"};
        }
        const std::string store =
            options_.ca.empty() ? std::string("the system's CA store") : "tls.ca " + options_.ca;
        return {Errc::config, where + ": certificate verification failed: " + reason +
                                  " at depth " + std::to_string(f->depth) + ": " + cert +
                                  (f->issuer.empty() ? "" : ", issued by '" + f->issuer + "'") +
                                  ", checked against " + store +
                                  "; set tls.ca to the CA that signed the server's certificate"};
    }
    std::string detail = ec.message();
    const std::string queued = take_openssl_errors("");
    if (!queued.empty()) detail += " (" + queued + ")";
    return {Errc::io, where + " failed: " + detail};
}

}  // namespace b2k::mysql
