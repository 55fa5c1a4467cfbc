// `carbonledger migrate | audit verify | backup | restore | user add|passwd|role |
// workspace load|freeze|diff`: the store's command line. Every command takes --db URL
// (sqlite:PATH or postgresql://…). Passwords are read from --password-file or the first line of
// standard input, never from the command line, and hashed here with libsodium's argon2id
// (crypto_pwhash_str); the store keeps only the hash.
#include <fmt/format.h>
#include <pwd.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <ostream>

#include "cli/context.hpp"
#include "store/accounts.hpp"
#include "store/audit.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/organizations.hpp"
#include "store/versions.hpp"
#include "store/workspace.hpp"

namespace cl::cli {
namespace {

inline constexpr std::size_t kMinPasswordLength = 12;

struct StoreOptions {
  std::string db;
  std::string file;
  std::string email;
  std::string name;
  std::string role;
  std::string password_file;
  std::string kind = "factory";
  std::string reason;
  std::string format = "text";
  std::int64_t org = 0;
  std::int64_t inventory = 0;
  int from = 0;
  int to = 0;
  bool remove = false;
};

store::Actor actor(std::string reason) {
  const passwd* entry = ::getpwuid(::geteuid());
  return {std::string("cli:") + (entry != nullptr ? entry->pw_name : std::to_string(::geteuid())),
          std::move(reason)};
}

std::unique_ptr<store::Database> open(const StoreOptions& options) {
  return value_or_throw(store::open_migrated(options.db));
}

/// The password from --password-file or the first line of standard input, checked for length.
std::string read_password(const StoreOptions& options) {
  std::string password;
  if (!options.password_file.empty()) {
    std::ifstream in(options.password_file);
    if (!in) {
      throw CommandError{Error{
          ErrorCode::io_not_found, "password file not found: " + options.password_file, {}, {}}};
    }
    std::getline(in, password);
  } else {
    std::getline(std::cin, password);
  }
  while (!password.empty() && (password.back() == '\r' || password.back() == '\n'))
    password.pop_back();
  if (password.size() < kMinPasswordLength) {
    throw CommandError{
        Error{ErrorCode::auth_weak_password,
              fmt::format("a password needs at least {} characters (got {}); give it "
                          "on standard input or with --password-file",
                          kMinPasswordLength, password.size()),
              {},
              {}}};
  }
  return password;
}

/// argon2id with libsodium's interactive limits (64 MiB, 2 passes).
std::string hash_password(const std::string& password) {
  if (sodium_init() < 0)
    throw CommandError{Error{ErrorCode::internal, "libsodium failed to start", {}, {}}};
  char hashed[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hashed, password.c_str(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw CommandError{
        Error{ErrorCode::internal, "out of memory while hashing the password", {}, {}}};
  }
  return hashed;
}

std::optional<std::int64_t> org_of(const StoreOptions& options) {
  return options.org > 0 ? std::optional<std::int64_t>(options.org) : std::nullopt;
}

void migrate_command(const Context& context, const StoreOptions& options) {
  auto db = value_or_throw(store::open_database(options.db));
  const auto report = value_or_throw(store::migrate(*db));
  if (report.applied.empty()) {
    *context.out << fmt::format("{} is at schema version {}; nothing to do\n", db->name(),
                                report.to_version);
    return;
  }
  *context.out << fmt::format("{}: schema version {} → {}\n", db->name(), report.from_version,
                              report.to_version);
  for (const auto& step : report.applied) *context.out << "applied " << step << '\n';
}

void audit_verify_command(const Context& context, const StoreOptions& options) {
  auto db = open(options);
  const auto report = value_or_throw(store::verify_audit(*db));
  if (!report.intact) {
    *context.out << fmt::format("audit log of {}: BROKEN at seq {}\n", db->name(),
                                report.first_bad_seq);
    throw CommandError{Error{ErrorCode::store_audit_broken,
                             fmt::format("{}; {} entries before it verify. Restore from a backup "
                                         "and investigate who wrote to the database directly",
                                         report.problem, report.entries),
                             {},
                             {}}};
  }
  *context.out << fmt::format("audit log of {}: {} entries, chain intact\nhead seq {} hash {}\n",
                              db->name(), report.entries, report.head_seq, report.head_hash);
}

void backup_command(const Context& context, const StoreOptions& options) {
  auto db = open(options);
  const auto report = value_or_throw(store::backup_database(*db, options.file));
  *context.out << fmt::format("backed up {} to {}: {} tables, {} rows\n", db->name(), options.file,
                              report.tables, report.rows);
}

void restore_command(const Context& context, const StoreOptions& options) {
  auto db = value_or_throw(store::open_database(options.db));
  if (value_or_throw(store::schema_version(*db)) == 0) value_or_throw(store::migrate(*db));
  const auto report = value_or_throw(store::restore_database(*db, options.file));
  const auto audit = value_or_throw(store::verify_audit(*db));
  *context.out << fmt::format("restored {} into {}: {} tables, {} rows\n", options.file, db->name(),
                              report.tables, report.rows);
  if (!audit.intact) {
    throw CommandError{Error{ErrorCode::store_audit_broken,
                             "the restored audit log is broken: " + audit.problem,
                             {},
                             {}}};
  }
  *context.out << fmt::format("audit log: {} entries, chain intact, head hash {}\n", audit.entries,
                              audit.head_hash);
}

void user_add_command(const Context& context, const StoreOptions& options) {
  auto db = open(options);
  const std::string hash = hash_password(read_password(options));
  store::User user;
  user.email = options.email;
  user.name = options.name;
  user.password_hash = hash;
  const auto who = actor("carbonledger user add");
  db->write([&] {
    user = value_or_throw(store::create_user(*db, who, user));
    value_or_throw(store::add_membership(*db, who, {0, user.id, org_of(options), options.role}));
  });
  *context.out << fmt::format(
      "user {} ({}) added with role {}{}\n", user.id, user.email, options.role,
      options.org > 0 ? fmt::format(" in organization {}", options.org) : "");
}

void user_passwd_command(const Context& context, const StoreOptions& options) {
  auto db = open(options);
  const auto user = value_or_throw(store::find_user_by_email(*db, options.email));
  const std::string hash = hash_password(read_password(options));
  value_or_throw(store::set_password_hash(*db, actor("carbonledger user passwd"), user.id, hash));
  *context.out << fmt::format("password of {} changed\n", user.email);
}

void user_role_command(const Context& context, const StoreOptions& options) {
  auto db = open(options);
  const auto user = value_or_throw(store::find_user_by_email(*db, options.email));
  const auto who = actor("carbonledger user role");
  if (options.remove) {
    value_or_throw(store::remove_membership(*db, who, user.id, org_of(options), options.role));
  } else {
    value_or_throw(store::add_membership(*db, who, {0, user.id, org_of(options), options.role}));
  }
  *context.out << fmt::format("{}: roles now", user.email);
  for (const auto& membership : value_or_throw(store::list_memberships(*db, user.id))) {
    *context.out << ' ' << membership.role
                 << (membership.organization_id ? "@" + std::to_string(*membership.organization_id)
                                                : "");
  }
  *context.out << '\n';
}

void workspace_load_command(const Context& context, const StoreOptions& options) {
  auto db = open(options);
  const auto loaded = context.load_library();
  const auto report = value_or_throw(
      store::import_inventory_file(*db, actor("carbonledger workspace load " + options.file),
                                   options.file, loaded.library, options.kind, org_of(options)));
  *context.out << fmt::format(
      "loaded {} into {}: organization {}, inventory {} ({} facilities, {} sources, {} activity "
      "records, {} own factors)\n",
      options.file, db->name(), report.organization_id, report.inventory_id, report.facilities,
      report.sources, report.records, report.factors);
}

void workspace_freeze_command(const Context& context, const StoreOptions& options) {
  auto db = open(options);
  const auto loaded = context.load_library();
  const auto version = value_or_throw(
      store::freeze_inventory(*db, actor(options.reason), options.inventory, loaded.library));
  *context.out << fmt::format(
      "inventory {} frozen as version {}: total {:.3f} kg CO2e, sha256 {}\n", options.inventory,
      version.version, version.result.value("total_co2e_kg", 0.0), version.sha256);
}

void workspace_diff_command(const Context& context, const StoreOptions& options) {
  auto db = open(options);
  const auto from = value_or_throw(store::get_version(*db, options.inventory, options.from));
  const auto to = value_or_throw(store::get_version(*db, options.inventory, options.to));
  const auto diff = store::diff_versions(from, to);
  *context.out << (options.format == "json" ? store::to_json(diff).dump(2) + "\n"
                                            : store::render_diff(diff));
}

CLI::Option* add_db(CLI::App* command, StoreOptions& options) {
  return command->add_option("--db", options.db, "sqlite:PATH or postgresql://USER@HOST/DBNAME")
      ->required();
}

}  // namespace

void add_store_commands(CLI::App& app, Context& context) {
  auto options = std::make_shared<StoreOptions>();
  auto& opt = *options;

  auto* migrate = app.add_subcommand("migrate", "create or upgrade the database schema");
  add_db(migrate, opt);
  migrate->callback([&context, options] { migrate_command(context, *options); });

  auto* audit = app.add_subcommand("audit", "the hash-chained audit log");
  audit->require_subcommand(1);
  auto* verify =
      audit->add_subcommand("verify", "recompute the chain; exit 1 at the first broken seq");
  add_db(verify, opt);
  verify->callback([&context, options] { audit_verify_command(context, *options); });

  auto* backup = app.add_subcommand("backup", "write a consistent logical backup of the database");
  add_db(backup, opt);
  backup->add_option("-o,--output", opt.file, "the backup file to write")->required();
  backup->callback([&context, options] { backup_command(context, *options); });

  auto* restore = app.add_subcommand("restore", "load a backup into a new, empty database");
  add_db(restore, opt);
  restore->add_option("-i,--input", opt.file, "the backup file to read")->required();
  restore->callback([&context, options] { restore_command(context, *options); });

  auto* user = app.add_subcommand("user", "accounts: add a user, set a password, grant a role");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "add a user with one role (password on standard input)");
  add_db(add, opt);
  add->add_option("--email", opt.email, "the user's email (the login)")->required();
  add->add_option("--name", opt.name, "the user's name")->required();
  add->add_option("--role", opt.role, "factory, supplier, consultant, verifier or administrator")
      ->required();
  add->add_option("--org", opt.org, "organization id (needed for every role but administrator)");
  add->add_option("--password-file", opt.password_file, "read the password from this file");
  add->callback([&context, options] { user_add_command(context, *options); });
  auto* passwd = user->add_subcommand("passwd", "set a user's password (on standard input)");
  add_db(passwd, opt);
  passwd->add_option("--email", opt.email, "the user's email")->required();
  passwd->add_option("--password-file", opt.password_file, "read the password from this file");
  passwd->callback([&context, options] { user_passwd_command(context, *options); });
  auto* role = user->add_subcommand("role", "grant (or with --remove take away) a role");
  add_db(role, opt);
  role->add_option("--email", opt.email, "the user's email")->required();
  role->add_option("--role", opt.role, "factory, supplier, consultant, verifier or administrator")
      ->required();
  role->add_option("--org", opt.org, "organization id (needed for every role but administrator)");
  role->add_flag("--remove", opt.remove, "take the role away instead");
  role->callback([&context, options] { user_role_command(context, *options); });

