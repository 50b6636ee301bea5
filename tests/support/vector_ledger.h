#pragma once
// The vector ledger: which of ../shared/vectors/*.json's vectors the running tests compared with
// our decoders' output. A test calls mark_checked() for each vector once it has checked it; the
// ledger binary (tests/ledger/) links every such test file and, after all of them have run,
// fails on any vector that is neither marked nor in its exclusion list with a reason. A vector
// is identified by its file and its content, so a test can only mark what it actually loaded.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace b2k::test {

// Records that `vector` (an element of <file>'s "vectors") was checked by the running test.
void mark_checked(std::string_view file, const nlohmann::json& vector);

// How many times `vector` of <file> has been marked in this process.
std::size_t times_checked(std::string_view file, const nlohmann::json& vector);

}  // namespace b2k::test
