#include "binlog/charset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/vectors.h"

namespace b2k::binlog {
namespace {

std::string bytes(std::string_view hex) {
    const auto raw = test::from_hex(hex);
    return {reinterpret_cast<const char*>(raw.data()), raw.size()};
}

std::string hex(std::string_view s) {
    std::vector<std::byte> raw(s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
        raw[i] = static_cast<std::byte>(s[i]);
    return test::to_hex(raw);
}

// Converts hex-encoded input from charset `name` and returns the UTF-8 as hex.
std::string convert(std::string_view name, std::string_view input_hex) {
    const Charset* cs = charset_by_name(name);
    if (cs == nullptr) {
        ADD_FAILURE() << "no charset " << name;
        return {};
    }
    std::string out = "<";  // appends, never overwrites
    const auto r = append_utf8(*cs, bytes(input_hex), out);
    if (!r) {
        ADD_FAILURE() << name << ": " << r.error().message;
        return {};
    }
    EXPECT_EQ(out.substr(0, 1), "<");
    return hex(out.substr(1));
}

constexpr std::string_view kFffd = "efbfbd";

std::filesystem::path scripts_dir() {
    return std::filesystem::path(B2K_TEST_DATA_DIR).parent_path().parent_path() / "scripts";
}

// Rows of a scripts/gen-collations.*.tsv file (comments skipped).
std::vector<std::vector<std::string>> read_tsv(const std::string& file) {
    const auto path = scripts_dir() / file;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> fields;
        std::stringstream ss(line);
        std::string f;
        while (std::getline(ss, f, '\t'))
            fields.push_back(f);
        rows.push_back(fields);
    }
    return rows;
}

// ---- collation ids ----

TEST(CharsetForCollation, CommonIdsOnBothFlavors) {
    struct Case {
        std::uint32_t id;
        const char* charset;
        CharsetKind kind;
    };
    const Case cases[] = {
        {8, "latin1", CharsetKind::latin1},    {33, "utf8mb3", CharsetKind::utf8mb3},
        {45, "utf8mb4", CharsetKind::utf8mb4}, {46, "utf8mb4", CharsetKind::utf8mb4},
        {63, "binary", CharsetKind::binary},   {224, "utf8mb4", CharsetKind::utf8mb4},
        {83, "utf8mb3", CharsetKind::utf8mb3}, {11, "ascii", CharsetKind::ascii},
        {51, "cp1251", CharsetKind::other},    {28, "gbk", CharsetKind::other},
        {54, "utf16", CharsetKind::other},     {56, "utf16le", CharsetKind::other},
        {35, "ucs2", CharsetKind::other},      {60, "utf32", CharsetKind::other},
        {95, "cp932", CharsetKind::other},     {247, "utf8mb4", CharsetKind::utf8mb4},
    };
    for (const auto flavor : {Flavor::mysql, Flavor::mariadb}) {
        for (const auto& c : cases) {
            SCOPED_TRACE(std::string(flavor_name(flavor)) + " " + std::to_string(c.id));
            const Charset* cs = charset_for_collation(flavor, c.id);
            ASSERT_NE(cs, nullptr);
            EXPECT_EQ(cs->name, c.charset);
            EXPECT_EQ(cs->kind, c.kind);
        }
    }
    EXPECT_EQ(collation_name(Flavor::mysql, 8), "latin1_swedish_ci");
    EXPECT_EQ(collation_name(Flavor::mariadb, 33), "utf8mb3_general_ci");
    EXPECT_EQ(collation_name(Flavor::mysql, 224), "utf8mb4_unicode_ci");
}

TEST(CharsetForCollation, FlavorsDiffer) {
    // MySQL 8 only.
    ASSERT_NE(charset_for_collation(Flavor::mysql, 255), nullptr);
    EXPECT_EQ(charset_for_collation(Flavor::mysql, 255)->kind, CharsetKind::utf8mb4);
    EXPECT_EQ(collation_name(Flavor::mysql, 255), "utf8mb4_0900_ai_ci");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 255), nullptr);
    EXPECT_EQ(collation_name(Flavor::mysql, 309), "utf8mb4_0900_bin");
    EXPECT_EQ(collation_name(Flavor::mysql, 323), "utf8mb4_mn_cyrl_0900_as_cs");
    EXPECT_EQ(charset_for_collation(Flavor::mysql, 76)->name, "utf8mb3");  // utf8mb3_tolower_ci
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 76), nullptr);
    EXPECT_EQ(charset_for_collation(Flavor::mysql, 248)->name, "gb18030");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 248), nullptr);
    // Same id, different names, same charset.
    EXPECT_EQ(collation_name(Flavor::mysql, 245), "utf8mb4_croatian_ci");
    EXPECT_EQ(collation_name(Flavor::mariadb, 245), "utf8mb4_croatian_mysql561_ci");

    // MariaDB only: 576+, nopad 1025+, UCA-14.0.0 2048+ (10.10+).
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 608)->name, "utf8mb4");
    EXPECT_EQ(collation_name(Flavor::mariadb, 1033), "latin2_general_nopad_ci");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 1033)->name, "latin2");
    EXPECT_EQ(charset_for_collation(Flavor::mysql, 1033), nullptr);
    EXPECT_EQ(collation_name(Flavor::mariadb, 2048), "utf8mb3_uca1400_ai_ci");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 2048)->kind, CharsetKind::utf8mb3);
    EXPECT_EQ(collation_name(Flavor::mariadb, 2304), "utf8mb4_uca1400_ai_ci");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 2304)->kind, CharsetKind::utf8mb4);
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 2560)->name, "ucs2");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 2816)->name, "utf16");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 3072)->name, "utf32");
    EXPECT_EQ(charset_for_collation(Flavor::mysql, 2304), nullptr);
}

