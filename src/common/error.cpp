#include "common/error.h"

namespace b2k {
namespace {

class Category final : public std::error_category {
  public:
    const char* name() const noexcept override { return "binlog2kafka"; }
    std::string message(int ev) const override {
        switch (static_cast<Errc>(ev)) {
            case Errc::ok:
                return "ok";
            case Errc::truncated:
                return "truncated input";
            case Errc::trailing_bytes:
                return "unexpected trailing bytes";
            case Errc::bad_value:
                return "invalid value";
            case Errc::checksum_mismatch:
                return "checksum mismatch";
            case Errc::unsupported:
                return "unsupported";
            case Errc::corrupt:
                return "corrupt input";
            case Errc::io:
                return "I/O error";
            case Errc::incident:
                return "incident event";
            case Errc::config:
                return "configuration error";
            case Errc::protocol:
                return "protocol error";
            case Errc::internal:
                return "internal error";
            case Errc::stopped:
                return "stopped";
        }
        return "unknown error";
    }
};

}  // namespace

const std::error_category& b2k_category() noexcept {
    static const Category category;
    return category;
}

}  // namespace b2k
