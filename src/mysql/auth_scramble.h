#pragma once
// The password hashes the auth plugins send. Pure functions over the password and the server's
// nonce (20 bytes); an empty password gives an empty scramble (the plugins send nothing then).
//
// mysql_native_password:  SHA1(pw) XOR SHA1(nonce || SHA1(SHA1(pw)))
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html
// caching_sha2_password (fast path):  SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) || nonce)
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html

#include <string_view>
#include <vector>

#include "wire/byte_reader.h"

namespace b2k::mysql {

std::vector<std::byte> native_password_scramble(std::string_view password, wire::Bytes nonce);
std::vector<std::byte> caching_sha2_scramble(std::string_view password, wire::Bytes nonce);

// The plaintext that caching_sha2_password and sha256_password encrypt with the server's RSA
// key: the password and a NUL, XORed with the nonce repeated over its length.
std::vector<std::byte> xor_password_with_nonce(std::string_view password, wire::Bytes nonce);

// The password and a NUL, as sent in clear over TLS (full authentication, clear password).
std::vector<std::byte> password_with_nul(std::string_view password);

// Overwrites secret bytes before they are freed (OPENSSL_cleanse: not optimised away).
void wipe(std::vector<std::byte>& secret) noexcept;
void wipe(std::string& secret) noexcept;

}  // namespace b2k::mysql
