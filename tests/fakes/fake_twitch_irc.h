// A local stand-in for Twitch's chat server (irc.chat.twitch.tv), for tests. It speaks the
// real protocol: CAP ACK, PASS/NICK login (001-004, 375/372/376 welcome, or `NOTICE * :Login
// authentication failed` for a rejected token), JOIN echo + 353/366 + ROOMSTATE +
// USERSTATE, PING/PONG, RECONNECT; it answers our PING and records our PRIVMSGs.
// Scriptable faults: refuse connections (accept and close at once), drop every connection
// in the middle of a line, stall (stop reading and writing), send RECONNECT, reject tokens,
// refuse JOINs with msg_concurrent_channel_limit_reached. A client's QUIT ends its session
// as Twitch does: what was written until then counts as delivered, the rest is dropped,
// and the server closes the link.
//
// Plain TCP, or TLS with a certificate and key given as PEM files. One thread of its own;
// every method is thread-safe. The TLS URL names 127.0.0.1: the certificate must cover it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace pererecos::testing {

struct FakeTwitchIrcOptions {
  std::uint16_t port = 0;  // 0 = any free port
  std::string cert_file;   // both set = TLS
  std::string key_file;
  std::string room_id = "62300805";  // ROOMSTATE room-id for every channel
  // After RECONNECT the old connection stays open this long, then the server closes it.
  std::chrono::milliseconds reconnect_grace{2000};
  // A session receives the channel's messages from its JOIN on, but the JOIN echo (and
  // 353/366/ROOMSTATE) comes this much later, as with a busy Twitch server.
  std::chrono::milliseconds join_echo_delay{0};
  // Lines kept per channel for history() (the recent-messages service's memory); 0 = all.
  std::size_t history_limit = 0;
};

struct FakeTwitchIrcCounters {
  std::uint64_t connections = 0;        // accepted TCP connections (refused ones included)
  std::uint64_t refused = 0;            // closed at once while refusing
  std::uint64_t logins = 0;             // welcomed logins
  std::uint64_t rejected_logins = 0;    // NOTICE Login authentication failed
  std::uint64_t joins = 0;              // JOINs answered
  std::uint64_t pings_from_client = 0;  // PINGs the client sent us
  std::uint64_t quits = 0;              // QUITs the client sent us (then: flush, close)
  std::size_t live_sessions = 0;        // logged-in connections open now
};

class FakeTwitchIrc {
 public:
  explicit FakeTwitchIrc(FakeTwitchIrcOptions options = {});
  ~FakeTwitchIrc();
  FakeTwitchIrc(const FakeTwitchIrc&) = delete;
  FakeTwitchIrc& operator=(const FakeTwitchIrc&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // "ircs://127.0.0.1:<port>" or "irc://127.0.0.1:<port>"

  // Sends raw chat lines (each a full IRC line without CR LF, naming its channel) to every
  // live session that joined that channel. A PRIVMSG line counts as delivered once it has
  // been written whole to at least one such session. Returns how many lines were written
  // to at least one session. Queued in slices of 1000 lines, so the server goes on
  // answering (PONG, writes) during a large batch.
  std::size_t send_lines(const std::vector<std::string>& lines);
  // Waits until every live session has written everything queued to it (true), or the
  // timeout passes (false). Call before delivered_ids() to see what send_lines wrote.
  bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The `id` tags of the PRIVMSG lines delivered so far (see send_lines), in order, unique.
  std::vector<std::string> delivered_ids() const;
  // Every line given to send_lines for `channel`, whether or not a session had joined it
  // (what a recent-messages service that stays joined holds), oldest first, as that
  // service answers them: with `historical=1` and `rm-received-ts` tags.
  std::vector<std::string> history(const std::string& channel) const;

  // Faults.
  void set_refusing(bool refusing);             // accept and close at once
  void drop_mid_line(const std::string& line);  // write half of `line` to every session, close
  void stall();                                 // current sessions go silent (never answer)
  void send_reconnect();                        // RECONNECT to every session, closed after grace
  void reject_token(const std::string& token);  // PASS oauth:<token> is refused
  void accept_token(const std::string& token);
  // Non-empty: only these tokens log in, any other PASS gets `NOTICE * :Login
  // authentication failed` (like Twitch). Empty: every token not rejected logs in.
  void set_valid_tokens(std::set<std::string> tokens);
  void refuse_join(const std::string& channel);  // msg_concurrent_channel_limit_reached

  // Waits until at least `count` live, not stalled sessions have joined `channel`.
  bool wait_joined(const std::string& channel, std::size_t count,
                   std::chrono::milliseconds timeout);
  FakeTwitchIrcCounters counters() const;
  // Lines the client sent (PRIVMSG, JOIN...), in order, without CR LF; PASS lines redacted.
  std::vector<std::string> received_lines() const;
  // The time of each PRIVMSG the client sent, in order (steady clock).
  std::vector<std::chrono::steady_clock::time_point> privmsg_times() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A line shaped like a live Twitch PRIVMSG (tags as Twitch sends them).
std::string make_privmsg_line(const std::string& channel, const std::string& room_id,
                              const std::string& id, const std::string& login,
                              const std::string& user_id, const std::string& text,
                              std::int64_t sent_ms);

// A recorded line (e.g. from the recent-messages service) made live: the historical and
// rm-received-ts tags removed.
std::string live_line(const std::string& recorded);

}  // namespace pererecos::testing
