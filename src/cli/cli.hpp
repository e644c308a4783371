// The command-line interface: serve, migrate, user, token, holiday, backup, check, ...
#pragma once

namespace doithoai::cli {

// Parses argv, runs the subcommand and returns the process exit code.
int run(int argc, char** argv);

}  // namespace doithoai::cli
