// Where the chat client gets its login. Anonymous reading needs none.
#pragma once

#include <functional>
#include <string>

namespace pererecos::twitch {

struct Credentials {
  std::string login;   // lowercase; empty = anonymous (justinfan<digits>)
  std::string token;   // access token without "oauth:"; empty = anonymous
};

// Implemented by TokenManager (twitch/token_manager.h) and by tests.
// Thread-safe; neither call may block for long (the client calls them on its I/O thread).
class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // The credentials to log in with now.
  virtual Credentials credentials() = 0;
  // Twitch refused the login with `notice` (e.g. "Login authentication failed"). The
  // source may refresh the token in the background; the client retries after a back-off
  // with whatever credentials() then returns.
  virtual void report_login_failure(const std::string& notice) = 0;
  // `fn` is called (on any thread; it must not block) whenever credentials() changes, e.g.
  // after a refresh, so that a login waiting out a back-off can retry at once. Empty = no
  // callback. Sources whose credentials never change may ignore it.
  virtual void set_on_change(std::function<void()> fn) { (void)fn; }
};

// A token shown in logs and /health: its first 4 characters and its length, never whole.
std::string redact_token(const std::string& token);

}  // namespace pererecos::twitch
