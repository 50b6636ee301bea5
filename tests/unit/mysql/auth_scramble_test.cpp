// Auth plugin hashes against rust_mysql_common's vectors (re-verified with hashlib), and the RSA
// path checked by decrypting with the test's own OpenSSL calls.

#include "mysql/auth_scramble.h"

#include <gtest/gtest.h>

#include "mysql/rsa_public_key.h"
#include "support/tls_certs.h"
#include "support/vector_ledger.h"
#include "support/vectors.h"
#include "test_crypto.h"

namespace b2k::mysql {
namespace {

TEST(AuthScramble, RustMysqlCommonVectors) {
    const auto doc = test::load_json(test::vector_path("rust_mysql_common-protocol.json"));
    int checked = 0;
    for (const auto& v : doc["vectors"]) {
        const std::string kind = v["event_type"].get<std::string>();
        if (kind.find("auth scramble") == std::string::npos) continue;
        SCOPED_TRACE(v["source"].get<std::string>());
        const auto nonce = test::from_hex(v["params"]["nonce_hex"].get<std::string>());
        const auto pw_bytes = test::from_hex(v["params"]["password_hex"].get<std::string>());
        const std::string password(wire::as_chars(pw_bytes));
        EXPECT_EQ(password, v["params"]["password_text"].get<std::string>());
        const std::string want = v["expected"].get<std::string>();
        if (kind.find("SHA256") != std::string::npos) {
            const auto s = caching_sha2_scramble(password, nonce);
            EXPECT_EQ(test::to_hex(s), want);
            EXPECT_TRUE(test::sha2_scramble_matches(password, nonce, s));
        } else {
            const auto s = native_password_scramble(password, nonce);
            EXPECT_EQ(test::to_hex(s), want);
            EXPECT_TRUE(test::native_scramble_matches(password, nonce, s));
        }
        test::mark_checked("rust_mysql_common-protocol.json", v);
        ++checked;
    }
    EXPECT_EQ(checked, 2);
}

TEST(AuthScramble, EmptyPasswordSendsNothing) {
    const auto nonce = test::from_hex("0102030405060708090a0b0c0d0e0f1011121314");
    EXPECT_TRUE(native_password_scramble("", nonce).empty());
    EXPECT_TRUE(caching_sha2_scramble("", nonce).empty());
}

TEST(AuthScramble, XorWithNonceRepeats) {
    const auto nonce = test::from_hex("0102");
    // "abc\0" ^ 01 02 01 02
    EXPECT_EQ(test::to_hex(xor_password_with_nonce("abc", nonce)), "60606202");
    EXPECT_EQ(test::to_hex(password_with_nul("ab")), "616200");
}

TEST(RsaPublicKey, EncryptsWithOaepSha1) {
    const auto key = test::make_rsa_key(2048);
    auto pub = RsaPublicKey::from_pem(wire::as_bytes(key.public_pem), "test key");
    ASSERT_TRUE(pub.has_value()) << pub.error().message;
    EXPECT_EQ(pub.value().size(), 256u);
    const auto nonce = test::from_hex("4e523348503a714959615f393d64623f53647b60");
    const auto plain = xor_password_with_nonce("G!ider27", nonce);
    auto cipher = pub.value().encrypt_oaep_sha1(plain);
    ASSERT_TRUE(cipher.has_value()) << cipher.error().message;
    EXPECT_EQ(cipher.value().size(), 256u);
    auto back = test::decrypt_oaep_sha1(key.private_pem, cipher.value());
    EXPECT_EQ(back, plain);
    // Undo the XOR: the password and its NUL.
    for (std::size_t i = 0; i < back.size(); ++i)
        back[i] ^= nonce[i % nonce.size()];
    EXPECT_EQ(test::to_hex(back), test::to_hex(password_with_nul("G!ider27")));
}

TEST(RsaPublicKey, AcceptsATrailingNulAsServersSendIt) {
    const auto key = test::make_rsa_key(1024);
    std::string pem = key.public_pem;
    pem.push_back('\0');
    EXPECT_TRUE(RsaPublicKey::from_pem(wire::as_bytes(pem), "server").has_value());
}

TEST(RsaPublicKey, RejectsGarbage) {
    auto pub = RsaPublicKey::from_pem(wire::as_bytes("not a key"), "the key from the server");
    ASSERT_FALSE(pub.has_value());
    EXPECT_NE(pub.error().message.find("the key from the server"), std::string::npos);
    EXPECT_FALSE(RsaPublicKey::from_pem({}, "empty").has_value());
    EXPECT_FALSE(RsaPublicKey::from_pem_file("/nonexistent/key.pem").has_value());
}

TEST(RsaPublicKey, PasswordTooLongForTheKey) {
    const auto key = test::make_rsa_key(1024);  // 128 bytes: at most 86 bytes of plaintext
    auto pub = RsaPublicKey::from_pem(wire::as_bytes(key.public_pem), "k");
    ASSERT_TRUE(pub.has_value());
    const std::string secret(200, 's');
    auto cipher = pub.value().encrypt_oaep_sha1(password_with_nul(secret));
    ASSERT_FALSE(cipher.has_value());
    EXPECT_EQ(cipher.error().message.find(secret), std::string::npos);
    EXPECT_NE(cipher.error().message.find("use TLS"), std::string::npos);
}

}  // namespace
}  // namespace b2k::mysql
