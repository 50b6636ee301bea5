// `binlog2kafka decode` as a command: its exit status and messages for a clean file, a file
// with a corrupt event (exit 1 naming the event; with --skip-corrupt the rest is decoded and
// the exit status is 3), and a wrong command line (exit 2). The fixture is a MariaDB binlog of
// tests/data/mariadb; the corrupt copy has one byte of a row event's body flipped, so its
// CRC32 no longer matches.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/tls_certs.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

const fs::path kFixture = fs::path(B2K_TEST_DATA_DIR) / "mariadb" / "full-full.000001";

std::vector<char> read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t u32_at(const std::vector<char>& b, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | static_cast<std::uint8_t>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

std::size_t lines_of(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        n += c == '\n' ? 1 : 0;
    return n;
}

struct Decoded {
    ProcessResult r;
    std::size_t lines;
};

Decoded decode(const std::vector<std::string>& args) {
    std::vector<std::string> argv{B2K_BINARY, "decode"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult r = run_process(argv, std::chrono::seconds(60));
    const std::size_t n = lines_of(r.out);
    return {std::move(r), n};
}

class DecodeCli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = make_temp_dir("b2k-decode-cli");
        std::vector<char> bytes = read_bytes(kFixture);
        ASSERT_GT(bytes.size(), 4u);
        // Walk the events (4-byte magic, then event_size at offset 9 of each header) to the
        // first WRITE_ROWS (v1 23, v2 30) and flip a byte of its body, before the checksum.
        for (std::size_t at = 4; at + 19 <= bytes.size();) {
            const auto type = static_cast<std::uint8_t>(bytes[at + 4]);
            const std::uint32_t size = u32_at(bytes, at + 9);
            ASSERT_GE(size, 19u + 4u) << "bad event size at " << at;
            if (type == 23 || type == 30) {
                corrupt_at_ = at;
                bytes[at + 19 + (size - 19 - 4) / 2] ^= 0x5a;
                break;
            }
            at += size;
        }
        ASSERT_GT(corrupt_at_, 0u) << "no WRITE_ROWS event in " << kFixture;
        corrupt_ = dir_ / "corrupt.000001";
        std::ofstream(corrupt_, std::ios::binary)
            .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path dir_;
    fs::path corrupt_;
    std::size_t corrupt_at_ = 0;
};

TEST_F(DecodeCli, CleanFileExitsZero) {
    const Decoded d = decode({kFixture.string()});
    EXPECT_EQ(d.r.status, 0) << d.r.describe();
    EXPECT_GT(d.lines, 10u);
    EXPECT_EQ(d.r.err, "");
}

TEST_F(DecodeCli, CorruptEventStopsWithExitOneNamingIt) {
    const Decoded clean = decode({kFixture.string()});
    const Decoded d = decode({corrupt_.string()});
    EXPECT_EQ(d.r.status, 1) << d.r.describe();
    EXPECT_NE(d.r.err.find("event at offset " + std::to_string(corrupt_at_)), std::string::npos)
        << d.r.err;
    EXPECT_NE(d.r.err.find("CRC32 mismatch"), std::string::npos) << d.r.err;
    // What came before the corrupt event was printed, nothing after it.
    EXPECT_GT(d.lines, 0u);
    EXPECT_LT(d.lines, clean.lines);
}

TEST_F(DecodeCli, SkipCorruptDecodesTheRestAndExitsThree) {
    const Decoded clean = decode({kFixture.string()});
    const Decoded d = decode({"--skip-corrupt", corrupt_.string()});
    EXPECT_EQ(d.r.status, 3) << d.r.describe();
    EXPECT_NE(d.r.err.find("skipping: "), std::string::npos) << d.r.err;
    EXPECT_NE(d.r.err.find("skipped 1 corrupt events"), std::string::npos) << d.r.err;
    // Only the skipped event's rows are missing.
    EXPECT_LT(d.lines, clean.lines);
    EXPECT_GT(d.lines, clean.lines / 2) << d.r.out;
}

TEST_F(DecodeCli, WrongCommandLineExitsTwo) {
    Decoded d = decode({"--no-such-option", kFixture.string()});
    EXPECT_EQ(d.r.status, 2) << d.r.describe();
    EXPECT_NE(d.r.err.find("unknown option --no-such-option"), std::string::npos) << d.r.err;
    d = decode({});
    EXPECT_EQ(d.r.status, 2) << d.r.describe();
    EXPECT_NE(d.r.err.find("usage: binlog2kafka decode"), std::string::npos) << d.r.err;
    d = decode({(dir_ / "missing.000001").string()});
    EXPECT_EQ(d.r.status, 1) << d.r.describe();
    EXPECT_NE(d.r.err.find("missing.000001"), std::string::npos) << d.r.err;
}

}  // namespace
}  // namespace b2k::test
