// `pererecos-stats forget LOGIN...` and `optin` (docs/privacy.md): the chat commands
// !optout / !optin call forget_user() / opt_in_user() too.
#include <iostream>

#include "app/commands.h"
#include "app/privacy.h"
#include "core/clock.h"
#include "storage/store.h"

namespace pererecos::app {

Result<ForgetResult> forget_user(Store& store, const std::vector<std::string>& logins,
                                 TimestampMs now_ms) {
  return store.forget(logins, now_ms);
}

Status opt_in_user(Store& store, const std::string& user_id, const std::string& login) {
  return store.opt_in(user_id, login);
}

int run_forget_command(const Config& config, const ForgetCommandOptions& options) {
  auto store = open_store(config.database_url);
  if (!store) {
    std::cerr << "pererecos-stats: cannot open the database: " << store.error() << "\n";
    return 1;
  }
  if (options.opt_in) {
    for (const std::string& login : options.logins) {
      if (Status s = opt_in_user(**store, "", login); !s) {
        std::cerr << "pererecos-stats: " << s.message() << "\n";
        return 1;
      }
      std::cout << "opted in: " << login << " (new messages are stored again)\n";
    }
    return 0;
  }
  SystemClock clock;
  auto result = forget_user(**store, options.logins, clock.now_ms());
  if (!result) {
    std::cerr << "pererecos-stats: " << result.error() << "\n";
    return 1;
  }
  std::cout << "forgot " << result->messages_deleted << " messages of";
  for (const std::string& login : options.logins) std::cout << " " << login;
  std::cout << " (user ids:";
  for (const std::string& id : result->user_ids) std::cout << " " << id;
  std::cout << "); their later messages will not be stored\n";
  return 0;
}

}  // namespace pererecos::app
