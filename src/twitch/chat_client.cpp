#include "twitch/chat_client.h"

#include "twitch/chat_client_impl.h"

namespace pererecos::twitch {

// ---- public face ---------------------------------------------------------------------

Result<std::unique_ptr<ChatClient>> ChatClient::create(ChatClientOptions options, ChatSink& sink,
                                                       TokenSource* tokens) {
  if (options.channels.empty()) {
    return Result<std::unique_ptr<ChatClient>>::failure("no channel to join");
  }
  if (options.timings.channels_per_connection == 0) options.timings.channels_per_connection = 1;
  std::shared_ptr<net::ssl::context> tls;
  if (options.endpoint.tls) {
    auto context = make_tls_context(options.ca_file);
    if (!context) return context.status();
    tls = *context;
  }
  auto impl = std::make_unique<Impl>(std::move(options), sink, tokens, std::move(tls));
  return std::unique_ptr<ChatClient>(new ChatClient(std::move(impl)));
}

ChatClient::ChatClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ChatClient::~ChatClient() { stop(); }
void ChatClient::start() { impl_->start(); }
void ChatClient::stop() { impl_->stop(); }
ChatClientStatus ChatClient::status() const { return impl_->status(); }
void ChatClient::send_message(const std::string& channel, const std::string& text) {
  impl_->send_message(channel, text);
}

// ---- lifecycle -----------------------------------------------------------------------

ChatClient::Impl::Impl(ChatClientOptions options, ChatSink& sink, TokenSource* tokens,
                       std::shared_ptr<net::ssl::context> tls)
    : options_(std::move(options)),
      sink_(sink),
      tokens_(tokens),
      tls_(std::move(tls)),
      joins_(options_.timings.joins_per_window, options_.timings.join_window),
      rng_(options_.seed != 0 ? options_.seed : std::random_device{}()) {
  const std::size_t per = options_.timings.channels_per_connection;
  for (std::size_t i = 0; i < options_.channels.size(); ++i) {
    if (i % per == 0) {
      auto slot = std::make_unique<Slot>();
      slot->index = slots_.size();
      slot->wake = std::make_unique<net::steady_timer>(ioc_);
      slot->backoff = std::make_unique<Backoff>(options_.timings.backoff_base,
                                                options_.timings.backoff_cap, rng_());
      slots_.push_back(std::move(slot));
    }
    slots_.back()->channels.push_back(options_.channels[i]);
    ChannelStatus s;
    s.channel = options_.channels[i];
    s.not_joined_since_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
    index_[s.channel] = status_.channels.size();
    status_.channels.push_back(std::move(s));
  }
  status_.anonymous = tokens_ == nullptr;
}

void ChatClient::Impl::start() {
  if (started_) return;
  started_ = true;
  work_.emplace(ioc_.get_executor());
  if (tokens_) {
    tokens_->set_on_change([this] {
      net::post(ioc_, [this] {
        ++credential_changes_;
        for (auto& slot : slots_) slot->wake->cancel();
      });
    });
  }
  running_slots_ = slots_.size();
  for (auto& slot : slots_) {
    Slot* s = slot.get();
    net::co_spawn(ioc_, [this, s]() { return run_slot(*s); }, [this](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::error("chat: connection loop failed: {}", ex.what());
        }
      }
      std::lock_guard lock(done_mutex_);
      --running_slots_;
      done_cv_.notify_all();
    });
  }
  thread_ = std::thread([this] { ioc_.run(); });
}

void ChatClient::Impl::stop() {
  if (stopped_.exchange(true)) return;
  if (!started_) return;
  if (tokens_) tokens_->set_on_change({});
  // Every session sends QUIT and delivers what the server still sends until it closes the
  // link (or shutdown_drain passes): nothing the server wrote before our QUIT is lost.
  net::post(ioc_, [this] {
    stopping_ = true;
    for (auto& session : std::vector(live_sessions_)) {
      session->conn->quit(options_.timings.shutdown_drain, "stopping");
    }
    for (auto& slot : slots_) slot->wake->cancel();
  });
  {
    std::unique_lock lock(done_mutex_);
    done_cv_.wait_for(lock, 5 * options_.timings.shutdown_drain + std::chrono::seconds(5),
                      [&] { return running_slots_ == 0; });
  }
  work_.reset();
  ioc_.stop();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(status_mutex_);
  for (auto& c : status_.channels) {
    c.joined = false;
    c.state = "stopped";
  }
  status_.connections_open = 0;
}

ChatClientStatus ChatClient::Impl::status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

void ChatClient::Impl::send_message(const std::string& channel, const std::string& text) {
  net::post(ioc_, [this, channel, text] {
    for (auto& slot : slots_) {
      const auto& session = slot->current;
      if (!session || session->anonymous || session->closed || !session->joined.count(channel)) {
        continue;
      }
      std::string clean = text;
      for (char& c : clean) {
        if (c == '\r' || c == '\n') c = ' ';
      }
      session->conn->send("PRIVMSG #" + channel + " :" + clean);
      return;
    }
  });
}

