#include "config/secret.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace b2k::config {
namespace {

SecretRef parsed(std::string_view text) {
    auto r = SecretRef::parse(text);
    if (!r) ADD_FAILURE() << "parse failed: " << r.error().message;
    return r ? std::move(r).value() : SecretRef{};
}

// A scratch directory removed at the end of the test.
class SecretFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("b2k-secret-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& contents) {
        auto path = dir_ / name;
        std::ofstream(path, std::ios::binary) << contents;
        return path.string();
    }

    std::filesystem::path dir_;
};

TEST(SecretRef, LiteralResolvesToItself) {
    SecretRef s = parsed("s3cret value");
    EXPECT_EQ(s.kind(), SecretRef::Kind::literal);
    EXPECT_EQ(s.resolve().value(), "s3cret value");
    EXPECT_EQ(s.redacted(), "(redacted)");
    EXPECT_TRUE(s.reference().empty());
}

TEST(SecretRef, EmptyLiteralIsNoPassword) {
    SecretRef s = parsed("");
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(s.resolve().value(), "");
    EXPECT_EQ(s.redacted(), "(none)");
    EXPECT_TRUE(SecretRef{}.empty());
}

TEST(SecretRef, DollarDollarEscapesALiteral) {
    SecretRef s = parsed("$${not-a-ref}");
    EXPECT_EQ(s.kind(), SecretRef::Kind::literal);
    EXPECT_EQ(s.resolve().value(), "${not-a-ref}");
    // A '$' elsewhere is just a character.
    EXPECT_EQ(parsed("pa$$word${").resolve().value(), "pa$$word${");
}

TEST(SecretRef, EnvSet) {
    ::setenv("B2K_SECRET_TEST_SET", "env-value-123", 1);
    SecretRef s = parsed("${env:B2K_SECRET_TEST_SET}");
    EXPECT_EQ(s.kind(), SecretRef::Kind::env);
    EXPECT_EQ(s.reference(), "B2K_SECRET_TEST_SET");
    EXPECT_EQ(s.resolve().value(), "env-value-123");
    EXPECT_EQ(s.redacted(), "${env:B2K_SECRET_TEST_SET}");
    // Re-read at every call.
    ::setenv("B2K_SECRET_TEST_SET", "rotated", 1);
    EXPECT_EQ(s.resolve().value(), "rotated");
    ::unsetenv("B2K_SECRET_TEST_SET");
}

TEST(SecretRef, EnvSetButEmptyIsAnEmptyPassword) {
    ::setenv("B2K_SECRET_TEST_EMPTY", "", 1);
    EXPECT_EQ(parsed("${env:B2K_SECRET_TEST_EMPTY}").resolve().value(), "");
    ::unsetenv("B2K_SECRET_TEST_EMPTY");
}

TEST(SecretRef, EnvUnsetNamesTheVariable) {
    ::unsetenv("B2K_SECRET_TEST_UNSET");
    auto r = parsed("${env:B2K_SECRET_TEST_UNSET}").resolve();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::config));
    EXPECT_EQ(r.error().message,
              "environment variable B2K_SECRET_TEST_UNSET is not set (referenced as "
              "${env:B2K_SECRET_TEST_UNSET})");
}

TEST_F(SecretFileTest, FileContentsTrimmedOfTrailingWhitespace) {
    std::string path = write("token", "  tok en-42\r\n\n \t\n");
    SecretRef s = parsed("${file:" + path + "}");
    EXPECT_EQ(s.kind(), SecretRef::Kind::file);
    EXPECT_EQ(s.reference(), path);
    EXPECT_EQ(s.resolve().value(), "  tok en-42");  // leading whitespace is kept
    EXPECT_EQ(s.redacted(), "${file:" + path + "}");
}

TEST_F(SecretFileTest, FileIsReReadAtEveryCall) {
    std::string path = write("token", "first\n");
    SecretRef s = SecretRef::file(path);
    EXPECT_EQ(s.resolve().value(), "first");
    write("token", "second\n");
    EXPECT_EQ(s.resolve().value(), "second");
}

TEST_F(SecretFileTest, MissingFileNamesThePath) {
    std::string path = (dir_ / "absent").string();
    auto r = SecretRef::file(path).resolve();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::config));
    EXPECT_NE(r.error().message.find("cannot read secret file " + path + ": No such file"),
              std::string::npos)
        << r.error().message;
}

TEST_F(SecretFileTest, DirectoryIsUnreadable) {
    auto r = SecretRef::file(dir_.string()).resolve();
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("cannot read secret file " + dir_.string()), std::string::npos)
        << r.error().message;
}

TEST_F(SecretFileTest, EmptyFileIsAnError) {
    std::string path = write("empty", "\n\n");
    auto r = SecretRef::file(path).resolve();
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("secret file " + path + " is empty"), std::string::npos);
}

TEST_F(SecretFileTest, HugeFileIsRefusedWithoutShowingIt) {
    std::string path = write("huge", std::string(2 << 20, 'S'));
    auto r = SecretRef::file(path).resolve();
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("larger than 1 MiB"), std::string::npos);
    EXPECT_EQ(r.error().message.find("SSSS"), std::string::npos);
}

TEST(SecretRef, MalformedReferencesNeverEchoTheText) {
    for (std::string_view text : {"${env:}", "${env:1ABC}", "${env:A-B}", "${file:relative/p}",
                                  "${vault:Pa55}", "${Pa55", "${env:Pa55"}) {
        auto r = SecretRef::parse(text);
        ASSERT_FALSE(r) << text;
        EXPECT_TRUE(r.error().is(Errc::config));
        EXPECT_EQ(r.error().message.find(text), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().message.find("Pa55"), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find("value not shown"), std::string::npos)
            << r.error().message;
    }
}

TEST(SecretRef, RedactedNeverShowsALiteral) {
    EXPECT_EQ(SecretRef::literal("hunter2").redacted().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace b2k::config
