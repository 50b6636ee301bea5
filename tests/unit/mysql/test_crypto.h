#pragma once
// Test-side crypto, written against OpenSSL directly so that tests check the client's output
// with code that is not the client's: RSA-OAEP(SHA-1) decryption, SHA digests.

#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace b2k::test {

inline std::vector<std::byte> decrypt_oaep_sha1(const std::string& private_pem,
                                                const std::vector<std::byte>& cipher) {
    struct PkeyFree {
        void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
    };
    struct CtxFree {
        void operator()(EVP_PKEY_CTX* c) const noexcept { EVP_PKEY_CTX_free(c); }
    };
    EVP_PKEY* raw = nullptr;
    OSSL_DECODER_CTX* d = OSSL_DECODER_CTX_new_for_pkey(&raw, "PEM", nullptr, "RSA",
                                                        EVP_PKEY_KEYPAIR, nullptr, nullptr);
    const auto* data = reinterpret_cast<const unsigned char*>(private_pem.data());
    std::size_t len = private_pem.size();
    const int decoded = d != nullptr ? OSSL_DECODER_from_data(d, &data, &len) : 0;
    OSSL_DECODER_CTX_free(d);
    std::unique_ptr<EVP_PKEY, PkeyFree> key(raw);
    if (decoded != 1 || !key) throw std::runtime_error("test: cannot decode the private key");
    std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, raw, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha1()) != 1) {
        throw std::runtime_error("test: cannot set up RSA-OAEP decryption");
    }
    std::size_t out_len = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(cipher.data());
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &out_len, in, cipher.size()) != 1) {
        throw std::runtime_error("test: RSA decryption failed");
    }
    std::vector<std::byte> out(out_len);
    if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &out_len, in,
                         cipher.size()) != 1) {
        throw std::runtime_error("test: RSA decryption failed (wrong key or padding)");
    }
    out.resize(out_len);
    return out;
}

// One-shot digest ("SHA1", "SHA256") of the concatenation of parts.
inline std::vector<std::byte> digest(const char* name,
                                     std::initializer_list<std::vector<std::byte>> parts) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_get_digestbyname(name), nullptr);
    for (const auto& p : parts)
        EVP_DigestUpdate(ctx, p.data(), p.size());
    std::vector<std::byte> out(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()), &len);
    EVP_MD_CTX_free(ctx);
    out.resize(len);
    return out;
}

inline std::vector<std::byte> xor_bytes(const std::vector<std::byte>& a,
                                        const std::vector<std::byte>& b) {
    std::vector<std::byte> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        out[i] = a[i] ^ b[i % b.size()];
    return out;
}

inline std::vector<std::byte> bytes_of(const std::string& s) {
    std::vector<std::byte> out(s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
        out[i] = static_cast<std::byte>(s[i]);
    return out;
}

// What a server expects from caching_sha2_password's fast path, computed the server's way:
// given the scramble, recover SHA256(pw) and check it hashes to the stored SHA256(SHA256(pw)).
inline bool sha2_scramble_matches(const std::string& password, const std::vector<std::byte>& nonce,
                                  const std::vector<std::byte>& scramble) {
    const auto stored = digest("SHA256", {digest("SHA256", {bytes_of(password)})});
    const auto mask = digest("SHA256", {stored, nonce});
    if (scramble.size() != mask.size()) return false;
    const auto h1 = xor_bytes(scramble, mask);
    return digest("SHA256", {h1}) == stored;
}

// mysql_native_password, the server's way: SHA1(scramble ^ SHA1(nonce || stored)) == stored,
// with stored = SHA1(SHA1(pw)).
inline bool native_scramble_matches(const std::string& password,
                                    const std::vector<std::byte>& nonce,
                                    const std::vector<std::byte>& scramble) {
    const auto stored = digest("SHA1", {digest("SHA1", {bytes_of(password)})});
    const auto mask = digest("SHA1", {nonce, stored});
    if (scramble.size() != mask.size()) return false;
    return digest("SHA1", {xor_bytes(scramble, mask)}) == stored;
}

}  // namespace b2k::test
