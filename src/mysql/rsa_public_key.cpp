#include "mysql/rsa_public_key.h"

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <fstream>
#include <iterator>

#include "mysql/openssl_error.h"

namespace b2k::mysql {
namespace {

struct DecoderCtxFree {
    void operator()(OSSL_DECODER_CTX* c) const noexcept { OSSL_DECODER_CTX_free(c); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* c) const noexcept { EVP_PKEY_CTX_free(c); }
};

// OAEP with SHA-1: 2 * 20 + 2 bytes of overhead.
constexpr std::size_t kOaepSha1Overhead = 42;

}  // namespace

void RsaPublicKey::Free::operator()(evp_pkey_st* k) const noexcept {
    EVP_PKEY_free(k);
}

Result<RsaPublicKey> RsaPublicKey::from_pem(wire::Bytes pem, std::string_view source) {
    while (!pem.empty() && pem.back() == std::byte{0})
        pem = pem.first(pem.size() - 1);
    ERR_clear_error();
    EVP_PKEY* pkey = nullptr;
    std::unique_ptr<OSSL_DECODER_CTX, DecoderCtxFree> dctx(OSSL_DECODER_CTX_new_for_pkey(
        &pkey, "PEM", nullptr, "RSA", EVP_PKEY_PUBLIC_KEY, nullptr, nullptr));
    if (!dctx) {
        return failure(Errc::internal, "cannot set up a PEM decoder: " + take_openssl_errors());
    }
    const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
    std::size_t len = pem.size();
    if (pem.empty() || OSSL_DECODER_from_data(dctx.get(), &data, &len) != 1 || pkey == nullptr) {
        ERR_clear_error();
        return failure(Errc::bad_value, std::string(source) +
                                            " is not a PEM RSA public key (expected "
                                            "-----BEGIN PUBLIC KEY-----)");
    }
    return RsaPublicKey(pkey);
}

Result<RsaPublicKey> RsaPublicKey::from_pem_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return failure(Errc::config, "cannot read the server public key file " + path);
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return from_pem(wire::as_bytes(text), "the server public key file " + path);
}

std::size_t RsaPublicKey::size() const noexcept {
    return static_cast<std::size_t>(EVP_PKEY_get_size(key_.get()));
}

Result<std::vector<std::byte>> RsaPublicKey::encrypt_oaep_sha1(wire::Bytes plaintext) const {
    if (plaintext.size() + kOaepSha1Overhead > size()) {
        return failure(Errc::bad_value,
                       "the password is too long to be encrypted with the server's " +
                           std::to_string(size() * 8) + "-bit RSA key (at most " +
                           std::to_string(size() - kOaepSha1Overhead - 1) +
                           " bytes): use TLS instead");
    }
    ERR_clear_error();
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha1()) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha1()) != 1) {
        return failure(Errc::internal, "cannot set up RSA-OAEP: " + take_openssl_errors());
    }
    const auto* in = reinterpret_cast<const unsigned char*>(plaintext.data());
    std::size_t out_len = 0;
    if (EVP_PKEY_encrypt(ctx.get(), nullptr, &out_len, in, plaintext.size()) != 1) {
        return failure(Errc::internal, "RSA-OAEP encryption failed: " + take_openssl_errors());
    }
    std::vector<std::byte> out(out_len);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &out_len, in,
                         plaintext.size()) != 1) {
        return failure(Errc::internal, "RSA-OAEP encryption failed: " + take_openssl_errors());
    }
    out.resize(out_len);
    return out;
}

}  // namespace b2k::mysql
