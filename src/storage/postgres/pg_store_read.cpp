// PgStore: the read path (snapshots, streamed scans, the interned-row caches, login
// history).
#include <algorithm>
#include <utility>

#include "storage/postgres/pg_copy.h"
#include "storage/postgres/pg_store.h"

namespace pererecos::storage {
namespace {

constexpr char kMessageColumns[] =
    "ts, id, seq, channel, sender, text, emotes, reply_login, reply_msg_id, bits, flags";
constexpr char kModerationColumns[] =
    "channel, room_id, ts, kind, target_user_id, target_login, target_msg_id, duration_s, seq";
constexpr std::int64_t kFlagFirstMsg = 1, kFlagAction = 2;
constexpr std::int64_t kFlatSenderIds = std::int64_t{1} << 24;
// A follower's scan by seq reads this many seqs per query, so no single sort is large.
constexpr std::int64_t kSeqWindow = 65536;

std::string copy_of(const std::string& select) {
  return "COPY (" + select + ") TO STDOUT (FORMAT binary)";
}

}  // namespace

struct PgStore::RawMessage {
  std::int64_t ts = 0, seq = 0, channel = 0, sender = 0, bits = 0, flags = 0;
  std::string_view id, text, emotes, reply_login, reply_msg_id;
};

const PgStore::SenderRow* PgStore::cache_sender(std::int64_t id, SenderRow row) {
  auto [it, inserted] = sender_rows_.try_emplace(id, std::move(row));
  const SenderRow* p = &it->second;
  if (id >= 0 && id < kFlatSenderIds) {
    const auto index = static_cast<std::size_t>(id);
    if (index >= sender_index_.size()) {
      sender_index_.resize(std::max(index + 1, sender_index_.size() * 2), nullptr);
    }
    sender_index_[index] = p;
  }
  max_sender_id_ = std::max(max_sender_id_, id);
  return p;
}

Result<const PgStore::ChannelRow*> PgStore::channel_row(std::int64_t id) const {
  if (auto it = channel_rows_.find(id); it != channel_rows_.end()) return &it->second;
  return conn_->error("channel " + std::to_string(id) + " missing");
}

Result<const PgStore::SenderRow*> PgStore::sender_row(std::int64_t id) const {
  if (id >= 0 && static_cast<std::uint64_t>(id) < sender_index_.size()) {
    if (const SenderRow* p = sender_index_[static_cast<std::size_t>(id)]) return p;
  } else if (auto it = sender_rows_.find(id); it != sender_rows_.end()) {
    return &it->second;
  }
  return conn_->error("sender " + std::to_string(id) + " missing");
}

Status PgStore::refresh_channels() {
  auto n = conn_->query("SELECT count(*) FROM channels");
  if (!n) return n.status();
  if (static_cast<std::size_t>(n->int64(0, 0)) == channel_rows_.size()) return Status::ok();
  auto rows = conn_->query_binary("SELECT id, login, room_id FROM channels", {});
  if (!rows) return rows.status();
  for (int r = 0; r < rows->rows(); ++r) {
    channel_rows_.try_emplace(rows->bin_int64(r, 0), ChannelRow{std::string(rows->bytes(r, 1)),
                                                                std::string(rows->bytes(r, 2))});
  }
  return Status::ok();
}

Status PgStore::refresh_senders() {
  auto count = conn_->query("SELECT count(*) FROM senders");
  if (!count) return count.status();
  const auto want = static_cast<std::size_t>(count->int64(0, 0));
  // Usually only newer ids are missing; ids committed out of order (another instance)
  // can leave older gaps, which a full reload fills.
  for (int attempt = 0; attempt < 2 && sender_rows_.size() != want; ++attempt) {
    if (attempt == 1) {
      sender_rows_.clear();
      sender_index_.clear();
      max_sender_id_ = 0;
    }
    bool need_header = true;
    PgCopyRow row;
    Status s =
        conn_->copy_out(copy_of("SELECT id, user_id, login, display_name FROM senders WHERE id > " +
                                std::to_string(max_sender_id_)),
                        [&](std::string_view chunk, bool&) {
                          const auto kind = row.start(chunk, need_header);
                          if (kind == PgCopyRow::kBad)
                            return conn_->error("malformed COPY row (senders)");
                          if (kind == PgCopyRow::kNone) return Status::ok();
                          const std::int64_t id = row.int64();
                          SenderRow sender{std::string(row.bytes()), std::string(row.bytes()),
                                           std::string(row.bytes())};
                          if (!row.ok()) return conn_->error("malformed COPY row (senders)");
                          cache_sender(id, std::move(sender));
                          return Status::ok();
                        });
    if (!s) return s;
  }
  return Status::ok();
}

Status PgStore::begin_snapshot() {
  if (Status s = ensure_session(); !s) return s;
  if (Status s = conn_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) return s;
  Status s = refresh_channels();
  if (s) s = refresh_senders();
  if (!s) end_snapshot();
  return s;
}

void PgStore::end_snapshot() {
  if (conn_->is_ok()) (void)conn_->exec("ROLLBACK");
}

Status PgStore::stream_messages(const std::string& select,
                                const std::function<Status(const RawMessage&, bool& stop)>& fn) {
  bool need_header = true;
  PgCopyRow row;
  RawMessage raw;
  return conn_->copy_out(copy_of(select), [&](std::string_view chunk, bool& stop) {
    const auto kind = row.start(chunk, need_header);
    if (kind == PgCopyRow::kBad) return conn_->error("malformed COPY row (messages)");
    if (kind == PgCopyRow::kNone) return Status::ok();
    raw.ts = row.int64();
    raw.id = row.bytes();
    raw.seq = row.int64();
    raw.channel = row.int64();
    raw.sender = row.int64();
    raw.text = row.bytes();
    raw.emotes = row.bytes();
    raw.reply_login = row.bytes();
    raw.reply_msg_id = row.bytes();
    raw.bits = row.int64();
    raw.flags = row.int64();
    if (!row.ok()) return conn_->error("malformed COPY row (messages)");
    return fn(raw, stop);
  });
}

Status PgStore::fill_message(const RawMessage& raw, StoredMessage& out) const {
  ChatMessage& m = out.message;
  auto channel = channel_row(raw.channel);
  if (!channel) return channel.status();
  auto sender = sender_row(raw.sender);
  if (!sender) return sender.status();
  m.timestamp_ms = raw.ts;
  decode_pg_id(raw.id, m.id);
  out.seq = raw.seq;
  m.channel = (*channel)->login;
  m.room_id = (*channel)->room_id;
  m.user_id = (*sender)->user_id;
  m.login = (*sender)->login;
  m.display_name = (*sender)->display_name;
  m.text.assign(raw.text);
  m.emotes.assign(raw.emotes);
  m.reply_parent_login.assign(raw.reply_login);
  decode_pg_id(raw.reply_msg_id, m.reply_parent_msg_id);
  m.bits = raw.bits;
  m.first_msg = (raw.flags & kFlagFirstMsg) != 0;
  m.action = (raw.flags & kFlagAction) != 0;
  return Status::ok();
}

Status PgStore::scan_messages(TimestampMs from_ms,
                              const std::function<bool(const StoredMessage&)>& fn) {
  std::lock_guard lock(mu_);
  if (Status s = begin_snapshot(); !s) return s;
  // Rows come in primary-key order (ts, id); rows sharing a timestamp are buffered and
  // handed out by seq. Buffers are reused.
  std::vector<StoredMessage> group;
  std::size_t n = 0;
  bool stopped = false;
  auto emit = [&]() {
    std::sort(group.begin(), group.begin() + static_cast<std::ptrdiff_t>(n),
              [](const StoredMessage& a, const StoredMessage& b) { return a.seq < b.seq; });
    const std::size_t count = std::exchange(n, 0);
    for (std::size_t i = 0; i < count && !stopped; ++i) stopped = !fn(group[i]);
  };
  // The (ts, id) index gives the order without sorting the whole table.
  Status s = conn_->exec("SET LOCAL enable_sort = off");
  if (s) {
    s = stream_messages(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE ts >= " +
                            std::to_string(from_ms) + " ORDER BY ts, id",
                        [&](const RawMessage& raw, bool& stop) {
                          if (n > 0 && group[0].message.timestamp_ms != raw.ts) emit();
                          if (stopped) {
                            stop = true;
                            return Status::ok();
                          }
                          if (group.size() <= n) group.emplace_back();
                          return fill_message(raw, group[n++]);
                        });
  }
  if (s && !stopped && n > 0) emit();
  end_snapshot();
  return s;
}

Status PgStore::scan_message_views(
    TimestampMs from_ms, const std::function<bool(const ChatMessageView&, std::int64_t)>& fn) {
  std::lock_guard lock(mu_);
  if (Status s = begin_snapshot(); !s) return s;
  std::string id, reply_id;
  ChatMessageView m;
  std::int64_t channel_id = -1;
  const ChannelRow* channel = nullptr;
  Status s = conn_->exec("SET LOCAL enable_sort = off");
  if (s) {
    s = stream_messages(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE ts >= " +
                            std::to_string(from_ms) + " ORDER BY ts, id",
                        [&](const RawMessage& raw, bool& stop) {
                          if (raw.channel != channel_id || channel == nullptr) {
                            auto row = channel_row(raw.channel);
                            if (!row) return row.status();
                            channel = *row;
                            channel_id = raw.channel;
                          }
                          auto sender = sender_row(raw.sender);
                          if (!sender) return sender.status();
                          decode_pg_id(raw.id, id);
                          decode_pg_id(raw.reply_msg_id, reply_id);
                          m.timestamp_ms = raw.ts;
                          m.id = id;
                          m.channel = channel->login;
                          m.room_id = channel->room_id;
                          m.user_id = (*sender)->user_id;
                          m.login = (*sender)->login;
                          m.display_name = (*sender)->display_name;
                          m.text = raw.text;
                          m.emotes = raw.emotes;
                          m.reply_parent_login = raw.reply_login;
                          m.reply_parent_msg_id = reply_id;
                          m.bits = raw.bits;
                          m.first_msg = (raw.flags & kFlagFirstMsg) != 0;
                          m.action = (raw.flags & kFlagAction) != 0;
                          stop = !fn(m, raw.seq);
                          return Status::ok();
                        });
  }
  end_snapshot();
  return s;
}

Status PgStore::scan_messages_after_seq(std::int64_t after_seq,
                                        const std::function<bool(const StoredMessage&)>& fn) {
  std::lock_guard lock(mu_);
  if (Status s = begin_snapshot(); !s) return s;
  auto last = read_counter("last_seq");
  if (!last) {
    end_snapshot();
    return last.status();
  }
  StoredMessage out;
  bool stopped = false;
  Status s;
  for (std::int64_t low = after_seq; s && !stopped && low < *last; low += kSeqWindow) {
    s = stream_messages(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE seq > " +
                            std::to_string(low) + " AND seq <= " +
                            std::to_string(std::min(*last, low + kSeqWindow)) + " ORDER BY seq",
                        [&](const RawMessage& raw, bool& stop) {
                          if (Status f = fill_message(raw, out); !f) return f;
                          stopped = stop = !fn(out);
                          return Status::ok();
                        });
  }
  end_snapshot();
  return s;
}

Status PgStore::stream_moderation(const std::string& select,
                                  const std::function<bool(const StoredModeration&)>& fn) {
  if (Status s = ensure_session(); !s) return s;
  bool need_header = true;
  PgCopyRow row;
  StoredModeration out;
  return conn_->copy_out(copy_of(select), [&](std::string_view chunk, bool& stop) {
    const auto kind = row.start(chunk, need_header);
    if (kind == PgCopyRow::kBad) return conn_->error("malformed COPY row (moderation)");
    if (kind == PgCopyRow::kNone) return Status::ok();
    ModerationEvent& ev = out.event;
    ev.channel.assign(row.bytes());
    ev.room_id.assign(row.bytes());
    ev.timestamp_ms = row.int64();
    ev.kind = static_cast<ModerationEvent::Kind>(row.int64());
    ev.target_user_id.assign(row.bytes());
    ev.target_login.assign(row.bytes());
    ev.target_msg_id.assign(row.bytes());
    ev.duration_s = row.int64();
    out.seq = row.int64();
    if (!row.ok()) return conn_->error("malformed COPY row (moderation)");
    stop = !fn(out);
    return Status::ok();
  });
}

Status PgStore::scan_moderation(const std::function<bool(const StoredModeration&)>& fn) {
  std::lock_guard lock(mu_);
  return stream_moderation(
      std::string("SELECT ") + kModerationColumns + " FROM moderation ORDER BY ts, seq", fn);
}

Status PgStore::scan_moderation_after_seq(std::int64_t after_seq,
                                          const std::function<bool(const StoredModeration&)>& fn) {
  std::lock_guard lock(mu_);
  return stream_moderation(std::string("SELECT ") + kModerationColumns +
                               " FROM moderation WHERE seq > " + std::to_string(after_seq) +
                               " ORDER BY seq",
                           fn);
}

Result<std::vector<Store::LoginRecord>> PgStore::login_history(const std::string& user_id) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  auto rows = conn_->query_binary(
      "SELECT login, min(first_ms), max(last_ms) FROM ("
      "  SELECT s.login,"
      "    (SELECT min(ts) FROM messages m WHERE m.sender = s.id) AS first_ms,"
      "    (SELECT max(ts) FROM messages m WHERE m.sender = s.id) AS last_ms"
      "  FROM senders s WHERE s.user_id = $1 AND s.user_id <> ''::bytea) spans"
      " WHERE first_ms IS NOT NULL GROUP BY login",
      {{user_id, PgConnection::kBytea}});
  if (!rows) return rows.status();
  std::vector<LoginRecord> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back(LoginRecord{user_id, std::string(rows->bytes(r, 0)), rows->bin_int64(r, 1),
                              rows->bin_int64(r, 2)});
  }
  std::sort(out.begin(), out.end(), [](const LoginRecord& a, const LoginRecord& b) {
    return a.first_ms != b.first_ms ? a.first_ms < b.first_ms : a.login < b.login;
  });
  return out;
}

}  // namespace pererecos::storage
