#pragma once
// RsaPublicKey: the server's RSA key for caching_sha2_password / sha256_password without TLS,
// from the server (AuthMoreData after a key request) or a PEM file (tls.server_public_key).
// OpenSSL 3 EVP APIs; the key lives in a unique_ptr with a deleter.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "wire/byte_reader.h"

struct evp_pkey_st;

namespace b2k::mysql {

class RsaPublicKey {
  public:
    // PEM text: "BEGIN PUBLIC KEY" (what servers send and store) or "BEGIN RSA PUBLIC KEY".
    // `source` names where it came from in error messages.
    [[nodiscard]] static Result<RsaPublicKey> from_pem(wire::Bytes pem, std::string_view source);
    [[nodiscard]] static Result<RsaPublicKey> from_pem_file(const std::string& path);

    // RSA-OAEP with SHA-1 and MGF1-SHA-1, the padding the server decrypts with
    // (RSA_PKCS1_OAEP_PADDING). Fails when the plaintext exceeds size() - 42 bytes.
    [[nodiscard]] Result<std::vector<std::byte>> encrypt_oaep_sha1(wire::Bytes plaintext) const;
    // The modulus size in bytes (the ciphertext size).
    std::size_t size() const noexcept;

  private:
    struct Free {
        void operator()(evp_pkey_st* k) const noexcept;
    };
    explicit RsaPublicKey(evp_pkey_st* k) : key_(k) {}
    std::unique_ptr<evp_pkey_st, Free> key_;
};

}  // namespace b2k::mysql
