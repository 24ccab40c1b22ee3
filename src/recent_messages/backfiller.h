// Backfiller: closes gaps in the stored chat from a recent-messages service
// (RECENT_MESSAGES_URL, default https://recent-messages.robotty.de/api/v2/recent-messages).
// request(channel) fetches {url}/{channel} in the background, decodes the raw IRC lines
// and hands PRIVMSG/CLEARCHAT/CLEARMSG to the ingest queue; the store deduplicates by
// message identity (SPEC §1), so what was already stored is stored nothing twice.
//
// Called at start for every configured channel and after every (re)join of a channel.
// Never blocks the caller; one fetch per channel at a time (a request during a fetch of
// that channel runs once more after it, since the fetch may predate the gap); a failure
// (unreachable, timeout, HTTP error, malformed answer) is logged, kept for /health and
// retried at the next request, never fatal. The fetch function enforces the timeout.
//
// Depends on irc and core only: HTTP and the ingest queue are injected (wired in app/).
// Thread-safe: request(), results() and wait_idle() from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/chat_event.h"
#include "core/clock.h"
#include "core/result.h"

namespace pererecos::recent_messages {

// One HTTP answer: any status is an answer; an error value means none (DNS, connection,
// TLS, timeout).
struct HttpAnswer {
  long status = 0;
  std::string body;
};
using HttpFetch = std::function<Result<HttpAnswer>(const std::string& url)>;

// How many of the handed events were new to the store.
struct StoredCounts {
  std::uint64_t messages_new = 0;
  std::uint64_t moderation_new = 0;
};
// Hands the events to the ingest queue (storage::BatchedWriter::submit_batch in app/) and
// returns at once; `done` is called (on any thread) when they are durable, with the
// counts, or with the error they were given up with. An error return: not queued.
using EventSink = std::function<Status(std::vector<ChatMessage> messages,
                                       std::vector<ModerationEvent> moderation,
                                       std::function<void(const Result<StoredCounts>&)> done)>;

struct BackfillOptions {
  std::string base_url;   // RECENT_MESSAGES_URL; empty: back-fill off (request() ignored)
  unsigned workers = 2;   // channels fetched at the same time
};

// The last back-fill of one channel, for /health.
struct BackfillStatus {
  std::string channel;
  bool running = false;              // a fetch (or its store write) is under way
  std::uint64_t attempts = 0;        // fetches started
  std::uint64_t failures = 0;        // fetches that failed
  TimestampMs last_attempt_ms = 0;   // 0: never
  TimestampMs last_success_ms = 0;   // 0: never
  // Of the last successful fetch:
  std::uint64_t messages_received = 0;    // messages (and moderation events) in the answer
  std::uint64_t messages_new = 0;         // ... of them stored now (not stored before)
  std::uint64_t lines_skipped = 0;        // malformed lines or lines of other channels
  std::uint64_t messages_new_total = 0;   // new events stored by every back-fill so far
  std::string last_error;                 // of the last attempt; empty when it succeeded
  std::string service_error;              // the service's own "error" (e.g. not joined)
};

class Backfiller {
 public:
  // The functions must stay callable until the Backfiller is gone (the sink's `done`
  // callbacks keep only the Backfiller's shared state alive). `log_warning` gets one line
  // per failure (may be empty: not logged). Times in BackfillStatus are the system clock.
  Backfiller(BackfillOptions options, HttpFetch fetch, EventSink sink,
             std::function<void(const std::string&)> log_warning = {});
  // Stops: requests not started are dropped, fetches under way finish (bounded by the
  // fetch timeout) and are handed to the sink.
  ~Backfiller();
  Backfiller(const Backfiller&) = delete;
  Backfiller& operator=(const Backfiller&) = delete;

  bool enabled() const { return !options_.base_url.empty(); }

  // Schedules a back-fill of `channel` (login, any case, '#' allowed). Returns at once.
  void request(const std::string& channel);

  // Every channel requested so far, by login.
  std::vector<BackfillStatus> results() const;

  // Waits until no request is pending or running and every handed batch is durable
  // (tests, and start-up before the rebuild if wanted).
  void wait_idle();

 private:
  // What the workers and the store callbacks share; the callbacks keep it alive, so a
  // write that becomes durable after the Backfiller is gone touches nothing freed.
  struct State {
    mutable std::mutex mu;
    std::condition_variable work_cv;
    std::condition_variable idle_cv;
    std::deque<std::string> pending;  // GUARDED_BY(mu): channels waiting for a worker
    std::set<std::string> queued;     // GUARDED_BY(mu): in pending
    std::set<std::string> running;    // GUARDED_BY(mu): being fetched or stored
    std::set<std::string> again;      // GUARDED_BY(mu): requested while running
    std::map<std::string, BackfillStatus> status;  // GUARDED_BY(mu)
    bool stopping = false;            // GUARDED_BY(mu)

    // Records the end of one back-fill of `channel` (error, or the stored counts).
    void finish(const std::string& channel, const Status& error, const StoredCounts* counts);
  };

  void work();
  void run_one(const std::string& channel);

  const BackfillOptions options_;
  const HttpFetch fetch_;
  const EventSink sink_;
  const std::function<void(const std::string&)> log_warning_;
  std::shared_ptr<State> state_;
  std::vector<std::thread> threads_;
};

}  // namespace pererecos::recent_messages
