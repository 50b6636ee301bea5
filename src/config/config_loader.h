#pragma once
// Loading the YAML configuration (DESIGN.md "Config (YAML)"; every key, its default and its
// meaning in config/reference.yaml).
//
// Every problem in the document is reported at once, one per line of the error's message:
//
//   prod.yaml:7:11: source.tls.mode: unknown value 'strict' (allowed: disabled, preferred, ...)
//   prod.yaml:2:1: source.server_id: required key missing: a number 1..4294967295, ...
//
// (origin, 1-based line and column, the full key path, what was found and what is allowed).
// Errors never contain the value of a secret. The error code is Errc::config.
//
// Secret references are checked for their form only; resolving them is the user's business at
// connect time (check_secrets() in config.h resolves them all once).

#include <filesystem>
#include <string_view>

#include "common/result.h"
#include "config/config.h"

namespace b2k::config {

enum class ConfigUse {
    run,          // run and check: kafka.brokers is required too
    source_only,  // tail: only the source section's required keys are required
};

[[nodiscard]] Result<Config> load_config_file(const std::filesystem::path& path,
                                              ConfigUse use = ConfigUse::run);
// `origin` names the text in errors (a file name, "<stdin>", a test's name).
[[nodiscard]] Result<Config> load_config_string(std::string_view text, std::string_view origin,
                                                ConfigUse use = ConfigUse::run);

}  // namespace b2k::config
