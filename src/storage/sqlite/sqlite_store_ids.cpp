// SqliteStore: the channel and sender rows that messages point to, looked up or inserted
// on the write path and cached in memory until a write is rolled back.
#include <sqlite3.h>

#include <functional>
#include <string_view>

#include "storage/sqlite/sqlite_statements.h"
#include "storage/sqlite/sqlite_store.h"

namespace pererecos::storage {
namespace {

// A 64-bit hash of a sender's three fields (a cache key; collisions are checked).
std::uint64_t sender_hash(const ChatMessage& msg) {
  const std::hash<std::string_view> h;
  std::uint64_t x = h(msg.user_id);
  x = (x ^ (x >> 31)) * 0x9e3779b97f4a7c15ULL + h(msg.login);
  x = (x ^ (x >> 29)) * 0xbf58476d1ce4e5b9ULL + h(msg.display_name);
  return x ^ (x >> 32);
}

}  // namespace

Result<std::int64_t> SqliteStore::channel_id(const std::string& login, const std::string& room_id) {
  if (last_channel_id_ != 0 && login == last_channel_login_ && room_id == last_channel_room_) {
    return last_channel_id_;
  }
  std::string key = login;
  key += '\0';
  key += room_id;
  std::int64_t id = 0;
  if (auto it = channel_ids_.find(key); it != channel_ids_.end()) {
    id = it->second;
  } else {
    {
      SqliteStatement& find = stmts_->find_channel;
      StatementResetter reset(find);
      find.bind_text(1, login);
      find.bind_text(2, room_id);
      const int rc = find.step();
      if (rc == SQLITE_ROW) {
        id = find.column_int(0);
      } else if (rc != SQLITE_DONE) {
        return step_error("look up channel");
      }
    }
    if (id == 0) {
      SqliteStatement& insert = stmts_->insert_channel;
      StatementResetter reset(insert);
      insert.bind_text(1, login);
      insert.bind_text(2, room_id);
      if (insert.step() != SQLITE_DONE) return step_error("insert channel");
      id = sqlite3_last_insert_rowid(db_.get());
    }
    channel_ids_.emplace(std::move(key), id);
  }
  last_channel_login_ = login;
  last_channel_room_ = room_id;
  last_channel_id_ = id;
  return id;
}

Result<std::int64_t> SqliteStore::sender_id(const ChatMessage& msg) {
  const std::uint64_t hash = sender_hash(msg);
  const HashedIdTable::Slot* slot = sender_ids_.find(hash);
  if (slot != nullptr) {
    const auto& row = *static_cast<const SenderRow*>(slot->row);
    if (row.user_id == msg.user_id && row.login == msg.login &&
        row.display_name == msg.display_name) {
      return slot->id;
    }
  }
  std::int64_t id = 0;
  {
    SqliteStatement& find = stmts_->find_sender;
    StatementResetter reset(find);
    find.bind_text(1, msg.user_id);
    find.bind_text(2, msg.login);
    find.bind_text(3, msg.display_name);
    const int rc = find.step();
    if (rc == SQLITE_ROW) {
      id = find.column_int(0);
    } else if (rc != SQLITE_DONE) {
      return step_error("look up sender");
    }
  }
  if (id == 0) {
    SqliteStatement& insert = stmts_->insert_sender;
    StatementResetter reset(insert);
    insert.bind_text(1, msg.user_id);
    insert.bind_text(2, msg.login);
    insert.bind_text(3, msg.display_name);
    if (insert.step() != SQLITE_DONE) return step_error("insert sender");
    id = sqlite3_last_insert_rowid(db_.get());
  }
  const SenderRow* row = cache_sender_row(id, SenderRow{msg.user_id, msg.login, msg.display_name});
  if (slot == nullptr) sender_ids_.insert(hash, id, row);
  // else: a hash collision (two senders, one hash); the first keeps the cache entry.
  return id;
}

void SqliteStore::forget_uncommitted() {
  last_channel_id_ = 0;
  channel_ids_.clear();
  sender_ids_.clear();
  channel_rows_.clear();
  sender_rows_.clear();
  sender_index_.clear();
}

}  // namespace pererecos::storage
