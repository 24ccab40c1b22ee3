// fake-twitch-irc: the Twitch chat stand-in (fake_twitch_irc.h) as a program, for the
// end-to-end tests. Usage:
//   fake-twitch-irc [--tls CERT KEY] [--reconnect-grace-ms N] [--join-echo-delay-ms N]
// Prints "port N" and then reads one command per line on stdin, answering each with one
// line on stdout ("ok ..." or "error ..."):
//   wait_joined CHANNEL COUNT [TIMEOUT_MS]   until COUNT sessions joined CHANNEL
//   send_file PATH          replay the recorded lines of PATH (made live)
//   gen CHANNEL FROM COUNT  COUNT generated PRIVMSGs, ids and texts numbered from FROM
//   flush [TIMEOUT_MS]      until everything queued is written (default 30 s)
//   delivered PATH          write the ids of the delivered PRIVMSGs to PATH, one a line
//   say CHANNEL LOGIN TEXT  one PRIVMSG from LOGIN
//   replies PATH            write our client's PRIVMSGs to PATH; answers the count and min gap
//   drop | stall | reconnect | refuse on|off | reject_token T | accept_token T
//   counters                connections= refused= logins= rejected_logins= joins= live=
//   pace CH1,CH2,.. FROM COUNT RATE   COUNT generated PRIVMSGs at RATE per second, round
//                           robin over the channels, ids numbered from FROM; answers when done
//   quit
// --recent-log PATH: every generated or said line is appended to PATH (delivered or not),
// for the recent-messages stand-in (tests/fakes/fake_recent_messages.py).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "fakes/fake_twitch_irc.h"

using namespace pererecos::testing;

namespace {

std::vector<std::string> generated(const std::string& channel, long from, long count) {
  std::vector<std::string> lines;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (long i = from; i < from + count; ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "6a1e0000-0000-4000-8000-%012ld", i);
    lines.push_back(make_privmsg_line(channel, "62300805", id, "viewer" + std::to_string(i % 50),
                                      std::to_string(500000 + i % 50),
                                      "generated message " + std::to_string(i), now - 1000 + i % 1000));
  }
  return lines;
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
      in >> channel >> from >> count;
      std::cout << "ok " << send(server, generated(channel, from, count)) << std::endl;
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
          lines.push_back(generated(ch, from + sent, 1)[0]);
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
      std::cout << "ok " << ids.size() << std::endl;
    } else if (cmd == "drop") {
      server.drop_mid_line(generated("nymn", 999999, 1)[0]);
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
    } else if (cmd == "counters") {
      const auto c = server.counters();
      std::cout << "ok connections=" << c.connections << " refused=" << c.refused
                << " logins=" << c.logins << " rejected_logins=" << c.rejected_logins
                << " joins=" << c.joins << " live=" << c.live_sessions << std::endl;
    } else if (cmd == "quit") {
      std::cout << "ok" << std::endl;
      return 0;
    } else {
      std::cout << "error unknown command: " << line << std::endl;
    }
  }
  return 0;
}
