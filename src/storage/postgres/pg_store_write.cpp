// PgStore: the write path (interning, staging through COPY, insert-if-absent).
#include <string_view>

#include "core/message_identity.h"
#include "storage/postgres/pg_copy.h"
#include "storage/postgres/pg_store.h"

namespace pererecos::storage {
namespace {

constexpr std::int32_t kFlagFirstMsg = 1;  // messages.flags, as in SQLite
constexpr std::int32_t kFlagAction = 2;

std::string channel_key(const ChatMessage& m) {
  std::string key;
  key.reserve(m.channel.size() + m.room_id.size() + 1);
  key.append(m.channel).push_back('\0');
  key.append(m.room_id);
  return key;
}

std::string sender_key(const ChatMessage& m) {
  std::string key;
  key.reserve(m.user_id.size() + m.login.size() + m.display_name.size() + 2);
  key.append(m.user_id).push_back('\0');
  key.append(m.login).push_back('\0');
  key.append(m.display_name);
  return key;
}

// The first occurrence in the batch (lowest ord) of each identity not yet stored gets the
// next seq, in batch order.
constexpr char kInsertMessages[] = R"sql(
WITH fresh AS (
  SELECT DISTINCT ON (s.ts, s.id) s.* FROM stage_messages s
  WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.ts = s.ts AND m.id = s.id)
  ORDER BY s.ts, s.id, s.ord),
ins AS (
  INSERT INTO messages(ts, id, seq, channel, sender, text, emotes, reply_login, reply_msg_id,
                       bits, flags)
  SELECT ts, id, $1::bigint + row_number() OVER (ORDER BY ord), channel, sender, text, emotes,
         reply_login, reply_msg_id, bits, flags
  FROM fresh ORDER BY ord
  RETURNING 1)
SELECT count(*) FROM ins
)sql";

constexpr char kInsertModeration[] = R"sql(
WITH fresh AS (
  SELECT DISTINCT ON (s.channel, s.ts, s.kind, s.target_user_id, s.target_login, s.target_msg_id)
         s.*
  FROM stage_moderation s
  WHERE NOT EXISTS (
    SELECT 1 FROM moderation m
    WHERE m.channel = s.channel AND m.ts = s.ts AND m.kind = s.kind
      AND m.target_user_id = s.target_user_id AND m.target_login = s.target_login
      AND m.target_msg_id = s.target_msg_id)
  ORDER BY s.channel, s.ts, s.kind, s.target_user_id, s.target_login, s.target_msg_id, s.ord),
ins AS (
  INSERT INTO moderation(channel, ts, kind, target_user_id, target_login, target_msg_id,
                         room_id, duration_s, seq)
  SELECT channel, ts, kind, target_user_id, target_login, target_msg_id, room_id, duration_s,
         $1::bigint + row_number() OVER (ORDER BY ord)
  FROM fresh
  RETURNING 1)
SELECT count(*) FROM ins
)sql";

}  // namespace

Status PgStore::intern_channels(const std::vector<ChatMessage>& messages) {
  channel_of_.resize(messages.size());
  const ChatMessage* last = nullptr;
  std::int64_t last_id = 0;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const ChatMessage& m = messages[i];
    if (last != nullptr && m.channel == last->channel && m.room_id == last->room_id) {
      channel_of_[i] = last_id;
      continue;
    }
    std::string key = channel_key(m);
    auto it = channel_ids_.find(key);
    if (it == channel_ids_.end()) {
      // Rare (a new channel): two autocommit statements, so the SELECT sees a row another
      // instance committed meanwhile.
      const std::vector<PgConnection::BinaryParam> params = {{m.channel, PgConnection::kBytea},
                                                             {m.room_id, PgConnection::kBytea}};
      auto ins = conn_->query_binary(
          "INSERT INTO channels(login, room_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", params);
      if (!ins) return ins.status();
      auto sel =
          conn_->query_binary("SELECT id FROM channels WHERE login = $1 AND room_id = $2", params);
      if (!sel) return sel.status();
      if (sel->rows() != 1) return conn_->error("channel " + m.channel + " not found after insert");
      const std::int64_t id = sel->bin_int64(0, 0);
      channel_rows_.try_emplace(id, ChannelRow{m.channel, m.room_id});
      it = channel_ids_.emplace(std::move(key), id).first;
    }
    last = &m;
    last_id = it->second;
    channel_of_[i] = last_id;
  }
  return Status::ok();
}