// ---- connection loops ----------------------------------------------------------------

net::awaitable<void> ChatClient::Impl::wait_until(Slot& slot, SteadyClock::time_point deadline,
                                                  const std::function<bool()>& done) {
  while (!stopping_ && !done() && SteadyClock::now() < deadline) {
    error_code ignored;
    slot.wake->expires_at(deadline);
    co_await slot.wake->async_wait(net::redirect_error(net::use_awaitable, ignored));
  }
}

net::awaitable<void> ChatClient::Impl::sleep_backoff(Slot& slot, const std::string& why,
                                                     bool or_new_credentials) {
  const auto ceiling = slot.backoff->ceiling();
  const auto delay = slot.backoff->next();
  spdlog::warn("chat: {}; reconnecting in {:.1f} s (back-off {} of up to {:.1f} s)", why,
               static_cast<double>(delay.count()) / 1000.0, slot.backoff->failures(),
               static_cast<double>(ceiling.count()) / 1000.0);
  set_slot_state(slot, false, or_new_credentials ? "auth_failed" : "reconnecting", why);
  const std::uint64_t changes = credential_changes_;
  co_await wait_until(slot, SteadyClock::now() + delay, [&] {
    return or_new_credentials && credential_changes_ != changes;
  });
}

std::string ChatClient::Impl::anonymous_nick() {
  std::uniform_int_distribution<int> digits(10000, 99999999);
  return "justinfan" + std::to_string(digits(rng_));
}

std::shared_ptr<Session> ChatClient::Impl::open_session(Slot& slot) {
  auto session = std::make_shared<Session>();
  session->id = next_session_id_++;
  session->slot = slot.index;
  Credentials creds;
  if (tokens_) creds = tokens_->credentials();
  session->anonymous = creds.token.empty();
  session->nick = session->anonymous ? anonymous_nick() : creds.login;
  if (!session->anonymous && session->nick.empty()) session->nick = "pererecos";
  session->conn = std::make_shared<IrcConnection>(
      ioc_.get_executor(), make_transport(ioc_.get_executor(), options_.endpoint, tls_),
      options_.timings);
  live_sessions_.push_back(session);
  {
    std::lock_guard lock(status_mutex_);
    ++status_.connect_attempts;
    status_.anonymous = session->anonymous;
    status_.login = session->anonymous ? "" : session->nick;
  }
  Session* raw = session.get();
  session->conn->set_read_end_handler([this] { flush_messages(); });
  session->conn->start(
      [this, raw](bool ok, const std::string&) {
        raw->connected = ok;
        if (ok) {
          std::lock_guard lock(status_mutex_);
          ++status_.connections_open;
        }
        notify(raw->slot);
      },
      [this, raw](std::string_view line, TimestampMs received) {
        handle_line(*raw, line, received);
      },
      [this, raw](const std::string& reason) { on_session_closed(*raw, reason); });
  // Queued now, written once connected.
  session->conn->send("CAP REQ :twitch.tv/tags twitch.tv/commands");
  if (!session->anonymous) session->conn->send("PASS oauth:" + creds.token);
  session->conn->send("NICK " + session->nick);
  return session;
}

void ChatClient::Impl::on_session_closed(Session& session, const std::string& reason) {
  flush_messages();  // what it read before closing, ahead of on_left
  const bool was_connected = session.connected;
  session.closed = true;
  session.close_reason = reason;
  // Keep the session alive until this function returns: live_sessions_ may hold the last
  // reference.
  std::shared_ptr<Session> keep;
  for (auto& s : live_sessions_) {
    if (s.get() == &session) keep = s;
  }
  std::erase_if(live_sessions_, [&](const auto& s) { return s.get() == &session; });
  if (was_connected) {
    std::lock_guard lock(status_mutex_);
    if (status_.connections_open > 0) --status_.connections_open;
  }
  Slot& slot = *slots_[session.slot];
  if (slot.current.get() == &session && !stopping_) {
    set_slot_state(slot, false, "reconnecting", reason);
  }
  notify(session.slot);
}

