// ChatClient: reads Twitch chat for a list of channels and delivers it to a ChatSink.
//
// - Channels are spread over a pool of connections (at most channels_per_connection
//   each); a new connection is opened at most every connection_open_interval; JOINs are
//   paced to joins_per_window per join_window for the whole account.
// - Login: CAP REQ tags+commands, then PASS/NICK from the TokenSource, or anonymous
//   (justinfan<digits>) without one. A refused login is reported to the TokenSource and
//   retried after a back-off.
// - A JOIN refused by Twitch (NOTICE msg_concurrent_channel_limit_reached, suspended,
//   banned...) is reported in the channel's status and not retried.
// - On RECONNECT the connection stays open while a new one logs in and joins every
//   channel; only then is the old one closed (messages seen on both are delivered once).
// - A drop, refusal, TLS failure or dead link (IrcConnection) is retried with exponential
//   back-off and full jitter (timings.backoff_base .. backoff_cap); never a tight loop.
//
// Threads: one I/O thread of its own, started by start(). The sink is called on it.
// status(), send_message() and stop() may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "twitch/chat_sink.h"
#include "twitch/chat_status.h"
#include "twitch/chat_timings.h"
#include "twitch/irc_endpoint.h"
#include "twitch/token_source.h"

namespace pererecos::twitch {

class ReplyPolicy;  // twitch/stats_command.h

struct ChatClientOptions {
  IrcEndpoint endpoint;               // parse_irc_url(TWITCH_IRC_URL)
  std::string ca_file;                // TWITCH_IRC_CA_FILE: extra trusted CA (PEM); may be empty
  std::vector<std::string> channels;  // lowercase logins without '#'; at least one
  ChatTimings timings;
  std::uint64_t seed = 0;  // back-off jitter and anonymous nick digits; 0 = random
  // Optional: decides replies to chat commands (!stats). Must outlive the client; called on
  // the I/O thread. Never used when anonymous.
  ReplyPolicy* replies = nullptr;
};

class ChatClient {
 public:
  // `sink` and `tokens` (null = anonymous) must outlive the client. Error when the
  // options are invalid (no channel, unreadable CA file).
  static Result<std::unique_ptr<ChatClient>> create(ChatClientOptions options, ChatSink& sink,
                                                    TokenSource* tokens);
  ~ChatClient();  // stop()
  ChatClient(const ChatClient&) = delete;
  ChatClient& operator=(const ChatClient&) = delete;

  // Starts the I/O thread and the connections. Call once.
  void start();
  // Closes every connection and joins the I/O thread; no sink call after it returns.
  // Idempotent.
  void stop();

  ChatClientStatus status() const;

  // Queues a chat message in `channel` (PRIVMSG) on the connection that joined it.
  // Ignored when anonymous or when the channel is not joined. No rate limit here: the
  // caller keeps to Twitch's (see ReplyPolicy).
  void send_message(const std::string& channel, const std::string& text);

  class Impl;

 private:
  explicit ChatClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pererecos::twitch
