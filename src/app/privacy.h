// Forgetting a chatter (docs/privacy.md), for the `forget` command and the chat's
// !optout / !optin commands (OPTOUT_COMMAND).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "storage/store.h"

namespace pererecos::app {

// Deletes every message of `logins` (and of every user id seen with them) from `store`,
// durably, and tombstones them so later writes drop their messages. A running server
// notices the store's forget generation (Store::forget_generation(), app/forget_refresh.h).
// Thread-safe as the store is (SqliteStore, PgStore: yes).
Result<ForgetResult> forget_user(Store& store, const std::vector<std::string>& logins,
                                 TimestampMs now_ms);

// Removes the tombstone of `user_id` and/or `login` (either may be empty): new messages
// are stored again. Deleted messages stay deleted.
Status opt_in_user(Store& store, const std::string& user_id, const std::string& login);

}  // namespace pererecos::app