// Opens a connection, logs in and joins every channel of the slot. Retries (with
// back-off) until it succeeds or the client stops (then null).
net::awaitable<std::shared_ptr<Session>> ChatClient::Impl::establish(Slot& slot) {
  const ChatTimings& t = options_.timings;
  while (!stopping_) {
    // At most one new connection per connection_open_interval, over the whole pool.
    co_await wait_until(slot, next_open_, [] { return false; });
    if (stopping_) break;
    next_open_ = SteadyClock::now() + t.connection_open_interval;

    if (!slot.current || slot.current->closed) set_slot_state(slot, false, "connecting", "");
    auto session = open_session(slot);
    Session& s = *session;
    co_await wait_until(slot, SteadyClock::now() + t.connect_timeout + t.login_timeout, [&] {
      return s.welcomed || s.closed || !s.login_failure.empty();
    });
    if (stopping_) break;
    if (!s.welcomed) {
      std::string why;
      if (!s.login_failure.empty()) {
        why = "Twitch refused the login: " + s.login_failure;
        last_login_failure_ = s.login_failure;
        set_slot_state(slot, false, "auth_failed", why);
        if (tokens_) tokens_->report_login_failure(s.login_failure);
      } else if (s.closed) {
        why = s.close_reason;
      } else {
        why = s.connected ? "no welcome from the server in time" : "connect timed out";
      }
      s.conn->close(why);
      set_client_error(why);
      co_await sleep_backoff(slot, why, !s.login_failure.empty());
      continue;
    }

    // JOIN every channel not refused for good, paced for the whole account.
    for (const std::string& channel : slot.channels) {
      if (refused_for_good_.count(channel)) continue;
      for (;;) {
        const auto now = SteadyClock::now();
        const auto at = joins_.next_allowed(now);
        if (at <= now || stopping_ || s.closed) break;
        co_await wait_until(slot, at, [&] { return s.closed; });
      }
      if (stopping_ || s.closed) break;
      joins_.record(SteadyClock::now());
      s.conn->send("JOIN #" + channel);
    }
    auto all_answered = [&] {
      for (const std::string& channel : slot.channels) {
        if (!s.joined.count(channel) && !s.refused.count(channel) &&
            !refused_for_good_.count(channel)) {
          return false;
        }
      }
      return true;
    };
    co_await wait_until(slot, SteadyClock::now() + t.join_timeout,
                        [&] { return s.closed || all_answered(); });
    if (stopping_) break;
    if (s.closed) {
      co_await sleep_backoff(slot, s.close_reason);
      continue;
    }
    for (const std::string& channel : slot.channels) {
      if (!s.joined.count(channel) && !s.refused.count(channel) &&
          !refused_for_good_.count(channel)) {
        spdlog::warn("chat: #{}: no JOIN answer within {} ms; retried at the next connection",
                     channel, t.join_timeout.count());
        set_channel_state(channel, false, "connecting", "no answer to JOIN");
      }
    }
    slot.backoff->reset();
    co_return session;
  }
  co_return nullptr;
}

net::awaitable<void> ChatClient::Impl::run_slot(Slot& slot) {
  while (!stopping_) {
    auto session = co_await establish(slot);
    if (!session) break;
    auto old = std::move(slot.current);
    slot.current = session;
    if (old && !old->closed) {
      spdlog::info("chat: the new connection joined every channel; closing the old one");
      old->conn->close("replaced after RECONNECT");
    }
    co_await wait_until(slot, SteadyClock::time_point::max(),
                        [&] { return session->closed || session->reconnect_requested; });
    if (stopping_) break;
    if (session->closed) {
      set_client_error(session->close_reason);
      co_await sleep_backoff(slot, session->close_reason);
    } else {
      spdlog::info("chat: Twitch asked us to RECONNECT; opening a new connection first");
    }
  }
  // Stopping: this slot's sessions are draining (stop()); wait until they have closed.
  const auto drained_by = SteadyClock::now() + 5 * options_.timings.shutdown_drain +
                          std::chrono::milliseconds(500);
  auto draining = [&] {
    for (auto& s : live_sessions_) {
      if (s->slot == slot.index && !s->closed) return true;
    }
    return false;
  };
  while (draining() && SteadyClock::now() < drained_by) {
    error_code ignored;
    slot.wake->expires_at(drained_by);
    co_await slot.wake->async_wait(net::redirect_error(net::use_awaitable, ignored));
  }
  for (auto& s : std::vector(live_sessions_)) {
    if (s->slot == slot.index) s->conn->close("stopping");
  }
  slot.current.reset();
}

// ---- status --------------------------------------------------------------------------

void ChatClient::Impl::set_channel_state(const std::string& channel, bool joined,
                                         const std::string& state, const std::string& error) {
  bool left = false;
  {
    std::lock_guard lock(status_mutex_);
    auto it = index_.find(channel);
    if (it == index_.end()) return;
    ChannelStatus& c = status_.channels[it->second];
    left = !joined && (c.joined || (state == "refused" && c.state != "refused"));
    if (joined) {
      c.not_joined_since_ms = 0;
    } else if (c.not_joined_since_ms == 0) {
      c.not_joined_since_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
    }
    c.joined = joined;
    c.state = state;
    if (!error.empty()) c.last_error = error;
  }
  if (left && !stopping_) {
    flush_messages();
    sink_.on_left(channel, state);
  }
}

void ChatClient::Impl::set_slot_state(const Slot& slot, bool joined, const std::string& state,
                                      const std::string& error) {
  for (const std::string& channel : slot.channels) {
    if (refused_for_good_.count(channel)) continue;
    set_channel_state(channel, joined, state, error);
  }
}

void ChatClient::Impl::set_client_error(const std::string& error) {
  std::lock_guard lock(status_mutex_);
  status_.last_error = error;
}

}  // namespace pererecos::twitch
