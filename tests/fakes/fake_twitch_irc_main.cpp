// fake-twitch-irc: the Twitch chat stand-in (fake_twitch_irc.h) as a program, for the
// end-to-end tests. Usage:
//   fake-twitch-irc [--tls CERT KEY] [--reconnect-grace-ms N] [--join-echo-delay-ms N]
// Prints "port N" and then reads one command per line on stdin, answering each with one
// line on stdout ("ok ..." or "error ..."):
//   wait_joined CHANNEL COUNT [TIMEOUT_MS]   until COUNT sessions joined CHANNEL
//   send_file PATH          replay the recorded lines of PATH (made live)
//   gen CHANNEL FROM COUNT [stream]  COUNT generated PRIVMSGs, ids and texts numbered
//                           from FROM, sent within the last second; with `stream`, line i
//                           is sent at (this program's start - 1 h + i ms) instead: a
//                           recorded stream replayed at full speed (times only increase)
//   flush [TIMEOUT_MS]      until everything queued is written (default 30 s)
//   delivered PATH          write the ids of the delivered PRIVMSGs to PATH, one a line
//   say CHANNEL LOGIN TEXT  one PRIVMSG from LOGIN
//   replies PATH            write our client's PRIVMSGs to PATH; answers the count and min gap
//   drop | stall | reconnect | refuse on|off | reject_token T | accept_token T
//   only_tokens T1,T2,...   only these tokens log in (others: Login authentication failed);
//                           "only_tokens -" = any token again
//   counters                connections= refused= logins= rejected_logins= joins= live= quits=
//   history PATH CHANNEL    write the ids of every PRIVMSG sent to CHANNEL (joined or not)
//   http                    start the HTTP stand-in; answers its port. Paths under
//                           /api/v2/recent-messages/{channel} answer the channel's history
//                           as the recent-messages service does (group "recent"); every
//                           other path (7TV, BTTV, FFZ) answers 404 (group "emotes")
//   http_mode GROUP MODE    ok | slow:MS | garbage | 500 | hang (fake_http_service.h)
//   http_hits               recent= emotes=
//   pace CH1,CH2,.. FROM COUNT RATE   COUNT generated PRIVMSGs at RATE per second, round
//                           robin over the channels, ids numbered from FROM; answers when done
//   quit
// --history-limit N keeps the last N lines per channel for the recent-messages answer.
// --recent-log PATH: every generated or said line is appended to PATH (delivered or not),
// for a test's own check of what was sent (pg_lib.sh logged_ids).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <thread>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fakes/fake_http_service.h"
#include "fakes/fake_twitch_irc.h"

using namespace pererecos::testing;

namespace {

long long wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<std::string> generated(const std::string& channel, long from, long count,
                                   bool stream) {
  static const long long started = wall_ms();
  std::vector<std::string> lines;
  const long long now = wall_ms();
  for (long i = from; i < from + count; ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "6a1e0000-0000-4000-8000-%012ld", i);
    lines.push_back(make_privmsg_line(channel, "62300805", id, "viewer" + std::to_string(i % 50),
                                      std::to_string(500000 + i % 50),
                                      "generated message " + std::to_string(i),
                                      stream ? started - 3'600'000 + i : now - 1000 + i % 1000));
  }
  return lines;
}

std::string json_string(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

// The `id` tag of a PRIVMSG line, or empty.
std::string privmsg_id(const std::string& line) {
  if (line.find(" PRIVMSG #") == std::string::npos) return {};
  const std::size_t at = line.find(";id=");
  if (at == std::string::npos) return {};
  const std::size_t end = line.find_first_of("; ", at + 4);
  return line.substr(at + 4, end - at - 4);
}

}  // namespace

