// What the organization and inventory routes (organizations.cpp, inventories.cpp) share.
//
// Request bodies are read member by member with Fields: every member must be one the route
// knows (a typo is refused, not silently dropped) and of the right type: 400 parse.unknown_field
// or parse.bad_value naming the member in `where.field`; a required member that is absent is 400
// parse.missing_field (the request cannot be read, as docs/api/openapi.yaml says). JSON null is not
// a value here: it is refused like any other wrong type.
//
// A missing id answers exactly like another tenant's (found() turns store.not_found into the
// answer require() gives a denial), so ids cannot be probed. check_document() reads a changed
// part of an inventory document the way `inventory compute` will, so what the store accepts can
// be computed later.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/diagnostic.hpp"
#include "core/factors/library.hpp"
#include "core/inventory/compute.hpp"
#include "core/inventory/model.hpp"
#include "server/api.hpp"
#include "server/auth/authorize.hpp"
#include "server/http_error.hpp"
#include "server/router.hpp"
#include "store/database.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"

namespace cl::server {

class Fields {
 public:
  /// Refuses the body when it has a member not in `known`.
  Fields(nlohmann::json body, std::initializer_list<std::string_view> known);

  bool has(const std::string& name) const { return body_.contains(name); }

  /// A string member; std::nullopt when absent and not `required`.
  std::optional<std::string> text(const std::string& name, bool required = false) const;
  /// A whole number in [low, high].
  std::optional<std::int64_t> integer(const std::string& name, std::int64_t low, std::int64_t high,
                                      bool required = false) const;
  /// A JSON object member.
  std::optional<nlohmann::json> object(const std::string& name, bool required = false) const;

  /// The optional "reason" member (why, for the audit row); empty when absent.
  std::string reason() const { return text("reason").value_or(""); }

 private:
  const nlohmann::json* find(const std::string& name, bool required) const;
  nlohmann::json body_;
};

/// Refuses an object with a member not in `known` (400 parse.unknown_field naming
/// "<where>.<member>").
void check_members(const nlohmann::json& object, const std::string& where,
                   std::initializer_list<std::string_view> known);
/// Refuses an object whose members are not all text, except those in `numbers` (numbers).
void check_text_members(const nlohmann::json& object, const std::string& where,
                        std::initializer_list<std::string_view> numbers = {});

/// For what lives inside organization `org` (its facilities, inventories, sources, factors):
/// read on `parent` first (404 like a missing one when denied), then `action` on a `kind` of
/// `org` (403 when denied, naming the action and `items`, e.g. "facilities"; default the kind's
/// plural).
void require_within(const RequestContext& context, const auth::Resource& parent,
                    auth::Action action, auth::ResourceKind kind, std::int64_t org,
                    std::string_view items = {});

/// The organization of the path's {org}, which the caller may read (404 otherwise).
store::Organization readable_org(store::Database& db, const RequestContext& context);

/// {"items": [store::to_json(record)…], "total": n}, the shape of every list of these routes.
template <class Records>
nlohmann::json items_json(const Records& records) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& record : records) items.push_back(to_json(record));
  return {{"items", std::move(items)}, {"total", records.size()}};
}

/// Reads `document` (an inventory document, docs/formats/inventory.md) as the engine will and
/// validates it against `library`; 422 with every error `concerns` keeps (warnings pass), each
/// diagnostic's field renamed by `field_of` (the body's name for it) and without file and row
/// (they would name the trial document, not the request).
void check_document(const nlohmann::json& document, const factors::FactorLibrary& library,
                    const std::function<bool(const Diagnostic&)>& concerns,
                    const std::function<std::string(const std::string&)>& field_of,
                    const std::string& what);

/// An inventory's resource for authorization: owned by its organization.
auth::Resource inventory_resource(const store::InventoryRecord& inventory);

/// The inventory of the path's {id}, checked for `action` (404 when it may not be read).
store::InventoryRecord inventory_for(store::Database& db, const RequestContext& context,
                                     auth::Action action);

struct Computed {
  inventory::Inventory inventory;
  inventory::InventoryResult result;
};

/// The inventory as the store holds it, validated (422 listing every problem) and computed.
Computed compute_stored(store::Database& db, const ApiState& state, std::int64_t inventory_id);

}  // namespace cl::server
