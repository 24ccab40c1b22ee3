// A local stand-in for the 7TV EventAPI v3 (wss://events.7tv.io/v3) for tests: a real
// WebSocket server (Boost.Beast) on ws://127.0.0.1:<ephemeral port>/v3 that speaks the
// real protocol: hello (op 1) on connect, heartbeats (op 2) every interval, an ack (op 5)
// for each subscribe (op 35), dispatches (op 0) pushed by the test, end of stream (op 7)
// and server-side closes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pererecos::emotes::testing {

class FakeSevenTvEvents {
 public:
  explicit FakeSevenTvEvents(std::chrono::milliseconds heartbeat = std::chrono::milliseconds(300));
  ~FakeSevenTvEvents();
  FakeSevenTvEvents(const FakeSevenTvEvents&) = delete;
  FakeSevenTvEvents& operator=(const FakeSevenTvEvents&) = delete;

  std::string url() const;  // ws://127.0.0.1:<port>/v3

  // Sends a text frame to every open connection.
  void send_all(const std::string& text);
  // Every open connection: optionally op 7 (end of stream) first, then the TCP close.
  void close_all(bool end_of_stream);
  // Stops (or resumes) heartbeats on new and open connections.
  void set_heartbeats(bool on);

  int connections() const;         // accepted so far
  int open_connections() const;
  // Every text frame received, "<connection number> <text>", in order.
  std::vector<std::string> received() const;
  // The object ids subscribed (op 35) on connection `n` (1-based), minus those unsubscribed.
  std::vector<std::string> subscribed(int n) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Polls `pred` every 10 ms until it holds or `timeout` passes; returns its last value.
bool eventually(const std::function<bool()>& pred,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace pererecos::emotes::testing
