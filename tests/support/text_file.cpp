#include "support/text_file.h"

#include <fstream>
#include <sstream>

namespace b2k::test {

std::string read_file_or_empty(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace b2k::test
