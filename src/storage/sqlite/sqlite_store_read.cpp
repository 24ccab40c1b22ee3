// SqliteStore: the read path (scans in (ts, seq) and in seq order, login history).
#include <algorithm>
#include <map>
#include <utility>

#include "core/ascii.h"
#include "storage/sqlite/sqlite_statements.h"
#include "storage/sqlite/sqlite_store.h"

namespace pererecos::storage {

Result<const SqliteStore::ChannelRow*> SqliteStore::channel_row(std::int64_t id) {
  if (auto it = channel_rows_.find(id); it != channel_rows_.end()) return &it->second;
  SqliteStatement& q = stmts_->channel_by_id;
  StatementResetter reset(q);
  q.bind_int(1, id);
  if (q.step() != SQLITE_ROW) return step_error("channel " + std::to_string(id) + " missing");
  ChannelRow row{std::string(q.column_bytes(0)), std::string(q.column_bytes(1))};
  return &channel_rows_.emplace(id, std::move(row)).first->second;
}

namespace {
constexpr std::int64_t kFlatSenderIds = std::int64_t{1} << 24;
}  // namespace

const SqliteStore::SenderRow* SqliteStore::cache_sender_row(std::int64_t id, SenderRow row) {
  const SenderRow* p = &sender_rows_.try_emplace(id, std::move(row)).first->second;
  if (id >= 0 && id < kFlatSenderIds) {
    const auto index = static_cast<std::size_t>(id);
    if (index >= sender_index_.size()) {
      sender_index_.resize(std::max(index + 1, sender_index_.size() * 2), nullptr);
    }
    sender_index_[index] = p;
  }
  return p;
}

Result<const SqliteStore::SenderRow*> SqliteStore::sender_row(std::int64_t id) {
  if (id >= 0 && static_cast<std::uint64_t>(id) < sender_index_.size()) {
    if (const SenderRow* p = sender_index_[static_cast<std::size_t>(id)]) return p;
  } else if (auto it = sender_rows_.find(id); it != sender_rows_.end()) {
    return &it->second;
  }
  SqliteStatement& q = stmts_->sender_by_id;
  StatementResetter reset(q);
  q.bind_int(1, id);
  if (q.step() != SQLITE_ROW) return step_error("sender " + std::to_string(id) + " missing");
  return cache_sender_row(id,
                          SenderRow{std::string(q.column_bytes(0)), std::string(q.column_bytes(1)),
                                    std::string(q.column_bytes(2))});
}

Status SqliteStore::cache_all_senders() {
  SqliteStatement& q = stmts_->all_senders;
  StatementResetter reset(q);
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    const std::int64_t id = q.column_int(0);
    if (id >= 0 && static_cast<std::uint64_t>(id) < sender_index_.size() &&
        sender_index_[static_cast<std::size_t>(id)] != nullptr) {
      continue;
    }
    cache_sender_row(id, SenderRow{std::string(q.column_bytes(1)), std::string(q.column_bytes(2)),
                                   std::string(q.column_bytes(3))});
  }
  if (rc != SQLITE_DONE) return step_error("read senders");
  return Status::ok();
}

Status SqliteStore::read_message_row(SqliteStatement& stmt, StoredMessage& out) {
  ChatMessage& m = out.message;
  m.timestamp_ms = stmt.column_int(kColTs);
  read_id(stmt, kColId, m.id);
  out.seq = stmt.column_int(kColSeq);
  auto channel = channel_row(stmt.column_int(kColChannel));
  if (!channel) return channel.status();
  m.channel = (*channel)->login;
  m.room_id = (*channel)->room_id;
  auto sender = sender_row(stmt.column_int(kColSender));
  if (!sender) return sender.status();
  m.user_id = (*sender)->user_id;
  m.login = (*sender)->login;
  m.display_name = (*sender)->display_name;
  m.text.assign(stmt.column_bytes(5));
  m.emotes.assign(stmt.column_bytes(6));
  m.reply_parent_login.assign(stmt.column_bytes(7));
  read_id(stmt, 8, m.reply_parent_msg_id);
  m.bits = stmt.column_int(9);
  const std::int64_t flags = stmt.column_int(10);
  m.first_msg = (flags & kFlagFirstMsg) != 0;
  m.action = (flags & kFlagAction) != 0;
  m.source_id.clear();
  m.source_room_id.clear();
  if (flags & kFlagSharedChat) {
    return read_shared_chat(m.timestamp_ms, m.id, m.source_id, m.source_room_id);
  }
  return Status::ok();
}

