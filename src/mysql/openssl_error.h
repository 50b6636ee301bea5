#pragma once
// Text of OpenSSL's thread-local error queue, for messages; the queue is emptied.

#include <string>

namespace b2k::mysql {

// "error:0A000086:SSL routines::certificate verify failed; ..." or `fallback` when the queue
// is empty.
std::string take_openssl_errors(const std::string& fallback = "unknown OpenSSL error");

}  // namespace b2k::mysql
