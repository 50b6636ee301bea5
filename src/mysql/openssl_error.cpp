#include "mysql/openssl_error.h"

#include <openssl/err.h>

namespace b2k::mysql {

std::string take_openssl_errors(const std::string& fallback) {
    std::string out;
    while (const unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!out.empty()) out += "; ";
        out += buf;
    }
    return out.empty() ? fallback : out;
}

}  // namespace b2k::mysql
