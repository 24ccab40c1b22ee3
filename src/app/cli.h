// The command line of `pererecos-stats`: subcommands, their flags and --help.
#pragma once

namespace pererecos::app {

// Parses argv, runs the chosen subcommand and returns the process exit code:
// 0 success, 1 runtime failure, 2 invalid usage or configuration.
int run_cli(int argc, char** argv);

}  // namespace pererecos::app
