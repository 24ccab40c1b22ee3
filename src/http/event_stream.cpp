// g++ 12 reports a false -Wmismatched-new-delete on Asio's coroutine frame allocator
// (awaitable_frame_base::operator new/delete) when these coroutines are inlined at -O2.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "http/event_stream.h"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace pererecos::http {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

// Shared by the stream and the coroutine that watches for the peer closing.
struct StreamState {
  explicit StreamState(const net::any_io_executor& executor) : timer(executor) {}
  net::steady_timer timer;
  bool peer_gone = false;
};

// Reads (and drops) whatever the client sends until it closes; then wakes the stream.
net::awaitable<void> watch_peer(tcp::socket& socket, std::shared_ptr<StreamState> state) {
  char scratch[512];
  beast::error_code ec;
  std::size_t total = 0;
  while (!ec && total < (64u << 10)) {
    total += co_await socket.async_read_some(net::buffer(scratch),
                                             net::redirect_error(net::use_awaitable, ec));
  }
  // EOF, reset, aborted by the stream's end, or a client that sends far too much.
  state->peer_gone = true;
  state->timer.cancel();
}

}  // namespace

std::string event_stream_head(const Response& response, unsigned version) {
  std::string w = version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  w += std::to_string(response.status);
  w += ' ';
  w += reason_phrase(response.status);
  w += "\r\nServer: pererecos-stats\r\n";
  for (const auto& [name, value] : response.headers.fields()) {
    w += name;
    w += ": ";
    w += value;
    w += "\r\n";
  }
  w += "Connection: close\r\n\r\n";
  return w;
}

std::string event_stream_event(std::string_view name, const std::string& channel,
                               std::uint64_t change_count) {
  std::string out = "event: ";
  out += name;
  out += "\nid: ";
  out += std::to_string(change_count);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("channel");
  w.String(channel.data(), static_cast<rapidjson::SizeType>(channel.size()));
  w.Key("change_count");
  w.Uint64(change_count);
  w.EndObject();
  out += "\ndata: ";
  out.append(buffer.GetString(), buffer.GetSize());
  out += "\n\n";
  return out;
}

net::awaitable<void> run_event_stream(beast::tcp_stream& stream, std::string head,
                                      std::shared_ptr<EventSubscription> subscription) {
  const EventStreamOptions& options = subscription->options();
  const auto executor = co_await net::this_coro::executor;
  auto state = std::make_shared<StreamState>(executor);
  beast::error_code ec;

  std::uint64_t last_count = subscription->change_count();
  std::string out = std::move(head);
  out += "retry: " + std::to_string(options.retry.count()) + "\n\n";
  out += event_stream_event("ready", subscription->channel(), last_count);
  stream.expires_after(options.write_timeout);
  co_await net::async_write(stream, net::buffer(out), net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return;
  net::co_spawn(executor, watch_peer(stream.socket(), state), net::detached);

  SteadyTime last_event = std::chrono::steady_clock::now();
  SteadyTime last_write = last_event;
  while (!state->peer_gone) {
    state->timer.expires_after(options.poll_interval);
    co_await state->timer.async_wait(net::redirect_error(net::use_awaitable, ec));
    if (state->peer_gone) break;
    const SteadyTime now = std::chrono::steady_clock::now();
    const std::uint64_t count = subscription->change_count();
    out.clear();
    if (count != last_count && now - last_event >= options.min_interval) {
      out = event_stream_event("stats", subscription->channel(), count);
      last_count = count;
      last_event = now;
    } else if (now - last_write >= options.heartbeat) {
      out = ": heartbeat\n\n";
    }
    if (out.empty()) continue;
    stream.expires_after(options.write_timeout);
    co_await net::async_write(stream, net::buffer(out),
                              net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      spdlog::debug("http: event stream dropped: {}", ec.message());
      break;
    }
    last_write = now;
  }
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream.socket().close(ec);  // ends watch_peer's read
}

}  // namespace pererecos::http
