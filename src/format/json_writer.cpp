#include "format/json_writer.h"

#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace b2k::format {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid (RFC 3629 table 3-7).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    const std::size_t left = s.size() - i;
    auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        if (k >= left) return false;
        const auto c = static_cast<unsigned char>(s[i + k]);
        return c >= lo && c <= hi;
    };
    if (c0 < 0x80) return 1;
    if (c0 >= 0xC2 && c0 <= 0xDF) return cont(1) ? 2 : 0;
    if (c0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((c0 >= 0xE1 && c0 <= 0xEC) || c0 == 0xEE || c0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c0 >= 0xF1 && c0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

}  // namespace

// True when none of the 8 bytes in `w` needs attention: no control byte (< 0x20), no '"', no
// '\\', no byte >= 0x80 (SWAR: "determine if a word has a byte less than n" and "has a zero
// byte", Bit Twiddling Hacks).
inline bool plain_word(std::uint64_t w) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
    const std::uint64_t q = w ^ (kOnes * '"');
    const std::uint64_t quote = (q - kOnes) & ~q & kHigh;
    const std::uint64_t b = w ^ (kOnes * '\\');
    const std::uint64_t backslash = (b - kOnes) & ~b & kHigh;
    return ((w & kHigh) | below_space | quote | backslash) == 0;
}

void append_json_string_body(std::string& out, std::string_view s) {
    std::size_t i = 0;
    std::size_t run = 0;  // start of the pending run of bytes copied verbatim
    while (i < s.size()) {
#if defined(__SSE2__)
        while (i + 16 <= s.size()) {  // skip plain ASCII 16 bytes at a time
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
            // Bytes >= 0x80 are negative as signed chars, so "< 0x20 signed" catches them too.
            const __m128i ctl = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
            const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
            const __m128i bslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
            if (_mm_movemask_epi8(_mm_or_si128(ctl, _mm_or_si128(quote, bslash))) != 0) break;
            i += 16;
        }
#endif
        while (i + 8 <= s.size()) {  // skip plain ASCII a word at a time
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if (!plain_word(w)) break;
            i += 8;
        }
        if (i >= s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const std::size_t n = utf8_sequence_length(s, i);
            if (n != 0) {
                i += n;
                continue;
            }
            out.append(s.data() + run, i - run);
            out.append("\xEF\xBF\xBD");  // U+FFFD
            ++i;
            run = i;
            continue;
        }
        out.append(s.data() + run, i - run);
        switch (c) {
            case '"':
                out.append("\\\"");
                break;
            case '\\':
                out.append("\\\\");
                break;
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            case '\t':
                out.append("\\t");
                break;
            case '\b':
                out.append("\\b");
                break;
            case '\f':
                out.append("\\f");
                break;
            default: {
                const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
                out.append(esc, sizeof esc);
            }
        }
        ++i;
        run = i;
    }
    out.append(s.data() + run, s.size() - run);
}

void append_json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    append_json_string_body(out, s);
    out.push_back('"');
}

void append_base64(std::string& out, std::string_view data) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t n = data.size();
    const std::size_t start = out.size();
    out.resize(start + (n + 2) / 3 * 4);
    char* o = out.data() + start;
    while (n >= 3) {
        const std::uint32_t v = (p[0] << 16) | (p[1] << 8) | p[2];
        *o++ = kAlphabet[(v >> 18) & 63];
        *o++ = kAlphabet[(v >> 12) & 63];
        *o++ = kAlphabet[(v >> 6) & 63];
        *o++ = kAlphabet[v & 63];
        p += 3;
        n -= 3;
    }
    if (n > 0) {
        std::uint32_t v = p[0] << 16;
        if (n == 2) v |= p[1] << 8;
        *o++ = kAlphabet[(v >> 18) & 63];
        *o++ = kAlphabet[(v >> 12) & 63];
        *o++ = n == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
}

void append_double(std::string& out, double v) {
    if (!std::isfinite(v)) {  // cannot come from MySQL; keep the output valid JSON
        out.append("null");
        return;
    }
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

void append_float(std::string& out, float v) {
    if (!std::isfinite(v)) {
        out.append("null");
        return;
    }
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

}  // namespace b2k::format
