// Wires the recent-messages back-fill (src/recent_messages/) into the service: HTTP
// through libcurl (emotes::CurlHttpGetter, with a timeout on every fetch) and the events
// into the one ingest queue (storage::BatchedWriter), each back-fill as one group.
//
// Hooks for serve: make_backfiller() once the writer exists; request(channel) for every
// configured channel at start; request(channel) from the chat sink's on_joined(channel)
// after every (re)join; backfiller.results() for /health; destroy the Backfiller before
// closing the writer.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "recent_messages/backfiller.h"
#include "storage/batched_writer.h"

namespace pererecos::app {

// The EventSink of a Backfiller: submit_batch into `writer` (which must outlive every
// back-fill handed to it, i.e. the Backfiller).
recent_messages::EventSink ingest_sink(storage::BatchedWriter& writer);

// A fetch over libcurl with `timeout` for the whole transfer; `ca_file` (PEM, tests) is
// trusted instead of the system store when not empty.
recent_messages::HttpFetch curl_fetch(std::chrono::milliseconds timeout,
                                      const std::string& ca_file = "");

// A Backfiller for RECENT_MESSAGES_URL `url` (empty: disabled, request() does nothing),
// logging failures with spdlog.
std::unique_ptr<recent_messages::Backfiller> make_backfiller(const std::string& url,
                                                             std::chrono::milliseconds timeout,
                                                             storage::BatchedWriter& writer);

}  // namespace pererecos::app
