// carbonledger: the command-line entry point. Sub-commands live in commands/; this file wires
// them, parses arguments and is the one place that catches: a CommandError prints
// `error: <code>: <message>` with the record and exits 1; anything unexpected exits 70 with a
// short message, never a stack trace.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"
#include "io/factor_loader.hpp"

int main(int argc, char** argv) {
  CLI::App app{"CarbonLedger: greenhouse-gas inventories for manufacturers (ISO 14064-1)",
               "carbonledger"};
  app.set_version_flag("--version", "carbonledger 0.1.0");
  app.require_subcommand(1);
  cl::cli::Context context;
  context.out = &std::cout;
  context.err = &std::cerr;
  context.data_dir = cl::io::default_data_dir();
  app.add_option("--data", context.data_dir,
                 "factor data folder (default: $CARBONLEDGER_DATA or "
                 "the installed data/)");
  app.add_option("--factors", context.factor_files,
                 "a factor table of your own (data/README.md schema); repeatable")
      ->check(CLI::ExistingFile);
  cl::cli::add_factors_commands(app, context);
  cl::cli::add_inventory_commands(app, context);
  cl::cli::add_lca_commands(app, context);
  cl::cli::add_cbam_commands(app, context);
  cl::cli::add_program_commands(app, context);
  cl::cli::add_offsets_commands(app, context);
  cl::cli::add_footprint_commands(app, context);
  cl::cli::add_pact_commands(app, context);
  cl::cli::add_units_command(app, context);
  cl::cli::add_store_commands(app, context);
  cl::cli::add_serve_command(app, context);
  cl::cli::add_demo_command(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    // CLI11 calls an unknown command a missing one; name the word it did not know instead.
    std::string message = error.what();
    for (const CLI::App* level = &app;;) {
      const auto parsed = level->get_subcommands();
      if (parsed.empty()) {
        const auto extra = level->remaining();
        if (!extra.empty() && !level->get_subcommands({}).empty()) {
          message = "unknown command '" + extra.front() + "'; run with --help to see the commands";
        }
        break;
      }
      level = parsed.front();
    }
    std::cerr << "error: cli.usage: " << message << "\nRun with --help for usage.\n";
    return 2;
  } catch (const cl::cli::CommandError& error) {
    std::cerr << error.error.to_string() << '\n';
    return cl::cli::kExitData;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: internal: out of memory; try a smaller input\n";
    return 70;
  } catch (const std::exception& error) {
    std::cerr << "error: internal: " << error.what() << "\nPlease report this with the input.\n";
    return 70;
  }
  return 0;
}
