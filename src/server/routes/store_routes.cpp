#include "server/routes/store_routes.hpp"

#include <algorithm>
#include <limits>

#include "core/inventory/compute.hpp"
#include "io/inventory_reader.hpp"
#include "server/routes/access.hpp"

namespace cl::server {
namespace {

std::string list_of(std::initializer_list<std::string_view> known) {
  std::string list;
  for (const auto& name : known) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

[[noreturn]] void wrong_type(const std::string& name, const std::string& what) {
  throw_error(400, ErrorCode::parse_bad_value, "\"" + name + "\" must be " + what, {.field = name});
}

std::string member_name(const std::string& where, const std::string& key) {
  return where.empty() ? key : where + "." + key;
}

}  // namespace

void check_members(const nlohmann::json& object, const std::string& where,
                   std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const std::string field = member_name(where, key);
    throw_error(400, ErrorCode::parse_unknown_field,
                "unknown member \"" + field + "\"; " +
                    (where.empty() ? std::string("the body") : "\"" + where + "\"") + " may have " +
                    list_of(known),
                {.field = field});
  }
}

void check_text_members(const nlohmann::json& object, const std::string& where,
                        std::initializer_list<std::string_view> numbers) {
  for (const auto& [key, value] : object.items()) {
    const bool is_number = std::find(numbers.begin(), numbers.end(), key) != numbers.end();
    if (is_number ? value.is_number() : value.is_string()) continue;
    wrong_type(member_name(where, key), is_number ? "a number" : "text");
  }
}

Fields::Fields(nlohmann::json body, std::initializer_list<std::string_view> known)
    : body_(std::move(body)) {
  check_members(body_, "", known);
}

const nlohmann::json* Fields::find(const std::string& name, bool required) const {
  const auto found = body_.find(name);
  if (found != body_.end()) return &*found;
  if (required) {
    throw_error(400, ErrorCode::parse_missing_field, "the body needs \"" + name + "\"",
                {.field = name});
  }
  return nullptr;
}

std::optional<std::string> Fields::text(const std::string& name, bool required) const {
  const auto* value = find(name, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) wrong_type(name, "text");
  return value->get<std::string>();
}

std::optional<std::int64_t> Fields::integer(const std::string& name, std::int64_t low,
                                            std::int64_t high, bool required) const {
  const auto* value = find(name, required);
  if (value == nullptr) return std::nullopt;
  const std::string what =
      high == std::numeric_limits<std::int64_t>::max()
          ? "a whole number of at least " + std::to_string(low)
          : "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  if (!value->is_number_integer()) wrong_type(name, what);
  // An unsigned JSON number above INT64_MAX would wrap: out of range as well.
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() > static_cast<std::uint64_t>(high)) {
    wrong_type(name, what);
  }
  const auto number = value->get<std::int64_t>();
  if (number < low || number > high) wrong_type(name, what);
  return number;
}

std::optional<nlohmann::json> Fields::object(const std::string& name, bool required) const {
  const auto* value = find(name, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) wrong_type(name, "a JSON object");
  return *value;
}

void require_within(const RequestContext& context, const auth::Resource& parent,
                    auth::Action action, auth::ResourceKind kind, std::int64_t org,
                    std::string_view items) {
  require(context, auth::Action::read, parent);
  if (allowed(context, action, owned_by(kind, org))) return;
  std::string plural(items);
  if (plural.empty()) {
    plural = kind == auth::ResourceKind::facility    ? "facilities"
             : kind == auth::ResourceKind::inventory ? "inventories"
                                                     : std::string(auth::kind_name(kind)) + "s";
  }
  throw_error(403, ErrorCode::auth_forbidden,
              "your role (" + std::string(auth::role_name(principal(context).role)) + ") may not " +
                  std::string(auth::action_name(action)) + " " + plural + " of this " +
                  std::string(auth::kind_name(parent.kind)));
}

store::Organization readable_org(store::Database& db, const RequestContext& context) {
  auto organization =
      found(store::get_organization(db, path_id(context, "org")), auth::ResourceKind::organization);
  require(context, auth::Action::read, owned_by(auth::ResourceKind::organization, organization.id));
  return organization;
}

void check_document(const nlohmann::json& document, const factors::FactorLibrary& library,
                    const std::function<bool(const Diagnostic&)>& concerns,
                    const std::function<std::string(const std::string&)>& field_of,
                    const std::string& what) {
  auto read = io::parse_inventory(document.dump(), "body", true);
  Diagnostics all = read.diagnostics;
  all.append(inventory::validate(read.inventory, library));
  Diagnostics kept;
  for (const auto& item : all.items()) {
    if (item.severity != Severity::error || !concerns(item)) continue;
    RecordRef where = item.where;
    where.file.clear();
    where.row = 0;
    if (!where.field.empty()) where.field = field_of(where.field);
    kept.error(item.code, item.message, where);
  }
  if (kept.has_errors()) throw_diagnostics(kept, what);
}

}  // namespace cl::server
