// SideTables on a PostgreSQL database (its own libpq connection). The tombstones table is
// optional here (a schema without one holds no tombstones); its user_id and login
// columns may be bytea or text.
#include <string_view>

#include "storage/migration/side_tables.h"
#include "storage/postgres/pg_connection.h"

namespace pererecos::storage {
namespace {

std::string be64(std::int64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<char>(static_cast<std::uint64_t>(v) >> (56 - 8 * i));
  return out;
}

class PgSideTables final : public SideTables {
 public:
  explicit PgSideTables(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}

  Result<TableCounts> counts() override {
    TableCounts c;
    auto tomb = tombstone_columns();
    if (!tomb) return tomb.status();
    std::string sql =
        "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM moderation),"
        " (SELECT count(*) FROM feedback), (SELECT count(*) FROM emote_sets),"
        " (SELECT count(*) FROM settings WHERE left(key, 8) <> 'migrate.'), ";
    sql += tomb->empty() ? "0" : "(SELECT count(*) FROM tombstones)";
    auto r = conn_->query(sql);
    if (!r) return r.status();
    std::uint64_t* out[] = {&c.messages,   &c.moderation, &c.feedback,
                            &c.emote_sets, &c.settings,   &c.tombstones};
    for (int i = 0; i < 6; ++i) *out[i] = static_cast<std::uint64_t>(r->int64(0, i));
    return c;
  }

  Result<bool> holds_tombstones() override {
    auto tomb = tombstone_columns();
    if (!tomb) return tomb.status();
    return !tomb->empty();
  }

  Result<SideRows> read() override {
    SideRows rows;
    auto fb = conn_->query_binary(
        "SELECT id, type::bytea, message, created_ms FROM feedback ORDER BY id", {});
    if (!fb) return fb.status();
    for (int r = 0; r < fb->rows(); ++r) {
      rows.feedback.push_back({fb->bin_int64(r, 0),
                               Feedback{std::string(fb->bytes(r, 1)), std::string(fb->bytes(r, 2)),
                                        fb->bin_int64(r, 3)}});
    }
    auto es = conn_->query_binary(
        "SELECT convert_to(provider, 'UTF8'), convert_to(set_key, 'UTF8'), body, fetched_ms"
        " FROM emote_sets ORDER BY provider, set_key",
        {});
    if (!es) return es.status();
    for (int r = 0; r < es->rows(); ++r) {
      rows.emote_sets.push_back(EmoteSetSnapshot{std::string(es->bytes(r, 0)),
                                                 std::string(es->bytes(r, 1)),
                                                 std::string(es->bytes(r, 2)), es->bin_int64(r, 3)});
    }
    auto st = conn_->query_binary(
        "SELECT convert_to(key, 'UTF8'), value FROM settings WHERE left(key, 8) <> 'migrate.'"
        " ORDER BY key",
        {});
    if (!st) return st.status();
    for (int r = 0; r < st->rows(); ++r) {
      rows.settings.emplace_back(std::string(st->bytes(r, 0)), std::string(st->bytes(r, 1)));
    }
    auto tomb = tombstone_columns();
    if (!tomb) return tomb.status();
    if (!tomb->empty()) {
      auto tb = conn_->query_binary("SELECT " + read_expr("user_id", (*tomb)[0]) + ", " +
                                        read_expr("login", (*tomb)[1]) +
                                        ", created_ms::bigint FROM tombstones ORDER BY 1, 2",
                                    {});
      if (!tb) return tb.status();
      for (int r = 0; r < tb->rows(); ++r) {
        rows.tombstones.push_back(
            {std::string(tb->bytes(r, 0)), std::string(tb->bytes(r, 1)), tb->bin_int64(r, 2)});
      }
    }
    return rows;
  }

  // The index is the one of schema step 2 (pg_migrations.cpp).
  Status begin_bulk_load() override { return conn_->exec("DROP INDEX IF EXISTS messages_by_sender"); }
  Status end_bulk_load() override {
    return conn_->exec(
        "SET maintenance_work_mem = '256MB';"
        " CREATE INDEX IF NOT EXISTS messages_by_sender ON messages(sender, ts);"
        " RESET maintenance_work_mem");
  }

  Status write(const SideRows& rows, bool keep_ids, const std::string& extra_key,
               const std::string& extra_value) override {
    auto tomb = tombstone_columns();
    if (!tomb) return tomb.status();
    if (!rows.tombstones.empty() && tomb->empty()) {
      return conn_->error("the source has " + std::to_string(rows.tombstones.size()) +
                          " tombstones of forgotten users and this database has no tombstones "
                          "table (its schema predates `forget` on PostgreSQL); refusing to lose "
                          "them");
    }
    if (Status s = conn_->exec("BEGIN"); !s) return s;
    Status s = write_rows(rows, keep_ids, extra_key, extra_value, *tomb);
    if (s) s = conn_->exec("COMMIT");
    if (!s && conn_->is_ok()) (void)conn_->exec("ROLLBACK");
    return s;
  }