TEST(CharsetForCollation, MariadbUca1400BlockFallbackAndUnknownIds) {
    // 2248 is inside the utf8mb3 block but not a 10.11 collation: a later tailoring would get
    // the block's charset and no name.
    EXPECT_EQ(collation_name(Flavor::mariadb, 2248), "");
    ASSERT_NE(charset_for_collation(Flavor::mariadb, 2248), nullptr);
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 2248)->name, "utf8mb3");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 2048 + 256 + 255)->name, "utf8mb4");
    EXPECT_EQ(charset_for_collation(Flavor::mariadb, 2048 + 5 * 256), nullptr);
    for (const std::uint32_t id : {0U, 17U, 100U, 251U, 324U, 1024U, 2047U, 65535U, 4000000000U}) {
        EXPECT_EQ(charset_for_collation(Flavor::mysql, id), nullptr) << id;
        EXPECT_EQ(collation_name(Flavor::mysql, id), "") << id;
    }
    for (const std::uint32_t id : {0U, 17U, 100U, 256U, 1024U, 2047U, 4000000000U}) {
        EXPECT_EQ(charset_for_collation(Flavor::mariadb, id), nullptr) << id;
    }
}

// The generated tables agree with their sources, row by row.
TEST(CharsetForCollation, GeneratedTablesMatchTheirSources) {
    const std::pair<const char*, Flavor> sources[] = {
        {"gen-collations.mysql.tsv", Flavor::mysql},
        {"gen-collations.mariadb.tsv", Flavor::mariadb},
    };
    for (const auto& [file, flavor] : sources) {
        SCOPED_TRACE(file);
        const auto rows = read_tsv(file);
        for (const auto& row : rows) {
            ASSERT_EQ(row.size(), 3U);
            const auto id = static_cast<std::uint32_t>(std::stoul(row[0]));
            const Charset* cs = charset_for_collation(flavor, id);
            ASSERT_NE(cs, nullptr) << id;
            EXPECT_EQ(cs->name, row[1]) << id;
            EXPECT_EQ(collation_name(flavor, id), row[2]) << id;
        }
        EXPECT_EQ(rows.size(), flavor == Flavor::mysql ? 286U : 1242U);
    }
}

TEST(CharsetByName, NamesAndAliases) {
    ASSERT_NE(charset_by_name("utf8"), nullptr);
    EXPECT_EQ(charset_by_name("utf8")->name, "utf8mb3");
    EXPECT_EQ(charset_by_name("UTF8")->kind, CharsetKind::utf8mb3);
    EXPECT_EQ(charset_by_name("utf8mb4")->kind, CharsetKind::utf8mb4);
    EXPECT_EQ(charset_by_name("utf8mb4")->max_bytes_per_char, 4U);
    EXPECT_EQ(charset_by_name("Latin1")->kind, CharsetKind::latin1);
    EXPECT_EQ(charset_by_name("latin1")->iconv_name, "CP1252");
    EXPECT_EQ(charset_by_name("binary")->kind, CharsetKind::binary);
    EXPECT_EQ(charset_by_name("ascii")->kind, CharsetKind::ascii);
    EXPECT_EQ(charset_by_name("gbk")->max_bytes_per_char, 2U);
    EXPECT_EQ(charset_by_name("ujis")->max_bytes_per_char, 3U);
    EXPECT_EQ(charset_by_name("utf16")->max_bytes_per_char, 4U);
    EXPECT_EQ(charset_by_name("nope"), nullptr);
    EXPECT_EQ(charset_by_name(""), nullptr);
    EXPECT_EQ(charset_by_name("utf8mb"), nullptr);
}

// ---- conversion ----

