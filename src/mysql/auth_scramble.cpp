#include "mysql/auth_scramble.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <memory>

#include "common/check.h"

namespace b2k::mysql {
namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};

// Digest of the concatenation of `parts`. Hashing cannot fail for these built-in digests short
// of memory exhaustion, which is checked like any broken invariant.
template <std::size_t N>
std::array<std::byte, N> digest(const EVP_MD* md, std::initializer_list<wire::Bytes> parts) {
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    B2K_CHECK(ctx != nullptr);
    B2K_CHECK(EVP_DigestInit_ex(ctx.get(), md, nullptr) == 1);
    for (const auto& p : parts) {
        B2K_CHECK(EVP_DigestUpdate(ctx.get(), p.data(), p.size()) == 1);
    }
    std::array<std::byte, N> out{};
    unsigned int len = 0;
    B2K_CHECK(EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) ==
              1);
    B2K_CHECK(len == N);
    return out;
}

template <std::size_t N>
wire::Bytes view(const std::array<std::byte, N>& a) {
    return {a.data(), a.size()};
}

template <std::size_t N>
void wipe_array(std::array<std::byte, N>& a) noexcept {
    OPENSSL_cleanse(a.data(), a.size());
}

}  // namespace

std::vector<std::byte> native_password_scramble(std::string_view password, wire::Bytes nonce) {
    if (password.empty()) return {};
    auto h1 = digest<20>(EVP_sha1(), {wire::as_bytes(password)});
    auto h2 = digest<20>(EVP_sha1(), {view(h1)});
    auto h3 = digest<20>(EVP_sha1(), {nonce, view(h2)});
    std::vector<std::byte> out(20);
    for (std::size_t i = 0; i < 20; ++i)
        out[i] = h1[i] ^ h3[i];
    wipe_array(h1);
    wipe_array(h2);
    return out;
}

std::vector<std::byte> caching_sha2_scramble(std::string_view password, wire::Bytes nonce) {
    if (password.empty()) return {};
    auto h1 = digest<32>(EVP_sha256(), {wire::as_bytes(password)});
    auto h2 = digest<32>(EVP_sha256(), {view(h1)});
    auto h3 = digest<32>(EVP_sha256(), {view(h2), nonce});
    std::vector<std::byte> out(32);
    for (std::size_t i = 0; i < 32; ++i)
        out[i] = h1[i] ^ h3[i];
    wipe_array(h1);
    wipe_array(h2);
    return out;
}

std::vector<std::byte> xor_password_with_nonce(std::string_view password, wire::Bytes nonce) {
    std::vector<std::byte> out = password_with_nul(password);
    if (nonce.empty()) return out;
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] ^= nonce[i % nonce.size()];
    return out;
}

std::vector<std::byte> password_with_nul(std::string_view password) {
    std::vector<std::byte> out(password.size() + 1);
    const auto pb = wire::as_bytes(password);
    std::copy(pb.begin(), pb.end(), out.begin());
    out.back() = std::byte{0};
    return out;
}

void wipe(std::vector<std::byte>& secret) noexcept {
    if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
    secret.clear();
}

void wipe(std::string& secret) noexcept {
    if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
    secret.clear();
}

}  // namespace b2k::mysql
