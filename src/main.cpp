// doithoai: parses the command line and dispatches to a subcommand (src/cli/).
#include "cli/cli.hpp"

int main(int argc, char** argv) {
  return doithoai::cli::run(argc, argv);
}