  auto* workspace = app.add_subcommand("workspace", "inventories in the database");
  workspace->require_subcommand(1);
  auto* load = workspace->add_subcommand(
      "load", "store an inventory file (YAML/JSON + CSV) as a new organization");
  add_db(load, opt);
  load->add_option("file", opt.file, "the inventory file, e.g. data/demo/fastener-2024.yaml")
      ->required();
  load->add_option("--kind", opt.kind, "kind of the new organization (default factory)")
      ->check(CLI::IsMember({"factory", "supplier", "consultancy", "verifier", "program"}));
  load->add_option("--org", opt.org, "add to this existing organization instead");
  load->callback([&context, options] { workspace_load_command(context, *options); });
  auto* freeze =
      workspace->add_subcommand("freeze", "compute an inventory and freeze it as the next version");
  add_db(freeze, opt);
  freeze->add_option("--inventory", opt.inventory, "inventory id")->required();
  freeze->add_option("--reason", opt.reason, "why (recorded in the audit log)")->required();
  freeze->callback([&context, options] { workspace_freeze_command(context, *options); });
  auto* diff = workspace->add_subcommand("diff", "compare two frozen versions line by line");
  add_db(diff, opt);
  diff->add_option("--inventory", opt.inventory, "inventory id")->required();
  diff->add_option("--from", opt.from, "the older version")->required();
  diff->add_option("--to", opt.to, "the newer version")->required();
  diff->add_option("--format", opt.format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  diff->callback([&context, options] { workspace_diff_command(context, *options); });
}

}  // namespace cl::cli