Status SqliteStore::read_shared_chat(TimestampMs ts, const std::string& id,
                                     std::string& source_id, std::string& source_room_id) {
  SqliteStatement& q = stmts_->find_shared_chat;
  StatementResetter reset(q);
  const EncodedId enc = encode_id(id);
  q.bind_int(1, ts);
  bind_id(q, 2, enc);
  const int rc = q.step();
  if (rc == SQLITE_ROW) {
    source_id.assign(q.column_bytes(0));
    source_room_id.assign(q.column_bytes(1));
    return Status::ok();
  }
  if (rc != SQLITE_DONE) return step_error("read shared chat source");
  return Status::ok();
}

Status SqliteStore::scan_message_rows(SqliteStatement& stmt,
                                      const std::function<bool(const StoredMessage&)>& fn) {
  StatementResetter reset(stmt);
  // Rows come in primary-key order (ts, id); rows sharing one timestamp are buffered
  // and handed out by seq. Buffers are reused, so steady state allocates nothing.
  std::vector<StoredMessage> group;
  std::size_t n = 0;
  auto emit = [&]() {
    if (n > 1) {
      std::sort(group.begin(), group.begin() + static_cast<std::ptrdiff_t>(n),
                [](const StoredMessage& a, const StoredMessage& b) { return a.seq < b.seq; });
    }
    const std::size_t count = std::exchange(n, 0);
    for (std::size_t i = 0; i < count; ++i) {
      if (!fn(group[i])) return false;
    }
    return true;
  };
  int rc;
  while ((rc = stmt.step()) == SQLITE_ROW) {
    if (n > 0 && group[0].message.timestamp_ms != stmt.column_int(kColTs)) {
      if (!emit()) return Status::ok();
    }
    if (group.size() <= n) group.emplace_back();
    if (Status s = read_message_row(stmt, group[n]); !s) return s;
    ++n;
  }
  if (rc != SQLITE_DONE) return step_error("scan messages");
  emit();
  return Status::ok();
}

Status SqliteStore::scan_messages(TimestampMs from_ms,
                                  const std::function<bool(const StoredMessage&)>& fn) {
  std::lock_guard lock(mu_);
  stmts_->scan_from_ts.bind_int(1, from_ms);
  return scan_message_rows(stmts_->scan_from_ts, fn);
}