TEST(AppendUtf8, Utf8AndAsciiAreCopiedUnchanged) {
    EXPECT_EQ(convert("utf8mb4", "f09f9880c3a9"), "f09f9880c3a9");
    EXPECT_EQ(convert("utf8mb3", "e282ac41"), "e282ac41");
    // Invalid UTF-8 is left for the JSON writer to replace.
    EXPECT_EQ(convert("utf8mb4", "ff41"), "ff41");
    EXPECT_EQ(convert("ascii", "414243"), "414243");
    EXPECT_EQ(convert("utf8mb4", ""), "");
}

TEST(AppendUtf8, BinaryIsTheCallersJob) {
    std::string out;
    const auto r = append_utf8(*charset_by_name("binary"), "x", out);
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().is(Errc::bad_value));
    EXPECT_TRUE(out.empty());
}

// MySQL's latin1 is Windows-1252, and the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F,
// 0x90, 0x9D) map to the C1 controls U+0081 etc. (checked on MariaDB 10.11 with
// CONVERT(_latin1 0x81 USING utf8mb4); MySQL shares strings/ctype-latin1).
TEST(AppendUtf8, Latin1IsWindows1252) {
    EXPECT_EQ(convert("latin1", "80"), "e282ac");  // €
    EXPECT_EQ(convert("latin1", "9f"), "c5b8");    // Ÿ
    EXPECT_EQ(convert("latin1", "85"), "e280a6");  // …
    EXPECT_EQ(convert("latin1", "99"), "e284a2");  // ™
    EXPECT_EQ(convert("latin1", "81"), "c281");
    EXPECT_EQ(convert("latin1", "8d"), "c28d");
    EXPECT_EQ(convert("latin1", "8f"), "c28f");
    EXPECT_EQ(convert("latin1", "90"), "c290");
    EXPECT_EQ(convert("latin1", "9d"), "c29d");
    EXPECT_EQ(convert("latin1", "e9a0ff"), "c3a9c2a0c3bf");  // é, NBSP, ÿ
    EXPECT_EQ(convert("latin1", "4361666500"), "4361666500");
}

// Every byte of every single-byte charset converts as the server does (the dump in
// scripts/gen-collations.single-byte.tsv; '-' = the server has no mapping -> U+FFFD).
TEST(AppendUtf8, SingleByteCharsetsMatchTheServerForEveryByte) {
    const auto rows = read_tsv("gen-collations.single-byte.tsv");
    EXPECT_EQ(rows.size(), 24U * 256U);
    for (const auto& row : rows) {
        ASSERT_EQ(row.size(), 3U);
        std::string expected;
        if (row[2] == "-") {
            expected = std::string(kFffd);
        } else {
            const char32_t cp = std::stoul(row[2], nullptr, 16);
            std::string utf8;
            if (cp < 0x80) {
                utf8.push_back(static_cast<char>(cp));
            } else if (cp < 0x800) {
                utf8.push_back(static_cast<char>(0xC0 | (cp >> 6)));
                utf8.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            } else {
                utf8.push_back(static_cast<char>(0xE0 | (cp >> 12)));
                utf8.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                utf8.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            }
            expected = hex(utf8);
        }
        EXPECT_EQ(convert(row[0], row[1]), expected) << row[0] << " byte " << row[1];
    }
}

TEST(AppendUtf8, SingleByteSamples) {
    EXPECT_EQ(convert("cp1251", "c0e1e2"), "d090d0b1d0b2");  // Абв
    EXPECT_EQ(convert("cp1251", "98"), kFffd);               // undefined in cp1251
    EXPECT_EQ(convert("koi8r", "c1"), "d0b0");               // а
    EXPECT_EQ(convert("latin2", "a1"), "c484");              // Ą
    EXPECT_EQ(convert("swe7", "7b"), "c3a4");                // ä (7-bit Swedish)
    // The server's greek maps 0xA1 to U+02BD where glibc's ISO-8859-7 says U+2018: the table
    // follows the server.
    EXPECT_EQ(convert("greek", "a1"), "cabd");
}

