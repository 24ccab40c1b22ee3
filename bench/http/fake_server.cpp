// A server over the fake StatsReader, for load tests of the HTTP layer alone
// (bench/http/run.sh uses it when no server command is given).
//
//   bench_http_fake_server [--port N] [--threads N] [--rate-limit]
//
// Serves on 127.0.0.1 until SIGINT or SIGTERM, then stops cleanly. Prints the port.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fake_stats_reader.h"
#include "http/api_handler.h"
#include "http/http_server.h"

int main(int argc, char** argv) {
  using namespace pererecos;
  http::HttpServerOptions server_options;
  server_options.address = "127.0.0.1";
  server_options.port = 8089;
  http::ApiOptions api_options;
  api_options.web_root = PERERECOS_SOURCE_DIR "/web";
  api_options.rate_limit_enabled = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--port" && i + 1 < argc) {
      server_options.port = static_cast<std::uint16_t>(std::atoi(argv[++i]));
    } else if (arg == "--threads" && i + 1 < argc) {
      server_options.threads = static_cast<unsigned>(std::atoi(argv[++i]));
    } else if (arg == "--rate-limit") {
      api_options.rate_limit_enabled = true;
    } else {
      std::fprintf(stderr, "usage: %s [--port N] [--threads N] [--rate-limit]\n", argv[0]);
      return 2;
    }
  }

  // Block the stop signals in every thread (the I/O threads inherit the mask), then wait
  // for one in main: the caller-driven stop the app's `serve` is expected to do.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  http::testing::FakeStatsReader reader;
  reader.recording = false;
  SystemClock clock;
  http::ApiHandler handler(api_options, reader, clock, nullptr, {});
  http::HttpServer server(server_options, handler);
  if (Status s = server.start(); !s) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  std::printf("listening on 127.0.0.1:%u\n", server.port());
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.stop();
  server.wait();
  std::printf("stopped on signal %d\n", signal_number);
  return 0;
}