Status SqliteStore::scan_message_views(
    TimestampMs from_ms, const std::function<bool(const ChatMessageView&, std::int64_t)>& fn) {
  std::lock_guard lock(mu_);
  if (from_ms <= 0) {
    if (Status s = cache_all_senders(); !s) return s;
  }
  // Reads the file through a memory map for the scan (about 12% less CPU than copying each
  // page in, measured with bench_store_scan) and unmaps it afterwards, so that the mapped
  // pages do not stay resident. Best effort: without the map SQLite copies pages in as usual.
  (void)db_.exec("PRAGMA mmap_size = 2147418112");
  struct Unmap {  // destroyed after `reset` below, once the statement holds no page
    SqliteDb& db;
    ~Unmap() { (void)db.exec("PRAGMA mmap_size = 0"); }
  } unmap{db_};
  SqliteStatement& stmt = stmts_->scan_from_ts;
  StatementResetter reset(stmt);
  stmt.bind_int(1, from_ms);
  std::string id, reply_id;  // decoded ids (the other strings are viewed in place)
  std::string source_id, source_room_id;  // Shared Chat copies only
  std::int64_t channel_id = -1;
  const ChannelRow* channel = nullptr;
  ChatMessageView m;
  int rc;
  while ((rc = stmt.step()) == SQLITE_ROW) {
    m.timestamp_ms = stmt.column_int(kColTs);
    read_id(stmt, kColId, id);
    m.id = id;
    if (const std::int64_t c = stmt.column_int(kColChannel); c != channel_id || !channel) {
      auto row = channel_row(c);
      if (!row) return row.status();
      channel = *row;
      channel_id = c;
    }
    m.channel = channel->login;
    m.room_id = channel->room_id;
    auto sender = sender_row(stmt.column_int(kColSender));
    if (!sender) return sender.status();
    m.user_id = (*sender)->user_id;
    m.login = (*sender)->login;
    m.display_name = (*sender)->display_name;
    m.text = stmt.column_bytes(5);
    m.emotes = stmt.column_bytes(6);
    m.reply_parent_login = stmt.column_bytes(7);
    read_id(stmt, 8, reply_id);
    m.reply_parent_msg_id = reply_id;
    m.bits = stmt.column_int(9);
    const std::int64_t flags = stmt.column_int(10);
    m.first_msg = (flags & kFlagFirstMsg) != 0;
    m.action = (flags & kFlagAction) != 0;
    m.source_id = {};
    m.source_room_id = {};
    if (flags & kFlagSharedChat) {
      if (Status s = read_shared_chat(m.timestamp_ms, id, source_id, source_room_id); !s) return s;
      m.source_id = source_id;
      m.source_room_id = source_room_id;
    }
    if (!fn(m, stmt.column_int(kColSeq))) return Status::ok();
  }
  if (rc != SQLITE_DONE) return step_error("scan messages");
  return Status::ok();
}

Result<std::vector<StoredMessage>> SqliteStore::user_messages_before(
    const UserMessagesQuery& q) {
  std::lock_guard lock(mu_);
  std::vector<StoredMessage> out;
  if (q.limit == 0 || q.from_ts > q.before_ts) return out;
  SqliteStatement& stmt = stmts_->user_messages_before;
  StatementResetter reset(stmt);
  stmt.bind_int(1, q.from_ts);
  stmt.bind_int(2, q.before_ts);
  const std::string channel = ascii_lower(q.channel);
  stmt.bind_text(3, channel);
  stmt.bind_text(4, q.user_id);
  // Rows come by (ts, id) descending; each timestamp's rows are put in seq order (descending)
  // before the limit applies, so the limit never splits them arbitrarily.
  std::size_t group_begin = 0;
  auto close_group = [&] {
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(group_begin), out.end(),
              [](const StoredMessage& a, const StoredMessage& b) { return a.seq > b.seq; });
    group_begin = out.size();
  };
  int rc;
  while ((rc = stmt.step()) == SQLITE_ROW) {
    const TimestampMs ts = stmt.column_int(kColTs);
    if (ts == q.before_ts && stmt.column_int(kColSeq) >= q.before_seq) continue;
    if (!out.empty() && out.back().message.timestamp_ms != ts) {
      close_group();
      if (out.size() >= q.limit) break;
    }
    out.emplace_back();
    if (Status s = read_message_row(stmt, out.back()); !s) return s;
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return step_error("read a user's messages");
  close_group();
  if (out.size() > q.limit) out.resize(q.limit);
  return out;
}

