#include "app/cli.h"
#include "core/huge_pages.h"

int main(int argc, char** argv) {
  pererecos::reexec_with_huge_pages(argv);  // before any thread starts (core/huge_pages.h)
  return pererecos::app::run_cli(argc, argv);
}
