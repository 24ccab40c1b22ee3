#include "app/cli.h"

int main(int argc, char** argv) { return pererecos::app::run_cli(argc, argv); }