Status PgStore::intern_senders(const std::vector<ChatMessage>& messages) {
  sender_of_.assign(messages.size(), 0);
  std::unordered_map<std::string, std::vector<std::size_t>> missing;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    std::string key = sender_key(messages[i]);
    if (auto it = sender_ids_.find(key); it != sender_ids_.end()) {
      sender_of_[i] = it->second;
    } else {
      missing[std::move(key)].push_back(i);
    }
  }
  if (missing.empty()) return Status::ok();
  PgCopyWriter copy;
  for (const auto& [key, uses] : missing) {
    const ChatMessage& m = messages[uses.front()];
    copy.begin_row(3);
    copy.bytes(m.user_id);
    copy.bytes(m.login);
    copy.bytes(m.display_name);
  }
  // Committed on its own (before the batch's transaction): an interned id never names a
  // rolled-back row, whatever happens to the batch. The commit does not wait for the disk
  // (synchronous_commit off): the batch's own commit, later in the WAL, flushes it, and a
  // server crash that loses it also ends this connection, which forgets every interned id
  // (ensure_session), so no id of a lost row is ever used.
  Status s = conn_->exec("BEGIN; SET LOCAL synchronous_commit = off");
  if (s) s = conn_->copy_in("COPY stage_senders FROM STDIN (FORMAT binary)", copy.finish());
  if (s) {
    s = conn_->exec(
        "INSERT INTO senders(user_id, login, display_name)"
        " SELECT DISTINCT user_id, login, display_name FROM stage_senders ON CONFLICT DO NOTHING");
  }
  Result<PgResult> rows = Status::error("not run");
  if (s) {
    rows = conn_->query_binary(
        "SELECT s.id, s.user_id, s.login, s.display_name FROM senders s JOIN stage_senders t"
        " ON s.user_id = t.user_id AND s.login = t.login AND s.display_name = t.display_name",
        {});
    if (!rows) s = rows.status();
  }
  if (s) s = conn_->exec("COMMIT");
  if (!s) {
    if (conn_->is_ok()) (void)conn_->exec("ROLLBACK");
    return s;
  }
  for (int r = 0; r < rows->rows(); ++r) {
    const std::int64_t id = rows->bin_int64(r, 0);
    SenderRow row{std::string(rows->bytes(r, 1)), std::string(rows->bytes(r, 2)),
                  std::string(rows->bytes(r, 3))};
    std::string key = row.user_id;
    key.push_back('\0');
    key.append(row.login).push_back('\0');
    key.append(row.display_name);
    auto it = missing.find(key);
    if (it == missing.end()) continue;
    for (const std::size_t i : it->second) sender_of_[i] = id;
    sender_ids_.emplace(std::move(key), id);
    cache_sender(id, std::move(row));
  }
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (sender_of_[i] == 0) return conn_->error("sender " + messages[i].login + " not interned");
  }
  return Status::ok();
}

Status PgStore::intern(const std::vector<ChatMessage>& messages) {
  if (Status s = intern_channels(messages); !s) return s;
  return intern_senders(messages);
}

Result<WriteCounts> PgStore::write(const std::vector<ChatMessage>& messages,
                                   const std::vector<ModerationEvent>& moderation) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  auto result = write_locked(messages, moderation);
  if (!result && conn_->is_ok()) (void)conn_->exec("ROLLBACK");
  return result;
}