Status SqliteStore::walk_ingested(std::int64_t after_seq, std::int64_t through_seq,
                                  const std::function<Status(SqliteStatement& row)>& on_row,
                                  const std::function<bool()>& on_write_end) {
  // The ingest log says, per write, which seq range was stored in which time ranges.
  // It is read in chunks (a follower far behind must not load it whole), each chunk
  // ending on a complete write.
  struct LogRow {
    std::int64_t seq_begin, seq_end;
    TimestampMs min_ts, max_ts;
  };
  std::vector<LogRow> log;
  std::int64_t cursor = after_seq;
  std::size_t limit = 4096;
  SqliteStatement& scan = stmts_->scan_ts_range;
  while (true) {
    log.clear();
    {
      SqliteStatement& q = stmts_->log_after_seq;
      StatementResetter reset(q);
      q.bind_int(1, cursor);
      q.bind_int(2, through_seq);
      q.bind_int(3, static_cast<std::int64_t>(limit));
      int rc;
      while ((rc = q.step()) == SQLITE_ROW) {
        log.push_back(LogRow{q.column_int(0), q.column_int(1), q.column_int(2), q.column_int(3)});
      }
      if (rc != SQLITE_DONE) return step_error("read ingest log");
    }
    if (log.empty()) return Status::ok();
    const bool full = log.size() == limit;
    std::size_t usable = log.size();
    if (full) {  // the last write may continue in the next chunk: leave it for then
      while (usable > 0 && log[usable - 1].seq_end == log.back().seq_end) --usable;
      if (usable == 0) {  // one write with more time ranges than a chunk
        limit *= 2;
        continue;
      }
    }
    // Rows sharing seq_end belong to one write; their time ranges are disjoint, so every
    // message is visited once.
    for (std::size_t i = 0; i < usable;) {
      const std::int64_t seq_end = log[i].seq_end;
      const std::int64_t low = std::max(after_seq, log[i].seq_begin - 1);
      const std::int64_t high = std::min(through_seq, seq_end);
      for (; i < usable && log[i].seq_end == seq_end; ++i) {
        StatementResetter reset(scan);
        scan.bind_int(1, log[i].min_ts);
        scan.bind_int(2, log[i].max_ts);
        int rc;
        while ((rc = scan.step()) == SQLITE_ROW) {
          const std::int64_t seq = scan.column_int(kColSeq);
          if (seq <= low || seq > high) continue;
          if (Status s = on_row(scan); !s) return s;
        }
        if (rc != SQLITE_DONE) return step_error("scan messages by ingest log");
      }
      if (!on_write_end()) return Status::ok();
    }
    cursor = log[usable - 1].seq_end;
    if (!full) return Status::ok();
  }
}

Status SqliteStore::scan_messages_after_seq(std::int64_t after_seq,
                                            const std::function<bool(const StoredMessage&)>& fn) {
  std::lock_guard lock(mu_);
  std::vector<StoredMessage> group;
  bool stopped = false;
  return walk_ingested(
      after_seq, INT64_MAX,
      [&](SqliteStatement& row) {
        group.emplace_back();
        return read_message_row(row, group.back());
      },
      [&]() {
        std::sort(group.begin(), group.end(),
                  [](const StoredMessage& a, const StoredMessage& b) { return a.seq < b.seq; });
        for (const StoredMessage& m : group) {
          if (!fn(m)) {
            stopped = true;
            break;
          }
        }
        group.clear();
        return !stopped;
      });
}

Status SqliteStore::aggregate_logins(std::int64_t after_seq, std::int64_t through_seq,
                                     LoginSpans& out) {
  if (through_seq <= after_seq) return Status::ok();
  return walk_ingested(
      after_seq, through_seq,
      [&](SqliteStatement& row) {
        auto sender = sender_row(row.column_int(kColSender));
        if (!sender) return sender.status();
        if (!(*sender)->user_id.empty()) {
          const TimestampMs ts = row.column_int(kColTs);
          out.add(row.column_int(kColSender), ts, ts);
        }
        return Status::ok();
      },
      [] { return true; });
}

