#pragma once
// Test support: certificates and keys made on the fly with OpenSSL's APIs, written as PEM
// files, for the TLS tests (the scripted server in the unit tests and MariaDB in the
// integration tests). Nothing is committed; every run makes fresh ones.

#include <filesystem>
#include <string>
#include <vector>

namespace b2k::test {

struct TestPki {
    std::filesystem::path dir;
    std::filesystem::path ca_cert;      // "b2k test CA", self-signed
    std::filesystem::path server_cert;  // signed by the CA, CN=b2k-test-server, SANs below
    std::filesystem::path server_key;
    std::filesystem::path client_cert;  // signed by the CA, CN=cdc
    std::filesystem::path client_key;
    std::filesystem::path other_ca_cert;  // an unrelated CA that signed nothing here
};

// Writes a fresh PKI into `dir` (created if missing). The server certificate names
// `dns_names` (subjectAltName DNS) and `ip_addresses` (subjectAltName IP).
TestPki make_test_pki(const std::filesystem::path& dir,
                      const std::vector<std::string>& dns_names = {"localhost"},
                      const std::vector<std::string>& ip_addresses = {"127.0.0.1"});

struct RsaKeyPem {
    std::string private_pem;  // PKCS#8 "BEGIN PRIVATE KEY"
    std::string public_pem;   // SubjectPublicKeyInfo "BEGIN PUBLIC KEY"
};
RsaKeyPem make_rsa_key(int bits = 2048);

// A fresh private directory under /tmp (short, so unix socket paths fit), removed by the
// caller (or left for inspection).
std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace b2k::test
