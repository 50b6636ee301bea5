#pragma once
// Result<T>: a value or an Error. Boost.Outcome stands in for std::expected (not in g++ 12).
// Reading the value of a failed result terminates: a bug, never a silent default.

#include <boost/outcome/std_result.hpp>

#include "common/error.h"

namespace b2k {

template <class T>
using Result = boost::outcome_v2::std_result<T, Error, boost::outcome_v2::policy::terminate>;

inline auto success() {
    return boost::outcome_v2::success();
}
template <class T>
auto success(T&& v) {
    return boost::outcome_v2::success(std::forward<T>(v));
}

inline auto failure(Errc errc, std::string message) {
    return boost::outcome_v2::failure(Error(errc, std::move(message)));
}
inline auto failure(Error e) {
    return boost::outcome_v2::failure(std::move(e));
}

}  // namespace b2k

// B2K_TRY(expr): evaluate a Result; on failure return its error from the enclosing function.
// B2K_TRY(lhs, expr): the same, then `lhs = value` (lhs may declare: `auto x`, or name a
// variable or member).
#define B2K_CONCAT_INNER(a, b) a##b
#define B2K_CONCAT(a, b) B2K_CONCAT_INNER(a, b)
#define B2K_TRY_IMPL(ret, tmp, expr)   \
    auto&& tmp = (expr);               \
    if (!tmp.has_value()) [[unlikely]] \
    ret ::b2k::failure(std::move(tmp).error())
#define B2K_TRY_1(ret, tmp, expr)     \
    do {                              \
        B2K_TRY_IMPL(ret, tmp, expr); \
    } while (false)
#define B2K_TRY_2(ret, tmp, lhs, expr) \
    B2K_TRY_IMPL(ret, tmp, expr);      \
    lhs = std::move(tmp).value()
#define B2K_TRY_PICK(a, b, name, ...) name
#define B2K_TRY(...)                                        \
    B2K_TRY_PICK(__VA_ARGS__, B2K_TRY_2, B2K_TRY_1, unused) \
    (return, B2K_CONCAT(b2k_try_tmp_, __COUNTER__), __VA_ARGS__)
#define B2K_CO_TRY(...)                                     \
    B2K_TRY_PICK(__VA_ARGS__, B2K_TRY_2, B2K_TRY_1, unused) \
    (co_return, B2K_CONCAT(b2k_try_tmp_, __COUNTER__), __VA_ARGS__)