int main(int argc, char** argv) {
  FakeTwitchIrcOptions options;
  std::ofstream recent_log;
  auto send = [&](FakeTwitchIrc& server, const std::vector<std::string>& lines) {
    if (recent_log.is_open()) {
      for (const std::string& l : lines) recent_log << l << "\n";
      recent_log.flush();
    }
    return server.send_lines(lines);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--tls" && i + 2 < argc) {
      options.cert_file = argv[++i];
      options.key_file = argv[++i];
    } else if (a == "--reconnect-grace-ms" && i + 1 < argc) {
      options.reconnect_grace = std::chrono::milliseconds(std::atol(argv[++i]));
    } else if (a == "--history-limit" && i + 1 < argc) {
      options.history_limit = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (a == "--recent-log" && i + 1 < argc) {
      recent_log.open(argv[++i], std::ios::app);
    } else if (a == "--join-echo-delay-ms" && i + 1 < argc) {
      options.join_echo_delay = std::chrono::milliseconds(std::atol(argv[++i]));
    } else {
      std::cerr << "unknown argument: " << a << "\n";
      return 2;
    }
  }
  FakeTwitchIrc server(options);
  std::unique_ptr<FakeHttpService> http;
  std::cout << "port " << server.port() << std::endl;
  for (std::string line; std::getline(std::cin, line);) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    if (cmd == "wait_joined") {
      std::string channel;
      std::size_t count = 1;
      long timeout = 10000;
      in >> channel >> count >> timeout;
      const bool ok = server.wait_joined(channel, count, std::chrono::milliseconds(timeout));
      std::cout << (ok ? "ok" : "error timeout") << std::endl;
    } else if (cmd == "send_file") {
      std::string path;
      in >> path;
      std::ifstream f(path);
      std::vector<std::string> lines;
      for (std::string l; std::getline(f, l);) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        if (!l.empty()) lines.push_back(live_line(l));
      }
      std::cout << "ok " << server.send_lines(lines) << std::endl;
    } else if (cmd == "gen") {
      std::string channel;
      long from = 0, count = 0;
      std::string mode;
      in >> channel >> from >> count >> mode;
      std::cout << "ok " << send(server, generated(channel, from, count, mode == "stream"))
                << std::endl;
    } else if (cmd == "pace") {
      std::string list;
      long from = 0, count = 0, rate = 1000;
      in >> list >> from >> count >> rate;
      std::vector<std::string> channels;
      for (std::size_t at = 0; at <= list.size();) {
        const std::size_t comma = std::min(list.find(',', at), list.size());
        if (comma > at) channels.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
      // 10 ms ticks, each sending what the rate owes by then.
      const auto start = std::chrono::steady_clock::now();
      long sent = 0, written = 0;
      while (sent < count && !channels.empty()) {
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const long due = std::min(count, static_cast<long>(elapsed * static_cast<double>(rate)) + 1);
        std::vector<std::string> lines;
        for (; sent < due; ++sent) {
          const std::string& ch = channels[static_cast<std::size_t>(sent) % channels.size()];
          lines.push_back(generated(ch, from + sent, 1, false)[0]);
        }
        if (!lines.empty()) written += static_cast<long>(send(server, lines));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      std::cout << "ok " << written << std::endl;
    } else if (cmd == "say") {  // say CHANNEL LOGIN TEXT...: one PRIVMSG from LOGIN
      std::string channel, login, text;
      in >> channel >> login;
      std::getline(in, text);
      if (!text.empty() && text[0] == ' ') text.erase(0, 1);
      static long said = 0;
      char id[64];
      std::snprintf(id, sizeof id, "5a1d0000-0000-4000-8000-%012ld", ++said);
      const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      std::cout << "ok "
                << send(server, {make_privmsg_line(channel, "62300805", id, login,
                                                   "77" + login.substr(0, 3), text, now)})
                << std::endl;
    } else if (cmd == "replies") {  // replies PATH: the PRIVMSGs we received, gaps in ms
      std::string path;
      in >> path;
      std::ofstream f(path);
      std::vector<std::string> sent;
      for (const auto& l : server.received_lines()) {
        if (l.rfind("PRIVMSG ", 0) == 0) sent.push_back(l);
      }
      const auto times = server.privmsg_times();
      long min_gap = -1;
      for (std::size_t i = 1; i < times.size(); ++i) {
        const long gap = static_cast<long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(times[i] - times[i - 1]).count());
        if (min_gap < 0 || gap < min_gap) min_gap = gap;
      }
      for (const auto& l : sent) f << l << "\n";
      f.close();
      std::cout << "ok " << sent.size() << " min_gap_ms=" << min_gap << std::endl;
    } else if (cmd == "flush") {
      long timeout = 30000;
      in >> timeout;
      std::cout << (server.flush(std::chrono::milliseconds(timeout)) ? "ok" : "error timeout")
                << std::endl;
    } else if (cmd == "delivered") {
      std::string path;
      in >> path;
      const auto ids = server.delivered_ids();
      std::ofstream f(path);
      for (const auto& id : ids) f << id << "\n";
      f.close();  // complete on disk before the answer: the test reads it next
      std::cout << "ok " << ids.size() << std::endl;
    } else if (cmd == "drop") {
      server.drop_mid_line(generated("nymn", 999999, 1, false)[0]);
      std::cout << "ok" << std::endl;
    } else if (cmd == "stall") {
      server.stall();
      std::cout << "ok" << std::endl;
    } else if (cmd == "reconnect") {
      server.send_reconnect();
      std::cout << "ok" << std::endl;
    } else if (cmd == "refuse") {
      std::string v;
      in >> v;
      server.set_refusing(v == "on");
      std::cout << "ok" << std::endl;
    } else if (cmd == "reject_token" || cmd == "accept_token") {
      std::string t;
      in >> t;
      if (cmd == "reject_token") server.reject_token(t); else server.accept_token(t);
      std::cout << "ok" << std::endl;
    } else if (cmd == "only_tokens") {
      std::string list;
      in >> list;
      std::set<std::string> tokens;
      std::stringstream parts(list == "-" ? "" : list);
      for (std::string t; std::getline(parts, t, ',');) {
        if (!t.empty()) tokens.insert(t);
      }
      const std::size_t count = tokens.size();
      server.set_valid_tokens(std::move(tokens));
      std::cout << "ok " << count << std::endl;
    } else if (cmd == "counters") {
      const auto c = server.counters();
      std::cout << "ok connections=" << c.connections << " refused=" << c.refused
                << " logins=" << c.logins << " rejected_logins=" << c.rejected_logins
                << " joins=" << c.joins << " live=" << c.live_sessions << " quits=" << c.quits
                << std::endl;
    } else if (cmd == "history") {
      std::string path, channel;
      in >> path >> channel;
      std::ofstream f(path);
      std::size_t n = 0;
      for (const auto& l : server.history(channel)) {
        const std::string id = privmsg_id(l);
        if (id.empty()) continue;
        f << id << "\n";
        ++n;
      }
      f.close();
      std::cout << "ok " << n << std::endl;
    } else if (cmd == "http") {
      if (!http) {
        const std::string prefix = "/api/v2/recent-messages/";
        http = std::make_unique<FakeHttpService>(
            [&server, prefix](const std::string& path) {
              FakeHttpService::Answer a;
              if (path.rfind(prefix, 0) != 0) {
                a.status = 404;
                a.body = "{\"message\":\"not found\"}";
                return a;
              }
              std::string channel = path.substr(prefix.size());
              for (char& c : channel) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              a.body = "{\"messages\":[";
              bool first = true;
              for (const auto& l : server.history(channel)) {
                if (!first) a.body += ',';
                a.body += json_string(l);
                first = false;
              }
              a.body += "],\"error\":null,\"error_code\":null}";
              return a;
            },
            [prefix](const std::string& path) {
              return path.rfind(prefix, 0) == 0 ? std::string("recent") : std::string("emotes");
            });
      }
      std::cout << "ok " << http->port() << std::endl;
    } else if (cmd == "http_mode") {
      std::string group, mode;
      in >> group >> mode;
      const bool ok = http && http->set_mode(group, mode);
      std::cout << (ok ? "ok" : "error no http stand-in or unknown mode") << std::endl;
    } else if (cmd == "http_hits") {
      std::cout << "ok";
      if (http) {
        for (const auto& [group, n] : http->hits()) std::cout << " " << group << "=" << n;
      }
      std::cout << std::endl;
    } else if (cmd == "quit") {
      std::cout << "ok" << std::endl;
      return 0;
    } else {
      std::cout << "error unknown command: " << line << std::endl;
    }
  }
  return 0;
}
