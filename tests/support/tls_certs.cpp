#include "support/tls_certs.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#include <fstream>
#include <memory>
#include <stdexcept>

namespace b2k::test {
namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};
struct X509Free {
    void operator()(X509* x) const noexcept { X509_free(x); }
};
struct BioFree {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct ExtFree {
    void operator()(X509_EXTENSION* e) const noexcept { X509_EXTENSION_free(e); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

[[noreturn]] void die(const std::string& what) {
    char buf[256] = "no OpenSSL error";
    if (const unsigned long e = ERR_get_error()) ERR_error_string_n(e, buf, sizeof buf);
    throw std::runtime_error("test PKI: " + what + ": " + buf);
}

Pkey rsa_key(int bits) {
    Pkey k(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
    if (!k) die("RSA key generation");
    return k;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, ExtFree> ext(
        X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) die("extension " + value);
}

Cert make_cert(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
               long serial, bool ca, const std::string& san) {
    Cert cert(X509_new());
    if (!cert) die("X509_new");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 7L * 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("binlog2kafka tests"), -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509* iss = issuer != nullptr ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(iss));
    if (ca) {
        add_ext(cert.get(), iss, NID_basic_constraints, "critical,CA:TRUE");
        add_ext(cert.get(), iss, NID_key_usage, "critical,keyCertSign,cRLSign");
        add_ext(cert.get(), iss, NID_subject_key_identifier, "hash");
    } else {
        add_ext(cert.get(), iss, NID_basic_constraints, "critical,CA:FALSE");
        add_ext(cert.get(), iss, NID_key_usage, "critical,digitalSignature,keyEncipherment");
        add_ext(cert.get(), iss, NID_ext_key_usage, "serverAuth,clientAuth");
        if (!san.empty()) add_ext(cert.get(), iss, NID_subject_alt_name, san);
    }
    if (X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) == 0) {
        die("signing " + cn);
    }
    return cert;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::string cert_pem(X509* cert) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_X509(bio.get(), cert) != 1) die("PEM_write_bio_X509");
    return bio_text(bio.get());
}

std::string private_pem(EVP_PKEY* key) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        die("PEM_write_bio_PrivateKey");
    }
    return bio_text(bio.get());
}

std::string public_pem(EVP_PKEY* key) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PUBKEY(bio.get(), key) != 1) die("PEM_write_bio_PUBKEY");
    return bio_text(bio.get());
}

}  // namespace

TestPki make_test_pki(const std::filesystem::path& dir, const std::vector<std::string>& dns_names,
                      const std::vector<std::string>& ip_addresses) {
    std::filesystem::create_directories(dir);
    TestPki pki;
    pki.dir = dir;
    pki.ca_cert = dir / "ca.pem";
    pki.server_cert = dir / "server-cert.pem";
    pki.server_key = dir / "server-key.pem";
    pki.client_cert = dir / "client-cert.pem";
    pki.client_key = dir / "client-key.pem";
    pki.other_ca_cert = dir / "other-ca.pem";

    auto ca_key = rsa_key(2048);
    auto ca = make_cert("b2k test CA", ca_key.get(), nullptr, nullptr, 1, true, "");
    auto other_key = rsa_key(2048);
    auto other = make_cert("b2k unrelated CA", other_key.get(), nullptr, nullptr, 1, true, "");

    std::string san;
    for (const auto& d : dns_names)
        san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
    for (const auto& ip : ip_addresses)
        san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
    auto server_key = rsa_key(2048);
    auto server =
        make_cert("b2k-test-server", server_key.get(), ca.get(), ca_key.get(), 2, false, san);
    auto client_key = rsa_key(2048);
    auto client = make_cert("cdc", client_key.get(), ca.get(), ca_key.get(), 3, false, "");

    write_file(pki.ca_cert, cert_pem(ca.get()));
    write_file(pki.other_ca_cert, cert_pem(other.get()));
    write_file(pki.server_cert, cert_pem(server.get()));
    write_file(pki.server_key, private_pem(server_key.get()));
    write_file(pki.client_cert, cert_pem(client.get()));
    write_file(pki.client_key, private_pem(client_key.get()));
    return pki;
}

RsaKeyPem make_rsa_key(int bits) {
    auto key = rsa_key(bits);
    return {private_pem(key.get()), public_pem(key.get())};
}

std::filesystem::path make_temp_dir(const std::string& prefix) {
    std::string tmpl = "/tmp/" + prefix + ".XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) {
        throw std::runtime_error("mkdtemp " + tmpl + " failed");
    }
    return tmpl;
}

}  // namespace b2k::test
