#include "config/secret.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace b2k::config {
namespace {

// Larger than any password or token; guards against a path pointing at a log or a device.
constexpr std::size_t kMaxSecretFileBytes = 1 << 20;

constexpr std::string_view kForms = "${env:NAME} or ${file:/absolute/path}";

bool valid_env_name(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        bool digit = c >= '0' && c <= '9';
        if (!alpha && !(digit && i > 0)) return false;
    }
    return true;
}

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

Result<std::string> read_secret_file(const std::string& path) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f) {
        return failure(Errc::config, "cannot read secret file " + path + ": " +
                                         std::strerror(errno) +
                                         " (check that it exists and this user may read it)");
    }
    std::string out;
    char buf[4096];
    for (;;) {
        std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
        out.append(buf, n);
        if (out.size() > kMaxSecretFileBytes) {
            return failure(Errc::config, "secret file " + path + " is larger than 1 MiB; " +
                                             "it should hold only the password or token");
        }
        if (n < sizeof buf) break;
    }
    if (std::ferror(f.get())) {
        return failure(Errc::config,
                       "cannot read secret file " + path + ": " + std::strerror(errno));
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ' ||
                            out.back() == '\t' || out.back() == '\f' || out.back() == '\v')) {
        out.pop_back();
    }
    if (out.empty()) {
        return failure(Errc::config,
                       "secret file " + path + " is empty (is whatever writes it running yet?)");
    }
    return out;
}

}  // namespace

SecretRef SecretRef::literal(std::string value) {
    return {Kind::literal, std::move(value)};
}
SecretRef SecretRef::env(std::string variable) {
    return {Kind::env, std::move(variable)};
}
SecretRef SecretRef::file(std::string absolute_path) {
    return {Kind::file, std::move(absolute_path)};
}

Result<SecretRef> SecretRef::parse(std::string_view text) {
    if (text.starts_with("$${")) return literal(std::string(text.substr(1)));
    if (!text.starts_with("${")) return literal(std::string(text));
    if (!text.ends_with("}")) {
        return failure(Errc::config, "starts with '${' but has no closing '}'; a reference is " +
                                         std::string(kForms) +
                                         " (a literal beginning with '${' is written '$${'); " +
                                         "value not shown");
    }
    std::string_view body = text.substr(2, text.size() - 3);
    if (body.starts_with("env:")) {
        std::string_view name = body.substr(4);
        if (!valid_env_name(name)) {
            return failure(Errc::config,
                           "${env:…} needs a variable name of letters, digits and '_' not "
                           "starting with a digit; value not shown");
        }
        return env(std::string(name));
    }
    if (body.starts_with("file:")) {
        std::string_view path = body.substr(5);
        if (!path.starts_with("/")) {
            return failure(Errc::config,
                           "${file:…} needs an absolute path (starting with '/'); value not shown");
        }
        return file(std::string(path));
    }
    return failure(Errc::config, "unknown reference; allowed: " + std::string(kForms) +
                                     " (a literal beginning with '${' is written '$${'); " +
                                     "value not shown");
}

Result<std::string> SecretRef::resolve() const {
    switch (kind_) {
        case Kind::literal:
            return text_;
        case Kind::env: {
            const char* v = std::getenv(text_.c_str());
            if (v == nullptr) {
                return failure(Errc::config, "environment variable " + text_ +
                                                 " is not set (referenced as ${env:" + text_ +
                                                 "})");
            }
            return std::string(v);
        }
        case Kind::file:
            return read_secret_file(text_);
    }
    return failure(Errc::internal, "SecretRef: unknown kind");
}

std::string SecretRef::redacted() const {
    switch (kind_) {
        case Kind::literal:
            return text_.empty() ? "(none)" : "(redacted)";
        case Kind::env:
            return "${env:" + text_ + "}";
        case Kind::file:
            return "${file:" + text_ + "}";
    }
    return "(redacted)";
}

}  // namespace b2k::config
