#include "binlog/charset.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>
#include <vector>

namespace b2k::binlog {
namespace {

struct CollationEntry {
    std::uint16_t id;
    std::uint8_t charset;  // index into kCharsets
    std::string_view name;
};

}  // namespace
}  // namespace b2k::binlog

namespace b2k::binlog {
// kCharsets, the single-byte tables, kMysqlCollations, kMariadbCollations.
#include "binlog/charset.tables.inc"
}  // namespace b2k::binlog

namespace b2k::binlog {
namespace {

// MariaDB 10.10+ numbers its UCA-14.0.0 collations 2048 + 256 * block + (tailoring << 3 | pad,
// accent and case flags); 10.11 uses blocks 0-4. A later server may add tailorings inside a
// block, so an id missing from the table still gets its block's charset.
constexpr std::uint32_t kMariadbUca1400First = 2048;
constexpr std::array<std::uint8_t, 5> kMariadbUca1400Blocks = {kCsUtf8mb3, kCsUtf8mb4, kCsUcs2,
                                                               kCsUtf16, kCsUtf32};

template <std::size_t N>
const CollationEntry* find_collation(const std::array<CollationEntry, N>& table, std::uint32_t id) {
    const auto it =
        std::lower_bound(table.begin(), table.end(), id,
                         [](const CollationEntry& e, std::uint32_t key) { return e.id < key; });
    return it != table.end() && it->id == id ? &*it : nullptr;
}

const CollationEntry* find_collation(Flavor flavor, std::uint32_t id) {
    return flavor == Flavor::mysql ? find_collation(kMysqlCollations, id)
                                   : find_collation(kMariadbCollations, id);
}

// U+FFFD REPLACEMENT CHARACTER.
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

void append_code_point(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

void append_by_table(const char16_t* table, std::string_view bytes, std::string& out) {
    out.reserve(out.size() + bytes.size());
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80 && table[b] == b) {
            out.push_back(c);
        } else {
            append_code_point(out, table[b]);
        }
    }
}

// MySQL's sjis and ujis map seven JIS X 0208 symbols as JIS does; glibc's CP932 and EUC-JP-MS
// (otherwise the exact match for them, checked code by code against the server) map them as
// Microsoft does. Rewritten after conversion. (cp932 and eucjpms use Microsoft's mapping in the
// server too, and need no fix.)
struct CodePointFix {
    char32_t glibc;
    char32_t mysql;
};
constexpr std::array<CodePointFix, 7> kJisSymbolFixes = {{
    {0xFF3C, 0x005C},  // sjis 0x815F / ujis 0xA1C0: FULLWIDTH REVERSE SOLIDUS -> '\'
    {0xFF5E, 0x301C},  // 0x8160 / 0xA1C1: FULLWIDTH TILDE -> WAVE DASH
    {0x2225, 0x2016},  // 0x8161 / 0xA1C2: PARALLEL TO -> DOUBLE VERTICAL LINE
    {0xFF0D, 0x2212},  // 0x817C / 0xA1DD: FULLWIDTH HYPHEN-MINUS -> MINUS SIGN
    {0xFFE0, 0x00A2},  // 0x8191 / 0xA1F1: FULLWIDTH CENT SIGN -> CENT SIGN
    {0xFFE1, 0x00A3},  // 0x8192 / 0xA1F2: FULLWIDTH POUND SIGN -> POUND SIGN
    {0xFFE2, 0x00AC},  // 0x81CA / 0xA2CC: FULLWIDTH NOT SIGN -> NOT SIGN
}};

bool needs_jis_fixes(const Charset& cs) {
    return cs.name == "sjis" || cs.name == "ujis";
}

// Rewrites the fixed code points in out[from, end). All glibc-side code points are 3-byte UTF-8
// sequences starting 0xE2 or 0xEF; UTF-8 is self-synchronizing, so a byte match is a character
// match.
void apply_jis_fixes(std::string& out, std::size_t from) {
    std::string fixed;
    bool changed = false;
    std::size_t i = from;
    while (i < out.size()) {
        const auto b = static_cast<unsigned char>(out[i]);
        if ((b == 0xE2 || b == 0xEF) && i + 3 <= out.size()) {
            const char32_t cp = (static_cast<char32_t>(b & 0x0F) << 12) |
                                (static_cast<char32_t>(out[i + 1] & 0x3F) << 6) |
                                static_cast<char32_t>(out[i + 2] & 0x3F);
            const auto fix = std::find_if(kJisSymbolFixes.begin(), kJisSymbolFixes.end(),
                                          [cp](const CodePointFix& f) { return f.glibc == cp; });
            if (fix != kJisSymbolFixes.end()) {
                if (!changed) {
                    fixed.assign(out, from, i - from);
                    changed = true;
                }
                append_code_point(fixed, fix->mysql);
                i += 3;
                continue;
            }
        }
        if (changed) fixed.push_back(out[i]);
        ++i;
    }
    if (changed) {
        out.resize(from);
        out += fixed;
    }
}

// How many bytes to skip past a sequence iconv rejects: one code unit.
std::size_t invalid_skip(const Charset& cs) {
    if (cs.name == "ucs2" || cs.name == "utf16" || cs.name == "utf16le") return 2;
    if (cs.name == "utf32") return 4;
    return 1;
}

// One thread's iconv descriptors, by iconv name. An iconv_t carries conversion state, so it is
// never shared between threads; opening one costs a gconv module lookup, so it is kept for the
// thread's life rather than opened per value.
class IconvCache {
  public:
    IconvCache() = default;
    IconvCache(const IconvCache&) = delete;
    IconvCache& operator=(const IconvCache&) = delete;
    ~IconvCache() {
        for (auto& e : entries_)
            iconv_close(e.cd);
    }

