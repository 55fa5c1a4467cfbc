// The operator's CBAM communication from a stored inventory (docs/formats/cbam.md):
//   POST /inventories/{id}/cbam?format=json|xlsx
// The body is a communication document without `inventory`: the stored inventory, read with the
// caller's read permission and computed now, gives the sources the processes share. Answers the
// computed result (cbam-result/1) or the communication workbook. A body with problems is 422
// listing every one; a CN code that is not a CBAM good names its field as a path into the body
// (e.g. "processes[0].goods[1].cn") so the browser can show it there.
#include <map>
#include <utility>

#include "core/cbam/compute.hpp"
#include "core/cbam/from_inventory.hpp"
#include "io/cbam_reader.hpp"
#include "io/cbam_writer.hpp"
#include "io/factor_loader.hpp"
#include "server/auth/token.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"
#include "server/routes/workbook.hpp"

namespace cl::server {
namespace {

constexpr const char* kBodyName = "request body";

/// The body paths of every CN code that is not a CBAM good, by (record id, normalized code): a
/// good's record is its process id, a precursor's its own id.
std::map<std::pair<std::string, std::string>, std::string> foreign_cn_paths(
    const nlohmann::json& body, const cbam::GoodsCatalogue& catalogue) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  const auto id_of = [](const nlohmann::json& item) {
    return item.is_object() && item.contains("id") && item["id"].is_string()
               ? item["id"].get<std::string>()
               : std::string{};
  };
  const auto note = [&](const std::string& record, const nlohmann::json& item,
                        const std::string& path) {
    if (!item.is_object() || !item.contains("cn") || !item["cn"].is_string()) return;
    const auto code = cbam::normalize_cn(item["cn"].get<std::string>());
    if (catalogue.find(code) == nullptr) out.emplace(std::make_pair(record, code), path + ".cn");
  };
  if (body.contains("processes") && body["processes"].is_array()) {
    const auto& processes = body["processes"];
    for (std::size_t i = 0; i < processes.size(); ++i) {
      const auto& process = processes[i];
      if (!process.is_object() || !process.contains("goods") || !process["goods"].is_array()) {
        continue;
      }
      for (std::size_t j = 0; j < process["goods"].size(); ++j) {
        note(id_of(process), process["goods"][j],
             "processes[" + std::to_string(i) + "].goods[" + std::to_string(j) + "]");
      }
    }
  }
  if (body.contains("precursors") && body["precursors"].is_array()) {
    const auto& precursors = body["precursors"];
    for (std::size_t k = 0; k < precursors.size(); ++k) {
      note(id_of(precursors[k]), precursors[k], "precursors[" + std::to_string(k) + "]");
    }
  }
  return out;
}

/// The index of the item of `body[list]` whose "id" is `id`; -1 when none.
long index_of(const nlohmann::json& body, const char* list, const std::string& id) {
  if (id.empty() || !body.contains(list) || !body[list].is_array()) return -1;
  for (std::size_t i = 0; i < body[list].size(); ++i) {
    const auto& item = body[list][i];
    if (item.is_object() && item.contains("id") && item["id"] == id) return static_cast<long>(i);
  }
  return -1;
}

/// The path in the body of what a reader or calculation diagnostic names by record and field:
/// "processes[0].attribution", "precursors[1]", "installation.unlocode", "period.end"; the field
/// unchanged when it cannot be told.
std::string body_path(const nlohmann::json& body, const RecordRef& where) {
  const std::string& field = where.field;
  if (const long i = index_of(body, "processes", where.record); i >= 0) {
    const std::string base = "processes[" + std::to_string(i) + "]";
    // A member of a process's lists is named by its list (the reader names no item of it).
    if (field == "cn") return base + ".goods";  // (goods and precursors both have tonnes)
    if (field == "source" || field == "share") return base + ".attribution";
    if (field == "precursor") return base + ".precursors";
    if (field == "value") return base + ".parameters";
    return field.empty() || field == "processes" ? base : base + "." + field;
  }
  if (const long k = index_of(body, "precursors", where.record); k >= 0) {
    const std::string base = "precursors[" + std::to_string(k) + "]";
    return field.empty() || field == "precursors" ? base : base + "." + field;
  }
  if (!where.record.empty()) return field;
  for (const char* key : {"name", "name_local", "address", "city", "country", "unlocode",
                          "latitude", "longitude", "operator", "contact", "verifier"}) {
    if (field == key) return std::string("installation.") + key;
  }
  for (const char* key : {"start", "end", "defaults_year"}) {
    if (field == key) return std::string("period.") + key;
  }
  return field;
}

/// 422 with every diagnostic, each field given as its path in the body (a foreign CN code's down
/// to the code itself). Diagnostics about the stored inventory's sources keep their record (the
/// source code) but not the server's scratch file name.
[[noreturn]] void refuse(const Diagnostics& found, const nlohmann::json& body,
                         const cbam::GoodsCatalogue* catalogue) {
  Diagnostics out;
  const auto paths = catalogue != nullptr
                         ? foreign_cn_paths(body, *catalogue)
                         : std::map<std::pair<std::string, std::string>, std::string>{};
  for (const auto& item : found.items()) {
    RecordRef where = item.where;
    if (where.file == kBodyName) {
      where.field = body_path(body, where);
    } else {
      where.file.clear();
      where.row = 0;
    }
    if (item.code == ErrorCode::cbam_not_cbam_good) {
      for (const auto& [key, path] : paths) {
        if (key.first == where.record &&
            item.message.find(cbam::format_cn(key.second)) != std::string::npos) {
          where.field = path;
          break;
        }
      }
    }
    if (item.severity == Severity::error) {
      out.error(item.code, item.message, where);
    } else {
      out.warning(item.code, item.message, where);
    }
  }
  throw_diagnostics(out, "the CBAM communication");
}

void cbam_route(ApiState& state, RequestContext& context) {
  const auto format = query(context, "format", "json", {"json", "xlsx"});
  const auto body = json_body(context);  // 415/400 unless a JSON object
  const std::string data_dir =
      state.config.data_dir.empty() ? io::default_data_dir() : state.config.data_dir;
  Diagnostics diagnostics;
  auto catalogue = io::read_cbam_goods(data_dir + "/cbam/goods.yaml", diagnostics);
  auto defaults = io::read_cbam_defaults(data_dir + "/cbam/default-values.yaml", diagnostics);
  if (!catalogue) throw ApiError{500, catalogue.error(), {}};
  if (!defaults) throw ApiError{500, defaults.error(), {}};
  Diagnostics read;
  auto input = io::parse_cbam_input(context.req.body, kBodyName, read, true);
  if (!input) refuse(read, body, &*catalogue);
  auto communication = std::move(input->communication);
  const auto computed = [&] {
    auto db = lease(state);
    const auto record = inventory_for(*db, context, auth::Action::read);
    return compute_stored(*db, state, record.id);
  }();
  auto sources = cbam::sources_from_inventory(computed.inventory, computed.result);
  sources.insert(sources.end(), communication.sources.begin(), communication.sources.end());
  communication.sources = std::move(sources);
  Diagnostics found = read;
  auto result = cbam::compute(communication, *catalogue, *defaults, found);
  if (!result) refuse(found, body, &*catalogue);
  if (format == "json") {
    send_json(context.res, 200, io::cbam_json(communication, *result, *catalogue));
    return;
  }
  send_workbook(state.scratch_dir, context,
                "cbam-communication-" + std::to_string(computed.inventory.year) + ".xlsx",
                [&](const std::string& path) {
                  return io::write_cbam_xlsx(communication, *result, *catalogue, path);
                });
}

}  // namespace

void add_cbam_routes(Router& router, ApiState& state) {
  router.add({"POST", "/api/v1/inventories/{id}/cbam", Access::authenticated,
              "the operator's CBAM communication of the stored inventory (JSON or xlsx)",
              [&state](RequestContext& context) { cbam_route(state, context); }});
}

}  // namespace cl::server