// Values below were read from MariaDB 10.11 with HEX(CONVERT(_cs 0x.. USING utf8mb4)).
TEST(AppendUtf8, MultiByteCharsetsThroughIconv) {
    EXPECT_EQ(convert("gbk", "d6d0cec4"), "e4b8ade69687");   // 中文
    EXPECT_EQ(convert("gbk", "8140"), "e4b882");             // U+4E02
    EXPECT_EQ(convert("gb2312", "b0a1"), "e5958a");          // 啊
    EXPECT_EQ(convert("big5", "a4a4a4e5"), "e4b8ade69687");  // 中文
    EXPECT_EQ(convert("euckr", "b0a1"), "eab080");           // 가
    EXPECT_EQ(convert("euckr", "8141"), "eab082");           // UHC extension, as the server
    EXPECT_EQ(convert("cp932", "82a0"), "e38182");           // あ
    EXPECT_EQ(convert("eucjpms", "a1a1"), "e38080");         // ideographic space
    EXPECT_EQ(convert("ujis", "8ea1"), "efbda1");            // half-width katakana
    EXPECT_EQ(convert("gb18030", "8139ef30"), "e39081");     // 4-byte GB18030 sequence
    EXPECT_EQ(convert("ucs2", "00e90041"), "c3a941");
    EXPECT_EQ(convert("utf16", "d83dde00"), "f09f9880");    // 😀, big-endian
    EXPECT_EQ(convert("utf16le", "3dd800de"), "f09f9880");  // 😀, little-endian
    EXPECT_EQ(convert("utf32", "0001f600"), "f09f9880");    // big-endian
}

// sjis and ujis: ASCII stays ASCII (glibc's SJIS would turn 0x5C into ¥) and seven JIS symbols
// map as MySQL maps them, not as Microsoft (cp932, eucjpms) does.
TEST(AppendUtf8, JapaneseCharsetsFollowTheServer) {
    EXPECT_EQ(convert("sjis", "5c7e"), "5c7e");
    EXPECT_EQ(convert("sjis", "815f"), "5c");
    EXPECT_EQ(convert("sjis", "8160"), "e3809c");  // WAVE DASH
    EXPECT_EQ(convert("sjis", "81ca"), "c2ac");    // NOT SIGN
    EXPECT_EQ(convert("sjis", "82a0815f82a0"), "e381825ce38182");
    EXPECT_EQ(convert("ujis", "a1c0a1c1a1c2a1dda1f1a1f2a2cc"), "5ce3809ce28096e28892c2a2c2a3c2ac");
    EXPECT_EQ(convert("cp932", "815f8160"), "efbcbcefbd9e");
    EXPECT_EQ(convert("eucjpms", "a1c1"), "efbd9e");
    // Characters that merely look like the fixed ones in UTF-8 are untouched.
    EXPECT_EQ(convert("sjis", "8140"), "e38080");
}

TEST(AppendUtf8, InvalidSequencesBecomeReplacementCharacters) {
    // (0x80 would not do: glibc's GBK, unlike the server's, reads it as CP936's euro sign.)
    EXPECT_EQ(convert("gbk", "ff"), kFffd);                        // not a GBK byte
    EXPECT_EQ(convert("gbk", "41d6"), "41" + std::string(kFffd));  // ends inside a character
    EXPECT_EQ(convert("gbk", "41ff42"), "41" + std::string(kFffd) + "42");
    EXPECT_EQ(convert("big5", "a4"), kFffd);
    EXPECT_EQ(convert("ucs2", "00"), kFffd);                             // odd length
    EXPECT_EQ(convert("ucs2", "d8000041"), std::string(kFffd) + "41");   // a surrogate
    EXPECT_EQ(convert("utf16", "d8000041"), std::string(kFffd) + "41");  // lone high surrogate
    EXPECT_EQ(convert("utf16", "dc000041"), std::string(kFffd) + "41");  // lone low surrogate
    EXPECT_EQ(convert("utf32", "0011000000000041"), std::string(kFffd) + "41");  // > U+10FFFF
    EXPECT_EQ(convert("utf32", "000041"), kFffd);
    // Long input with invalid bytes scattered through it: every valid character survives.
    std::string in_hex;
    std::string out_hex;
    for (int i = 0; i < 500; ++i) {
        in_hex += "d6d0ff";
        out_hex += "e4b8ad" + std::string(kFffd);
    }
    EXPECT_EQ(convert("gbk", in_hex), out_hex);
}

TEST(AppendUtf8, LargeValuesGrowTheBuffer) {
    std::string in_hex;
    std::string out_hex;
    for (int i = 0; i < 10000; ++i) {
        in_hex += "0001f600";
        out_hex += "f09f9880";
    }
    EXPECT_EQ(convert("utf32", in_hex), out_hex);
}

TEST(AppendUtf8, ThreadsConvertConcurrently) {
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 200; ++i) {
                std::string out;
                const char* name = t % 2 == 0 ? "gbk" : "utf16";
                const std::string in = t % 2 == 0 ? bytes("d6d0cec4") : bytes("d83dde00");
                const std::string want = t % 2 == 0 ? bytes("e4b8ade69687") : bytes("f09f9880");
                if (!append_utf8(*charset_by_name(name), in, out) || out != want) ++failures[t];
            }
        });
    }
    for (auto& th : threads)
        th.join();
    EXPECT_EQ(failures, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace b2k::binlog