    // nullptr when glibc cannot convert from `name` (errno from iconv_open in `error`).
    iconv_t get(std::string_view name, int& error) {
        for (auto& e : entries_) {
            if (e.name == name) return e.cd;
        }
        const std::string from(name);
        iconv_t cd = iconv_open("UTF-8", from.c_str());
        // NOLINTNEXTLINE(performance-no-int-to-ptr): iconv_open's documented failure value
        if (cd == reinterpret_cast<iconv_t>(-1)) {
            error = errno;
            return nullptr;
        }
        entries_.push_back({from, cd});
        return cd;
    }

  private:
    struct Entry {
        std::string name;
        iconv_t cd;
    };
    std::vector<Entry> entries_;
};

IconvCache& iconv_cache() {
    thread_local IconvCache cache;
    return cache;
}

Result<void> append_by_iconv(const Charset& cs, std::string_view bytes, std::string& out) {
    int open_error = 0;
    iconv_t cd = iconv_cache().get(cs.iconv_name, open_error);
    if (cd == nullptr) {
        return failure(Errc::unsupported,
                       "cannot convert charset " + std::string(cs.name) +
                           " to UTF-8: iconv_open(\"" + std::string(cs.iconv_name) +
                           "\") failed: " + std::generic_category().message(open_error) +
                           " (is glibc's gconv module directory installed?)");
    }
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial state

    const std::size_t start = out.size();
    // Any of these charsets needs at most 3 UTF-8 bytes per input byte (4 for gb18030's 4-byte
    // sequences, i.e. 1 per byte); E2BIG grows the buffer anyway.
    std::size_t used = start;
    out.resize(start + bytes.size() * 3 + 8);
    // iconv's interface takes char** but does not write through the input pointer.
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    const std::size_t skip = invalid_skip(cs);
    const auto grow = [&out] { out.resize(out.size() * 2 + 16); };
    for (;;) {
        char* op = out.data() + used;
        std::size_t out_left = out.size() - used;
        const std::size_t rc = iconv(cd, &in, &in_left, &op, &out_left);
        const int err = errno;
        used = static_cast<std::size_t>(op - out.data());
        if (rc != static_cast<std::size_t>(-1)) break;  // all input converted
        if (err == E2BIG) {
            grow();
            continue;
        }
        if (out.size() - used < kReplacement.size()) grow();
        std::memcpy(out.data() + used, kReplacement.data(), kReplacement.size());
        used += kReplacement.size();
        if (err != EILSEQ) break;  // EINVAL: the input ends inside a character
        // A sequence the charset does not define: one replacement, then resynchronize one code
        // unit further on.
        const std::size_t n = std::min(skip, in_left);
        in += n;
        in_left -= n;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
    // Flush: a stateful encoding may owe a final sequence (none of MySQL's charsets is one).
    for (;;) {
        char* op = out.data() + used;
        std::size_t out_left = out.size() - used;
        const std::size_t rc = iconv(cd, nullptr, nullptr, &op, &out_left);
        used = static_cast<std::size_t>(op - out.data());
        if (rc != static_cast<std::size_t>(-1) || errno != E2BIG) break;
        grow();
    }
    out.resize(used);
    if (needs_jis_fixes(cs)) apply_jis_fixes(out, start);
    return success();
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

}  // namespace

const Charset* charset_for_collation(Flavor flavor, std::uint32_t collation_id) {
    if (const auto* e = find_collation(flavor, collation_id)) return &kCharsets[e->charset];
    if (flavor == Flavor::mariadb && collation_id >= kMariadbUca1400First) {
        const std::uint32_t block = (collation_id - kMariadbUca1400First) >> 8;
        if (block < kMariadbUca1400Blocks.size()) return &kCharsets[kMariadbUca1400Blocks[block]];
    }
    return nullptr;
}

std::string_view collation_name(Flavor flavor, std::uint32_t collation_id) {
    const auto* e = find_collation(flavor, collation_id);
    return e != nullptr ? e->name : std::string_view{};
}

const Charset* charset_by_name(std::string_view name) {
    if (iequals(name, "utf8")) name = "utf8mb3";
    for (const auto& cs : kCharsets) {
        if (iequals(cs.name, name)) return &cs;
    }
    return nullptr;
}

Result<void> append_utf8(const Charset& charset, std::string_view bytes, std::string& out) {
    switch (charset.kind) {
        case CharsetKind::utf8mb3:
        case CharsetKind::utf8mb4:
        case CharsetKind::ascii:
            out.append(bytes);
            return success();
        case CharsetKind::binary:
            return failure(Errc::bad_value,
                           "a binary-charset value has no text form (it is base64-encoded, not "
                           "converted); this is a bug in the caller");
        case CharsetKind::latin1:
        case CharsetKind::other:
            break;
    }
    if (charset.single_byte_table != nullptr) {
        append_by_table(charset.single_byte_table, bytes, out);
        return success();
    }
    if (charset.iconv_name.empty()) {
        return failure(Errc::unsupported,
                       "no conversion to UTF-8 for charset " + std::string(charset.name));
    }
    return append_by_iconv(charset, bytes, out);
}

}  // namespace b2k::binlog
