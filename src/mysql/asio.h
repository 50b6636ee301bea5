#pragma once
// The one way to include Boost.Asio in this project. Boost 1.74's awaitable.hpp uses
// std::exchange without including <utility>, so <utility> must come first. (clang and
// clang-tidy also need BOOST_ASIO_HAS_CO_AWAIT and BOOST_ASIO_HAS_STD_COROUTINE, which the
// build defines for every target.)

// g++ 12 and 13 report a false -Wmismatched-new-delete (at -O2, where it is enabled) on
// coroutine frames with a class-specific operator new/delete, as Asio's awaitable frames have
// (GCC bug 109224). Every file that uses awaitables includes this header, so the suppression
// lives here, on purpose for the rest of the including file.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 14
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

// clang-format off
#include <utility>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
// clang-format on