Result<std::vector<Store::LoginRecord>> SqliteStore::login_history(const std::string& user_id) {
  std::lock_guard lock(mu_);
  // One read transaction: the table, the counters and the messages after logins_seq are
  // seen at the same instant.
  const int begin_rc = stmts_->begin_read.step();
  stmts_->begin_read.reset();
  if (begin_rc != SQLITE_DONE) return step_error("begin read transaction");
  std::map<std::string, LoginRecord> by_login;
  auto read = [&]() -> Status {
    SqliteStatement& q = stmts_->logins_of_user;
    StatementResetter reset(q);
    q.bind_text(1, user_id);
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      std::string login(q.column_bytes(0));
      by_login[login] = LoginRecord{user_id, login, q.column_int(1), q.column_int(2)};
    }
    if (rc != SQLITE_DONE) return step_error("read login history");
    auto last_seq = read_counter("last_seq");
    if (!last_seq) return last_seq.status();
    auto logins_seq = read_counter("logins_seq");
    if (!logins_seq) return logins_seq.status();
    // The messages not yet in the table: from this writer's memory when it is current,
    // else from the database.
    LoginSpans fresh;
    const bool pending_current = pending_base_ == *logins_seq && pending_through_ == *last_seq;
    if (!pending_current) {
      if (Status s = aggregate_logins(*logins_seq, *last_seq, fresh); !s) return s;
    }
    Status status;
    (pending_current ? pending_logins_ : fresh)
        .for_each([&](std::int64_t sender, const LoginSpans::Span& span) {
          auto row = sender_row(sender);
          if (!row) {
            status = row.status();
            return;
          }
          if ((*row)->user_id != user_id) return;
          const std::string& login = (*row)->login;
          auto [it, inserted] =
              by_login.try_emplace(login, LoginRecord{user_id, login, span.first_ms, span.last_ms});
          if (!inserted) {
            it->second.first_ms = std::min(it->second.first_ms, span.first_ms);
            it->second.last_ms = std::max(it->second.last_ms, span.last_ms);
          }
        });
    if (!status) return status;
    return Status::ok();
  };
  const Status s = read();
  const int commit_rc = stmts_->commit.step();
  stmts_->commit.reset();
  if (!s) return s;
  if (commit_rc != SQLITE_DONE) return step_error("end read transaction");
  std::vector<LoginRecord> out;
  for (auto& [login, record] : by_login) out.push_back(std::move(record));
  std::sort(out.begin(), out.end(), [](const LoginRecord& a, const LoginRecord& b) {
    return a.first_ms != b.first_ms ? a.first_ms < b.first_ms : a.login < b.login;
  });
  return out;
}

Status SqliteStore::scan_moderation_rows(SqliteStatement& stmt,
                                         const std::function<bool(const StoredModeration&)>& fn) {
  StatementResetter reset(stmt);
  StoredModeration row;
  int rc;
  while ((rc = stmt.step()) == SQLITE_ROW) {
    ModerationEvent& ev = row.event;
    ev.channel.assign(stmt.column_bytes(0));
    ev.room_id.assign(stmt.column_bytes(1));
    ev.timestamp_ms = stmt.column_int(2);
    ev.kind = static_cast<ModerationEvent::Kind>(stmt.column_int(3));
    ev.target_user_id.assign(stmt.column_bytes(4));
    ev.target_login.assign(stmt.column_bytes(5));
    ev.target_msg_id.assign(stmt.column_bytes(6));
    ev.duration_s = stmt.column_int(7);
    row.seq = stmt.column_int(8);
    if (!fn(row)) return Status::ok();
  }
  if (rc != SQLITE_DONE) return step_error("scan moderation events");
  return Status::ok();
}

Status SqliteStore::scan_moderation(const std::function<bool(const StoredModeration&)>& fn) {
  std::lock_guard lock(mu_);
  return scan_moderation_rows(stmts_->scan_moderation, fn);
}

Status SqliteStore::scan_moderation_after_seq(
    std::int64_t after_seq, const std::function<bool(const StoredModeration&)>& fn) {
  std::lock_guard lock(mu_);
  stmts_->scan_moderation_after_seq.bind_int(1, after_seq);
  return scan_moderation_rows(stmts_->scan_moderation_after_seq, fn);
}

}  // namespace pererecos::storage
