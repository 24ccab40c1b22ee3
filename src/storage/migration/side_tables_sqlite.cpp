// SideTables on an SQLite file (its own connection), and SideTables::open.
#include <string_view>

#include "storage/migration/side_tables.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/store_url.h"

namespace pererecos::storage {

Result<std::unique_ptr<SideTables>> open_pg_side_tables(const std::string& url);  // _pg.cpp

namespace {

class SqliteSideTables final : public SideTables {
 public:
  SqliteSideTables(std::string path, SqliteDb db) : path_(std::move(path)), db_(std::move(db)) {}

  Result<TableCounts> counts() override {
    TableCounts c;
    struct Item {
      const char* sql;
      std::uint64_t* out;
    };
    const Item items[] = {
        {"SELECT count(*) FROM messages", &c.messages},
        {"SELECT count(*) FROM moderation", &c.moderation},
        {"SELECT count(*) FROM feedback", &c.feedback},
        {"SELECT count(*) FROM emote_sets", &c.emote_sets},
        {"SELECT count(*) FROM settings WHERE substr(key, 1, 8) <> 'migrate.'", &c.settings},
        {"SELECT count(*) FROM tombstones", &c.tombstones},
    };
    for (const Item& item : items) {
      auto n = db_.query_int(item.sql);
      if (!n) return Result<TableCounts>::failure(path_ + ": " + n.error());
      *item.out = static_cast<std::uint64_t>(*n);
    }
    return c;
  }

  Result<bool> holds_tombstones() override { return true; }  // schema step 4

  Result<SideRows> read() override {
    using R = Result<SideRows>;
    SideRows rows;
    auto each = [&](const char* sql, auto&& fn) -> Status {
      auto stmt = db_.prepare(sql);
      if (!stmt) return Status::error(path_ + ": " + stmt.error());
      int rc;
      while ((rc = stmt->step()) == SQLITE_ROW) fn(*stmt);
      if (rc != SQLITE_DONE) return Status::error(path_ + ": " + db_.error("read"));
      return Status::ok();
    };
    auto str = [](SqliteStatement& s, int col) { return std::string(s.column_bytes(col)); };
    Status s = each("SELECT id, type, message, created_ms FROM feedback ORDER BY id",
                    [&](SqliteStatement& st) {
                      rows.feedback.push_back(
                          {st.column_int(0), Feedback{str(st, 1), str(st, 2), st.column_int(3)}});
                    });
    if (s) {
      s = each("SELECT provider, set_key, body, fetched_ms FROM emote_sets ORDER BY provider, set_key",
               [&](SqliteStatement& st) {
                 rows.emote_sets.push_back(
                     EmoteSetSnapshot{str(st, 0), str(st, 1), str(st, 2), st.column_int(3)});
               });
    }
    if (s) {
      s = each("SELECT key, value FROM settings WHERE substr(key, 1, 8) <> 'migrate.' ORDER BY key",
               [&](SqliteStatement& st) { rows.settings.emplace_back(str(st, 0), str(st, 1)); });
    }
    if (s) {
      s = each("SELECT user_id, login, created_ms FROM tombstones ORDER BY user_id, login",
               [&](SqliteStatement& st) {
                 rows.tombstones.push_back({str(st, 0), str(st, 1), st.column_int(2)});
               });
    }
    if (!s) return R::failure(s.message());
    return rows;
  }

  Status write(const SideRows& rows, bool keep_ids, const std::string& extra_key,
               const std::string& extra_value) override {
    if (Status s = db_.exec("BEGIN IMMEDIATE"); !s) return fail("begin", s);
    Status s = write_rows(rows, keep_ids, extra_key, extra_value);
    if (s) s = db_.exec("COMMIT");
    if (!s) {
      (void)db_.exec("ROLLBACK");
      return fail("write", s);
    }
    return Status::ok();
  }

 private:
  Status fail(const char* what, const Status& s) const {
    return Status::error(path_ + ": " + what + ": " + s.message());
  }

  // Runs `sql` once per row, `bind` binding the row's values.
  template <typename Rows, typename Bind>
  Status run_each(const char* sql, const Rows& items, Bind&& bind) {
    auto stmt = db_.prepare(sql);
    if (!stmt) return Status::error(stmt.error());
    for (const auto& item : items) {
      bind(*stmt, item);
      const int rc = stmt->step();
      stmt->reset();
      if (rc != SQLITE_DONE) return Status::error(db_.error(sql));
    }
    return Status::ok();
  }

  Status write_rows(const SideRows& rows, bool keep_ids, const std::string& extra_key,
                    const std::string& extra_value) {
    Status s = run_each(keep_ids ? "INSERT OR IGNORE INTO feedback(id, type, message, created_ms)"
                                   " VALUES (?1, ?2, ?3, ?4)"
                                 : "INSERT INTO feedback(type, message, created_ms)"
                                   " VALUES (?2, ?3, ?4)",
                        rows.feedback, [&](SqliteStatement& st, const SideRows::FeedbackRow& f) {
                          if (keep_ids) st.bind_int(1, f.id);
                          st.bind_text(2, f.feedback.type);
                          st.bind_text(3, f.feedback.message);
                          st.bind_int(4, f.feedback.created_ms);
                        });
    if (s) {
      s = run_each("INSERT INTO emote_sets(provider, set_key, body, fetched_ms) VALUES (?1, ?2, ?3, ?4)"
                   " ON CONFLICT(provider, set_key) DO UPDATE SET body = excluded.body,"
                   " fetched_ms = excluded.fetched_ms",
                   rows.emote_sets, [](SqliteStatement& st, const EmoteSetSnapshot& e) {
                     st.bind_text(1, e.provider);
                     st.bind_text(2, e.set_key);
                     st.bind_text(3, e.body);
                     st.bind_int(4, e.fetched_ms);
                   });
    }
    std::vector<std::pair<std::string, std::string>> settings = rows.settings;
    if (!extra_key.empty()) settings.emplace_back(extra_key, extra_value);
    if (s) {
      s = run_each("INSERT INTO settings(key, value) VALUES (?1, ?2)"
                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   settings, [](SqliteStatement& st, const std::pair<std::string, std::string>& kv) {
                     st.bind_text(1, kv.first);
                     st.bind_text(2, kv.second);
                   });
    }
    if (s && !rows.tombstones.empty()) {
      s = run_each("INSERT OR IGNORE INTO tombstones(user_id, login, created_ms) VALUES (?1, ?2, ?3)",
                   rows.tombstones, [](SqliteStatement& st, const SideRows::Tombstone& t) {
                     st.bind_text(1, t.user_id);
                     st.bind_text(2, t.login);
                     st.bind_int(3, t.created_ms);
                   });
      // A running server reloads its tombstones when the generation changes.
      if (s) s = db_.exec("UPDATE counters SET value = value + 1 WHERE name = 'forget_generation'");
    }
    return s;
  }

  std::string path_;
  SqliteDb db_;
};

}  // namespace

Result<std::unique_ptr<SideTables>> SideTables::open(const std::string& url) {
  using R = Result<std::unique_ptr<SideTables>>;
  auto location = parse_store_url(url);
  if (!location) return location.status();
  if (location->backend == StoreLocation::Backend::kPostgres) return open_pg_side_tables(url);
  if (location->target == ":memory:") {
    return R::failure("migrate needs a database file, not sqlite://:memory:");
  }
  auto db = SqliteDb::open(location->target);
  if (!db) return db.status();
  return std::unique_ptr<SideTables>(new SqliteSideTables(location->target, std::move(*db)));
}

}  // namespace pererecos::storage
