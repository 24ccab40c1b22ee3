#include "storage/postgres/pg_follow.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace pererecos::storage {
namespace {

PGconn* connect_listening(const std::string& url) {
  const char* keys[] = {
      "connect_timeout",  "keepalives",       "keepalives_idle", "keepalives_interval",
      "keepalives_count", "application_name", "dbname",          nullptr};
  const char* values[] = {"5",         "1",    "5", "2", "3", "pererecos-stats listener",
                          url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return nullptr;
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* r = PQexec(conn, (std::string("LISTEN ") + PgStoreListener::kChannel).c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (ok) return conn;
  }
  PQfinish(conn);
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<PgStoreListener>> PgStoreListener::start(const std::string& url,
                                                                std::function<void()> on_stored) {
  const int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) return Status::error("cannot create the listener's eventfd");
  std::unique_ptr<PgStoreListener> l(new PgStoreListener(url, std::move(on_stored), fd));
  l->thread_ = std::thread([p = l.get()] { p->run(); });
  return l;
}

PgStoreListener::PgStoreListener(std::string url, std::function<void()> on_stored, int wake_fd)
    : url_(std::move(url)), on_stored_(std::move(on_stored)), wake_fd_(wake_fd) {}

PgStoreListener::~PgStoreListener() {
  stopping_ = true;
  const std::uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  close(wake_fd_);
}

void PgStoreListener::notify_stored() {
  if (notify_wanted_.exchange(true)) return;  // one already pending
  const std::uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
}

void PgStoreListener::run() {
  PGconn* conn = nullptr;
  auto backoff = std::chrono::milliseconds(100);
  const std::string notify_sql = std::string("NOTIFY ") + kChannel;
  while (!stopping_) {
    if (conn == nullptr) {
      conn = connect_listening(url_);
      connected_ = conn != nullptr;
      if (conn == nullptr) {
        pollfd w{wake_fd_, POLLIN, 0};
        (void)poll(&w, 1, static_cast<int>(backoff.count()));
        std::uint64_t drained = 0;
        (void)!read(wake_fd_, &drained, sizeof drained);
        notify_wanted_ = false;  // our commits' NOTIFYs are lost; the others' poll finds them
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
        continue;
      }
      backoff = std::chrono::milliseconds(100);
      on_stored_();  // notifications sent while we were away are lost: catch up once
    }
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {PQsocket(conn), POLLIN, 0}};
    (void)poll(fds, 2, 1000);
    bool broken = false;
    if ((fds[0].revents & POLLIN) != 0) {
      std::uint64_t drained = 0;
      (void)!read(wake_fd_, &drained, sizeof drained);
      if (notify_wanted_.exchange(false) && !stopping_) {
        PGresult* r = PQexec(conn, notify_sql.c_str());
        broken = PQresultStatus(r) != PGRES_COMMAND_OK;
        PQclear(r);
      }
    }
    if (!broken && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
      broken = PQconsumeInput(conn) == 0;
    }
    bool woken = false;
    const int own_pid = PQbackendPID(conn);
    while (PGnotify* n = PQnotifies(conn)) {
      if (n->be_pid != own_pid) woken = true;
      PQfreemem(n);
    }
    if (woken) {
      received_.fetch_add(1);
      on_stored_();
    }
    if (broken || PQstatus(conn) != CONNECTION_OK) {
      PQfinish(conn);
      conn = nullptr;
      connected_ = false;
    }
  }
  if (conn != nullptr) PQfinish(conn);
}

}  // namespace pererecos::storage
