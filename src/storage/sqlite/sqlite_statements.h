// Internal to the SQLite store: its prepared statements and the column layouts they
// share. Not for use outside src/storage/sqlite/.
#pragma once

#include <string>

#include "storage/sqlite/id_codec.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_store.h"

namespace pererecos::storage {

// Columns of every message query, in this order (read_message_row relies on it).
inline constexpr char kMessageColumns[] =
    "ts, id, seq, channel, sender, text, emotes, reply_login, reply_msg_id, bits, flags";
inline constexpr int kMessageColumnCount = 11;
inline constexpr int kColTs = 0, kColId = 1, kColSeq = 2, kColChannel = 3, kColSender = 4;
// Rows per multi-row INSERT of messages.
inline constexpr std::size_t kInsertChunk = 32;
inline constexpr char kModerationColumns[] =
    "channel, room_id, ts, kind, target_user_id, target_login, target_msg_id, duration_s, seq";

// Bits of messages.flags.
inline constexpr std::int64_t kFlagFirstMsg = 1;
inline constexpr std::int64_t kFlagAction = 2;
// The message has Shared Chat source fields, in table shared_chat (schema version 3).
inline constexpr std::int64_t kFlagSharedChat = 4;

// Binds an id in its compact form (id_codec.h). `enc` must outlive the statement's step.
inline void bind_id(SqliteStatement& stmt, int index, const EncodedId& enc) {
  if (enc.form == EncodedId::Form::kText) {
    stmt.bind_text(index, enc.text);
  } else {
    stmt.bind_blob(index, enc.bytes.data(), enc.blob_size());
  }
}

// Reads an id stored by bind_id back into `out`.
inline void read_id(const SqliteStatement& stmt, int col, std::string& out) {
  if (stmt.column_type(col) == SQLITE_BLOB) {
    decode_id_blob(stmt.column_bytes(col), out);
  } else {
    out.assign(stmt.column_bytes(col));
  }
}

struct SqliteStore::Statements {
  SqliteStatement begin_write, begin_read, commit, get_counter, set_counter, add_counter;
  SqliteStatement insert_message, insert_message_chunk, message_seq;
  SqliteStatement insert_shared_chat, find_shared_chat;
  SqliteStatement insert_moderation, insert_log;
  SqliteStatement find_channel, insert_channel, find_sender, insert_sender;
  SqliteStatement channel_by_id, sender_by_id, all_senders, upsert_login, logins_of_user;
  SqliteStatement scan_from_ts, scan_ts_range, log_after_seq, user_messages_before;
  SqliteStatement scan_moderation, scan_moderation_after_seq;
  SqliteStatement insert_feedback, put_emote_set, get_emote_set, put_setting, get_setting;

  // Prepares every statement; the first failure is returned.
  Status prepare_all(SqliteDb& db);
};

}  // namespace pererecos::storage
