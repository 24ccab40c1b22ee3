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
#include "core/version.h"

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

// "pererecos-stats 0.1.0 (git 1a2b3c4d5e6f)": the version and the commit it was built from.
std::string version_line() {
  const VersionInfo& v = version_info();
  std::string line = "pererecos-stats " + std::string(v.version);
  if (!v.commit.empty()) {
    line += " (git " + std::string(v.commit) + (v.dirty ? ", modified" : "") + ")";
  }
  return line;
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
  cli.set_version_flag("--version", version_line());
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

  ImportCommandOptions import_options;
  CLI::App* import_cmd = cli.add_subcommand(
      "import",
      "Import recorded chat into the database: raw IRC logs, TwitchDownloader JSON or text, "
      "or a mongoexport dump of the original service. Importing a file twice stores nothing "
      "new.");
  import_cmd->add_option("files", import_options.files, "files to import")->required();
  import_cmd
      ->add_option("--format", import_options.format,
                   "auto (default), irc, twitchdownloader-json, twitchdownloader-txt, "
                   "mongoexport")
      ->type_name("FORMAT");
  import_cmd->add_option("--channel", import_options.channel,
                         "channel of the messages (required by twitchdownloader-txt)");
  import_cmd->add_flag("--bulk-load", import_options.bulk_load,
                       "PostgreSQL without messages yet: drop messages(sender, ts) for the "
                       "import and build it at the end (faster; nothing may serve it meanwhile)");
  add_config_flags(import_cmd, flags);
  import_cmd->footer(
      "Examples:\n"
      "  pererecos-stats import --db sqlite://./chat.db nymn-2024-01.log\n"
      "  pererecos-stats import --format twitchdownloader-txt --channel nymn chat.txt\n"
      "  pererecos-stats import --format mongoexport chat_messages.json");
  import_cmd->callback([&] {
    action = [&](const Config& c) { return run_import_command(c, import_options); };
  });

  ForgetCommandOptions forget_options, optin_options;
  CLI::App* forget_cmd = cli.add_subcommand(
      "forget",
      "Delete every stored message of these chatters (durably: no copy left in the database "
      "file or its WAL) and keep their later messages out of the store; a running server "
      "follows within about a second (docs/privacy.md).");
  forget_cmd->add_option("logins", forget_options.logins, "Twitch logins")->required();
  add_config_flags(forget_cmd, flags);
  forget_cmd->callback([&] {
    action = [&](const Config& c) { return run_forget_command(c, forget_options); };
  });
  CLI::App* optin_cmd = cli.add_subcommand(
      "optin", "Undo `forget` for new messages of these chatters (deleted ones stay deleted).");
  optin_cmd->add_option("logins", optin_options.logins, "Twitch logins")->required();
  add_config_flags(optin_cmd, flags);
  optin_cmd->callback([&] {
    optin_options.opt_in = true;
    action = [&](const Config& c) { return run_forget_command(c, optin_options); };
  });

  CLI::App* serve_cmd = cli.add_subcommand(
      "serve",
      "Serve the statistics API (/api/v1) and the dashboard from the database. Statistics are "
      "rebuilt from the stored messages at start and follow new ones as they are stored, by "
      "this process or another (e.g. an import).");
  add_config_flags(serve_cmd, flags);
  add_server_flags(serve_cmd, flags);
  serve_cmd->footer(settings_help());
  serve_cmd->callback([&] {
    action = [](const Config& c) { return run_serve(c, ServeOptions{}); };
  });

  BackupCommandOptions backup_options;
  CLI::App* backup_cmd = cli.add_subcommand(
      "backup",
      "Copy the SQLite database to FILE, consistently, while `serve` or `import` keep writing "
      "(SQLite's online backup). The copy is checked and written under FILE only when complete.");
  backup_cmd->add_option("file", backup_options.file, "the backup file to write")->required();
  backup_cmd->add_flag("--force", backup_options.force, "replace FILE when it exists");
  add_config_flags(backup_cmd, flags);
  backup_cmd->callback([&] {
    action = [&](const Config& c) { return run_backup_command(c, backup_options); };
  });
  CLI::App* restore_cmd = cli.add_subcommand(
      "restore",
      "Replace the database's content by the backup FILE, after checking its integrity and "
      "schema version. Refuses to overwrite an existing database, or one a running process "
      "has open, without --force; stop the service first.");
  restore_cmd->add_option("file", backup_options.file, "the backup file to restore")->required();
  restore_cmd->add_flag("--force", backup_options.force, "replace an existing database");
  add_config_flags(restore_cmd, flags);
  restore_cmd->callback([&] {
    action = [&](const Config& c) { return run_restore_command(c, backup_options); };
  });

  MigrateCommandOptions migrate_options;
  CLI::App* migrate_cmd = cli.add_subcommand(
      "migrate",
      "Copy every table of one database into another (SQLite to PostgreSQL or back), with "
      "progress, resumable after an interruption (run it again), verified at the end "
      "(messages per channel and a checksum of their identities on both sides). Refuses a "
      "non-empty target unless --append. Stop the service writing to the source first.");
  migrate_cmd->add_option("--from", migrate_options.from, "source DATABASE_URL")
      ->required()->type_name("URL");
  migrate_cmd->add_option("--to", migrate_options.to, "target DATABASE_URL")
      ->required()->type_name("URL");
  migrate_cmd->add_flag("--append", migrate_options.append,
                        "add to a target that already holds data");
  migrate_cmd->add_option("--batch", migrate_options.batch_size,
                          "messages per target transaction (default 20000)");
  migrate_cmd->footer(
      "Examples:\n"
      "  pererecos-stats migrate --from sqlite://./pererecos.db \\\n"
      "      --to postgresql://pererecos:secret@db:5432/pererecos\n"
      "  pererecos-stats migrate --from postgresql://db/pererecos --to sqlite:///srv/copy.db");
  migrate_cmd->callback([&] {
    action = [&](const Config&) { return run_migrate_command(migrate_options); };
  });

  DemoCommandOptions demo_options;
  std::string demo_db = "sqlite://./pererecos-demo.db";
  CLI::App* demo_cmd = cli.add_subcommand(
      "demo",
      "Build the built-in demo dataset (a realistic community: ~520k messages from 5k "
      "chatters over 60 days ending now, in its own SQLite file, rebuilt when older than "
      "6 hours), then serve it at http://localhost:8000 with the real clock while the "
      "community keeps chatting live (--now freezes it instead).");
  demo_cmd->add_option("--db", demo_db,
                       "the demo's own database (DATABASE_URL is not used, so a real "
                       "database is never touched)")
      ->capture_default_str();
  bool build_only = false;
  demo_cmd->add_flag("--build-only", build_only, "build the dataset and exit");
  add_flag(demo_cmd, flags, "--now", "PERERECOS_NOW",
           "end the dataset at this ISO 8601 instant and freeze the clock there");
  add_flag(demo_cmd, flags, "--timezone", "CHANNEL_TIMEZONE",
           "IANA time zone for hours of the day (demo default: America/Sao_Paulo)");
  add_server_flags(demo_cmd, flags);
  demo_cmd->callback([&] {
    flags.values["DATABASE_URL"] = demo_db;
    flags.values.emplace("CHANNEL_TIMEZONE", "America/Sao_Paulo");
    demo_options.serve = !build_only;
    action = [&](const Config& c) { return run_demo_command(c, demo_options); };
  });

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