Result<WriteCounts> PgStore::write_locked(const std::vector<ChatMessage>& messages,
                                          const std::vector<ModerationEvent>& moderation) {
  if (Status s = intern(messages); !s) return s;
  PgCopyWriter copy;
  std::string id, reply_id, derived;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const ChatMessage& m = messages[i];
    std::string_view identity = m.id;
    if (identity.empty()) {
      derived = message_identity(m);
      identity = derived;
    }
    encode_pg_id(identity, id);
    encode_pg_id(m.reply_parent_msg_id, reply_id);
    copy.begin_row(11);
    copy.int32(static_cast<std::int32_t>(i));
    copy.int64(m.timestamp_ms);
    copy.bytes(id);
    copy.int64(channel_of_[i]);
    copy.int64(sender_of_[i]);
    copy.bytes(m.text);
    copy.bytes(m.emotes);
    copy.bytes(m.reply_parent_login);
    copy.bytes(reply_id);
    copy.int64(m.bits);
    copy.int32((m.first_msg ? kFlagFirstMsg : 0) | (m.action ? kFlagAction : 0));
  }
  if (Status s = conn_->exec("BEGIN"); !s) return s;
  if (!messages.empty()) {
    if (Status s = conn_->copy_in("COPY stage_messages FROM STDIN (FORMAT binary)", copy.finish());
        !s) {
      return s;
    }
  }
  if (!moderation.empty()) {
    PgCopyWriter mods;
    for (std::size_t i = 0; i < moderation.size(); ++i) {
      const ModerationEvent& ev = moderation[i];
      mods.begin_row(9);
      mods.int32(static_cast<std::int32_t>(i));
      mods.bytes(ev.channel);
      mods.bytes(ev.room_id);
      mods.int64(ev.timestamp_ms);
      mods.int32(static_cast<std::int32_t>(ev.kind));
      mods.bytes(ev.target_user_id);
      mods.bytes(ev.target_login);
      mods.bytes(ev.target_msg_id);
      mods.int64(ev.duration_s);
    }
    if (Status s = conn_->copy_in("COPY stage_moderation FROM STDIN (FORMAT binary)", mods.finish());
        !s) {
      return s;
    }
  }
  // The sequence lock: held from here to COMMIT, so seqs are allocated and become visible
  // in order across every writer.
  auto locked = conn_->query("SELECT value FROM counters WHERE name = 'last_seq' FOR UPDATE");
  if (!locked) return locked.status();
  if (locked->rows() != 1) return conn_->error("counter last_seq missing");
  const std::int64_t last_seq = locked->int64(0, 0);
  WriteCounts counts;
  if (!messages.empty()) {
    auto stored = conn_->query(kInsertMessages, {std::to_string(last_seq)});
    if (!stored) return stored.status();
    counts.messages_stored = static_cast<std::uint64_t>(stored->int64(0, 0));
    counts.messages_duplicate = messages.size() - counts.messages_stored;
  }
  const std::int64_t after_messages = last_seq + static_cast<std::int64_t>(counts.messages_stored);
  if (!moderation.empty()) {
    auto stored = conn_->query(kInsertModeration, {std::to_string(after_messages)});
    if (!stored) return stored.status();
    counts.moderation_stored = static_cast<std::uint64_t>(stored->int64(0, 0));
    counts.moderation_duplicate = moderation.size() - counts.moderation_stored;
  }
  const std::int64_t new_last_seq =
      after_messages + static_cast<std::int64_t>(counts.moderation_stored);
  if (new_last_seq != last_seq) {
    auto updated = conn_->query(
        "UPDATE counters SET value = CASE name WHEN 'last_seq' THEN $1::bigint"
        " ELSE value + $2::bigint END WHERE name IN ('last_seq', 'messages')",
        {std::to_string(new_last_seq), std::to_string(counts.messages_stored)});
    if (!updated) return updated.status();
  }
  if (Status s = conn_->exec("COMMIT"); !s) return s;
  counts.last_seq = new_last_seq;
  return counts;
}

}  // namespace pererecos::storage
