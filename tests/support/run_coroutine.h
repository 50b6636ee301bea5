#pragma once
// Test support: runs one coroutine to completion on an io_context and returns its result, for
// tests that drive the asynchronous client code (mysql::Connection, readers) step by step.
//
//   asio::io_context io;
//   auto r = run_coroutine<Result<void>>(io, [&]() { return conn.connect(opts); });
//
// A coroutine that has not finished within `limit` throws std::runtime_error, so a test never
// hangs on it. The io_context is restarted afterwards, ready for the next call.

#include <boost/asio.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace b2k::test {

template <class T>
T run_coroutine(boost::asio::io_context& io, std::function<boost::asio::awaitable<T>()> body,
                std::chrono::seconds limit = std::chrono::seconds(60)) {
    std::optional<T> result;
    boost::asio::co_spawn(
        io, [&]() -> boost::asio::awaitable<void> { result.emplace(co_await body()); },
        boost::asio::detached);
    io.run_for(limit);
    io.restart();
    if (!result) {
        throw std::runtime_error("the coroutine did not finish within " +
                                 std::to_string(limit.count()) + " s");
    }
    return std::move(*result);
}

}  // namespace b2k::test
