#pragma once
// SecretRef: a password or token as the config gives it — a literal, `${env:NAME}` or
// `${file:/absolute/path}` — resolved only when it is needed.
//
// resolve() reads the environment or the file again at every call: callers resolve at each
// (re)connect, so a rotated secret (an RDS IAM token lives 15 minutes) is picked up without a
// restart. A file's trailing whitespace and newlines are dropped.
//
// The value never leaves through anything but resolve(): errors name the variable or the path,
// never the value, and redacted() is the form for logs, errors and /status. A literal that must
// begin with "${" is written "$${…" (the first '$' is dropped).
//
// Thread-safety: a value type; resolve() may run concurrently with other const calls (it reads
// the process environment, so not concurrently with setenv()).

#include <string>
#include <string_view>

#include "common/result.h"

namespace b2k::config {

class SecretRef {
  public:
    enum class Kind { literal, env, file };

    // An empty literal: no password.
    SecretRef() = default;
    static SecretRef literal(std::string value);
    static SecretRef env(std::string variable);
    static SecretRef file(std::string absolute_path);

    // Parses the config form. Errc::config (without echoing `text`, which may be a password)
    // for text that starts with "${" but is not a well-formed reference.
    [[nodiscard]] static Result<SecretRef> parse(std::string_view text);

    Kind kind() const noexcept { return kind_; }
    // True for an empty literal (no secret configured).
    bool empty() const noexcept { return kind_ == Kind::literal && text_.empty(); }
    // The variable name (env) or the path (file); empty for a literal, whose value is secret.
    std::string_view reference() const noexcept {
        return kind_ == Kind::literal ? std::string_view{} : std::string_view{text_};
    }

    // The secret's current value. Errors: Errc::config naming the unset variable, or the file
    // that cannot be read or is empty.
    [[nodiscard]] Result<std::string> resolve() const;

    // Safe to print: "${env:NAME}", "${file:/path}", "(redacted)" for a non-empty literal,
    // "(none)" for an empty one.
    std::string redacted() const;

    // Where the config gave it ("config.yaml:7:13"), for errors found when it is resolved;
    // empty when it was not loaded from a document. Not part of equality.
    const std::string& origin() const noexcept { return origin_; }
    void set_origin(std::string origin) { origin_ = std::move(origin); }

    bool operator==(const SecretRef& other) const {
        return kind_ == other.kind_ && text_ == other.text_;
    }

  private:
    SecretRef(Kind kind, std::string text) : kind_(kind), text_(std::move(text)) {}

    Kind kind_ = Kind::literal;
    std::string text_;  // the literal value, the variable name or the path
    std::string origin_;
};

}  // namespace b2k::config