 private:
  using P = PgConnection::BinaryParam;

  // The data types of tombstones.user_id and .login ("bytea", "text"), or none when the
  // table does not exist.
  Result<std::vector<std::string>> tombstone_columns() {
    auto r = conn_->query(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = 'tombstones'"
        " AND column_name IN ('user_id', 'login') ORDER BY column_name DESC");
    if (!r) return r.status();
    std::vector<std::string> types;
    for (int i = 0; i < r->rows(); ++i) types.push_back(r->text(i, 1));
    if (!types.empty() && types.size() != 2) {
      return Result<std::vector<std::string>>::failure(
          conn_->redacted_url() + ": table tombstones lacks a user_id or login column");
    }
    return types;
  }
  static std::string read_expr(const std::string& col, const std::string& type) {
    return type == "bytea" ? col : "convert_to(" + col + "::text, 'UTF8')";
  }
  static std::string write_expr(const std::string& param, const std::string& type) {
    return type == "bytea" ? param + "::bytea" : "convert_from(" + param + "::bytea, 'UTF8')";
  }

  Status run(const std::string& sql, const std::vector<P>& params) {
    auto r = conn_->query_binary(sql, params);
    return r ? Status::ok() : r.status();
  }

  Status write_rows(const SideRows& rows, bool keep_ids, const std::string& extra_key,
                    const std::string& extra_value, const std::vector<std::string>& tomb) {
    for (const SideRows::FeedbackRow& f : rows.feedback) {
      const std::string id = be64(f.id), created = be64(f.feedback.created_ms);
      Status s = keep_ids ? run("INSERT INTO feedback(id, type, message, created_ms)"
                                " VALUES ($1, convert_from($2, 'UTF8'), $3, $4)"
                                " ON CONFLICT (id) DO NOTHING",
                                {{id, PgConnection::kInt8},
                                 {f.feedback.type, PgConnection::kBytea},
                                 {f.feedback.message, PgConnection::kBytea},
                                 {created, PgConnection::kInt8}})
                          : run("INSERT INTO feedback(type, message, created_ms)"
                                " VALUES (convert_from($1, 'UTF8'), $2, $3)",
                                {{f.feedback.type, PgConnection::kBytea},
                                 {f.feedback.message, PgConnection::kBytea},
                                 {created, PgConnection::kInt8}});
      if (!s) return s;
    }
    if (keep_ids && !rows.feedback.empty()) {
      // New feedback continues after the copied ids.
      if (Status s = conn_->exec("SELECT setval(pg_get_serial_sequence('feedback', 'id'),"
                                 " (SELECT max(id) FROM feedback))");
          !s) {
        return s;
      }
    }
    for (const EmoteSetSnapshot& e : rows.emote_sets) {
      const std::string fetched = be64(e.fetched_ms);
      Status s = run(
          "INSERT INTO emote_sets(provider, set_key, body, fetched_ms)"
          " VALUES (convert_from($1, 'UTF8'), convert_from($2, 'UTF8'), $3, $4)"
          " ON CONFLICT (provider, set_key) DO UPDATE SET body = excluded.body,"
          " fetched_ms = excluded.fetched_ms",
          {{e.provider, PgConnection::kBytea},
           {e.set_key, PgConnection::kBytea},
           {e.body, PgConnection::kBytea},
           {fetched, PgConnection::kInt8}});
      if (!s) return s;
    }
    auto put_setting = [&](const std::string& key, const std::string& value) {
      return run(
          "INSERT INTO settings(key, value) VALUES (convert_from($1, 'UTF8'), $2)"
          " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          {{key, PgConnection::kBytea}, {value, PgConnection::kBytea}});
    };
    for (const auto& [key, value] : rows.settings) {
      if (Status s = put_setting(key, value); !s) return s;
    }
    if (!extra_key.empty()) {
      if (Status s = put_setting(extra_key, extra_value); !s) return s;
    }
    for (const SideRows::Tombstone& t : rows.tombstones) {
      const std::string created = be64(t.created_ms);
      Status s = run("INSERT INTO tombstones(user_id, login, created_ms) VALUES (" +
                         write_expr("$1", tomb[0]) + ", " + write_expr("$2", tomb[1]) +
                         ", $3) ON CONFLICT DO NOTHING",
                     {{t.user_id, PgConnection::kBytea},
                      {t.login, PgConnection::kBytea},
                      {created, PgConnection::kInt8}});
      if (!s) return s;
    }
    return Status::ok();
  }

  std::unique_ptr<PgConnection> conn_;
};

}  // namespace

Result<std::unique_ptr<SideTables>> open_pg_side_tables(const std::string& url) {
  auto conn = PgConnection::connect(url);
  if (!conn) return conn.status();
  return std::unique_ptr<SideTables>(new PgSideTables(std::move(*conn)));
}

}  // namespace pererecos::storage
