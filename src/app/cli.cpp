#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace pererecos::app {

int run_cli(int argc, char** argv) {
  CLI::App cli{"Pererecos Stats: real-time Twitch chat statistics.", "pererecos-stats"};
  cli.set_version_flag("--version", std::string("pererecos-stats ") + PERERECOS_VERSION);
  cli.require_subcommand(0, 1);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  if (cli.get_subcommands().empty()) {
    std::cout << cli.help();
  }
  return 0;
}

}  // namespace pererecos::app
