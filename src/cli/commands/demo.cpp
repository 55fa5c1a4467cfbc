// `carbonledger demo setup --db URL [--workspace FILE]`: fills an empty database with the demo
// workspace (data/demo/workspace.json): organizations, the demo inventories, consultant
// assignments, a frozen and shared version, and demo logins. scripts/run.sh serves it; the API
// tests start from it. Refuses a database that already has organizations, so it never mixes
// demo data into real data.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <ostream>

#include "cli/context.hpp"
#include "io/file.hpp"
#include "server/auth/password.hpp"
#include "store/accounts.hpp"
#include "store/migrations.hpp"
#include "store/organizations.hpp"
#include "store/versions.hpp"
#include "store/workspace.hpp"

namespace cl::cli {
namespace {

struct DemoOptions {
  std::string db;
  std::string workspace;
};

[[noreturn]] void bad_workspace(const std::string& path, const std::string& message) {
  throw CommandError{Error{ErrorCode::parse_bad_value, message, {.file = path}, {}}};
}

std::string text_of(const nlohmann::json& item, const char* key, const std::string& path) {
  if (!item.contains(key) || !item[key].is_string()) {
    bad_workspace(path, fmt::format("every entry needs \"{}\" as text ({})", key, item.dump()));
  }
  return item[key].get<std::string>();
}

void setup_command(const Context& context, const DemoOptions& options) {
  const std::string path =
      options.workspace.empty()
          ? (std::filesystem::path(context.data_dir) / "demo" / "workspace.json").string()
          : options.workspace;
  const auto spec = nlohmann::json::parse(value_or_throw(io::read_file(path)), nullptr, false);
  if (spec.is_discarded() || !spec.is_object()) bad_workspace(path, "not a JSON object");
  const auto folder = std::filesystem::path(path).parent_path();
  const auto loaded = context.load_library();

  auto db = value_or_throw(store::open_database(options.db));
  value_or_throw(store::migrate(*db));
  if (!value_or_throw(store::list_organizations(*db)).empty()) {
    throw CommandError{Error{ErrorCode::store_conflict,
                             db->name() + " already has organizations; the demo goes into an "
                                          "empty database only",
                             {},
                             {}}};
  }
  // One transaction: a failure leaves the database as empty as it was.
  db->write([&] {
    const store::Actor actor{"cli:demo", "demo workspace"};
    std::map<std::string, std::int64_t> orgs;
    std::map<std::string, std::int64_t> inventories;
    for (const auto& item : spec.value("organizations", nlohmann::json::array())) {
      const auto key = text_of(item, "key", path);
      const auto kind = text_of(item, "kind", path);
      std::int64_t id = 0;
      if (item.contains("inventory")) {
        const auto file = (folder / text_of(item, "inventory", path)).string();
        const auto report =
            value_or_throw(store::import_inventory_file(*db, actor, file, loaded.library, kind));
        id = report.organization_id;
        inventories[key] = report.inventory_id;
        auto organization = value_or_throw(store::get_organization(*db, id));
        organization.name = item.value("name", organization.name);
        organization.name_en = item.value("name_en", organization.name_en);
        organization.tax_id = item.value("tax_id", organization.tax_id);
        value_or_throw(store::update_organization(*db, actor, organization));
      } else {
        store::Organization organization;
        organization.kind = kind;
        organization.name = text_of(item, "name", path);
        organization.name_en = item.value("name_en", "");
        organization.tax_id = item.value("tax_id", "");
        id = value_or_throw(store::create_organization(*db, actor, organization)).id;
      }
      orgs[key] = id;
      *context.out << fmt::format("organization {} {} ({})\n", id, key, kind);
    }
    const auto org_id = [&](const std::string& key) {
      const auto found = orgs.find(key);
      if (found == orgs.end()) bad_workspace(path, "no organization with key '" + key + "'");
      return found->second;
    };
    for (const auto& item : spec.value("assignments", nlohmann::json::array())) {
      value_or_throw(store::assign_consultant(*db, actor,
                                              org_id(text_of(item, "consultancy", path)),
                                              org_id(text_of(item, "factory", path))));
    }
    for (const auto& item : spec.value("versions", nlohmann::json::array())) {
      const auto key = text_of(item, "organization", path);
      if (!inventories.contains(key)) bad_workspace(path, "'" + key + "' has no inventory");
      const auto version =
          value_or_throw(store::freeze_inventory(*db, actor, inventories[key], loaded.library));
      for (const auto& with : item.value("share_with", nlohmann::json::array())) {
        value_or_throw(
            store::share_version(*db, actor, version.id, org_id(with.get<std::string>())));
      }
      *context.out << fmt::format("inventory {} frozen as version {}\n", inventories[key],
                                  version.version);
    }
    for (const auto& item : spec.value("users", nlohmann::json::array())) {
      store::User user;
      user.email = text_of(item, "login", path);
      user.name = item.value("name", user.email);
      const auto password = text_of(item, "password", path);
      user.password_hash = value_or_throw(server::auth::hash_password(password));
      user = value_or_throw(store::create_user(*db, actor, user));
      std::optional<std::int64_t> organization;
      if (item.contains("organization")) organization = org_id(text_of(item, "organization", path));
      if (item.contains("role")) {
        value_or_throw(store::add_membership(
            *db, actor, {0, user.id, organization, text_of(item, "role", path)}));
      }
      *context.out << fmt::format("login {} / {} ({})\n", user.email, password,
                                  item.value("role", std::string("no role")));
    }
  });
}

}  // namespace

void add_demo_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<DemoOptions>();
  auto* demo = app.add_subcommand("demo", "the demo workspace");
  demo->require_subcommand(1);
  auto* setup = demo->add_subcommand(
      "setup", "fill an empty database with the demo organizations, inventories and logins");
  setup->add_option("--db", options->db, "sqlite:PATH or postgresql://…")->required();
  setup
      ->add_option("--workspace", options->workspace,
                   "the workspace file (default: data/demo/workspace.json)")
      ->check(CLI::ExistingFile);
  setup->callback([&context, options] { setup_command(context, *options); });
}

}  // namespace cl::cli
