#include "app/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>

#include "app/commands.h"
#include "app/config.h"
#include "app/env_file.h"

extern char** environ;

namespace pererecos::app {
namespace {

// Flags shared by the subcommands; each one sets the environment name it overrides.
struct CommonFlags {
  std::map<std::string, std::string> values;
  std::string env_file;
};

void add_flag(CLI::App* cmd, CommonFlags& flags, const std::string& flag, const std::string& key,
              const std::string& help) {
  cmd->add_option_function<std::string>(
         flag, [&flags, key](const std::string& v) { flags.values[key] = v; },
         help + " [" + key + "]")
      ->type_name("VALUE");
}

void add_config_flags(CLI::App* cmd, CommonFlags& flags) {
  cmd->add_option("--env-file", flags.env_file,
                  "read settings from this file (default: ./.env when it exists)");
  add_flag(cmd, flags, "--db", "DATABASE_URL", "database URL, e.g. sqlite://./pererecos.db");
  add_flag(cmd, flags, "--now", "PERERECOS_NOW", "freeze the clock at this ISO 8601 instant");
  add_flag(cmd, flags, "--timezone", "CHANNEL_TIMEZONE", "IANA time zone for hours of the day");
  add_flag(cmd, flags, "--channels", "TWITCH_CHANNELS", "channels, comma separated");
  add_flag(cmd, flags, "--ignored-users", "IGNORED_USERS", "logins left out of statistics");
}

void add_server_flags(CLI::App* cmd, CommonFlags& flags) {
  add_flag(cmd, flags, "--host", "HOST", "address to listen on");
  add_flag(cmd, flags, "--port", "PORT", "port to listen on");
  add_flag(cmd, flags, "--root-path", "API_ROOT_PATH", "path prefix behind a reverse proxy");
}

// Builds the configuration from .env, the environment and the flags; prints one clear
// line and returns nullopt on an invalid value.
std::optional<Config> load_config(const CommonFlags& flags) {
  ConfigSources sources;
  std::string env_file = flags.env_file;
  if (env_file.empty() && std::filesystem::exists(".env")) env_file = ".env";
  if (!env_file.empty()) {
    auto parsed = read_env_file(env_file);
    if (!parsed) {
      std::cerr << "pererecos-stats: configuration error: " << parsed.error() << "\n";
      return std::nullopt;
    }
    sources.dotenv = std::move(*parsed);
  }
  sources.environment = settings_from_environment(environ);
  sources.flags = flags.values;
  auto config = build_config(sources);
  if (!config) {
    std::cerr << "pererecos-stats: configuration error: " << config.error() << "\n";
    return std::nullopt;
  }
  if (config->mongodb_url_set) std::cerr << "pererecos-stats: note: " << mongodb_notice() << "\n";
  return std::move(*config);
}

std::string settings_help() {
  std::string text = "Settings (environment, .env file, or the flags shown above):\n";
  for (const SettingInfo& s : known_settings()) {
    text += "  " + std::string(s.name) + ": " + s.description;
    if (*s.default_value) text += " (default: " + std::string(s.default_value) + ")";
    text += "\n";
  }
  return text;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"Pererecos Stats: real-time Twitch chat statistics.", "pererecos-stats"};
  cli.set_version_flag("--version", std::string("pererecos-stats ") + PERERECOS_VERSION);
  cli.require_subcommand(0, 1);
  cli.footer("Run `pererecos-stats COMMAND --help` for the options of a command.");

  CommonFlags flags;
  std::function<int(const Config&)> action;

  CLI::App* config_cmd = cli.add_subcommand(
      "config", "Print the effective configuration (secrets masked) and exit.");
  add_config_flags(config_cmd, flags);
  add_server_flags(config_cmd, flags);
  config_cmd->footer(settings_help());
  config_cmd->callback([&] { action = run_config_command; });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (!action) {
    std::cout << cli.help();
    return 0;
  }
  const std::optional<Config> config = load_config(flags);
  if (!config) return 2;
  return action(*config);
}

}  // namespace pererecos::app
