// Boost.Asio includes for the chat client, in the order Boost 1.74 needs (<utility> before
// asio/awaitable.hpp; redirect_error has its own header).
#pragma once

#include <utility>
// clang-format off
#include <boost/asio/awaitable.hpp>
// clang-format on
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace pererecos::twitch {

namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;
using boost::system::error_code;

}  // namespace pererecos::twitch
