// Evidence files of an organization (bills, meter photos, spreadsheets): upload the raw bytes
// (POST /orgs/{org}/evidence?name=FILE, any Content-Type: the type is decided by the content's
// first bytes, never by the header or the name), list them, read one, and download its bytes.
// The store keeps each content once (SHA-256): the same bytes uploaded again answer 200 with the
// existing file and "deduplicated": true instead of 201. Only the last component of the name is
// kept ("../../etc/passwd" → "passwd"); an executable or anything not PDF, PNG, JPEG, XLSX/ZIP
// or UTF-8 text is 415 store.evidence_type.
//
// A download is always an attachment (never shown inline by a browser) under its cleaned name:
// filename="…" with an ASCII stand-in, plus filename*=UTF-8''… (RFC 6266, RFC 8187) when the
// name is not plain ASCII.
#include <string>

#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "store/evidence.hpp"
#include "store/organizations.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

json evidence_json(const store::EvidenceFile& file) {
  return {{"id", file.id},
          {"organization_id", file.organization_id},
          {"sha256", file.sha256},
          {"file_name", file.file_name},
          {"media_type", file.media_type},
          {"size", file.size},
          {"created_at", file.created_at},
          {"content_url", "/api/v1/evidence/" + std::to_string(file.id) + "/content"}};
}

/// The organization of the path, after `action` on its evidence is allowed; one whose evidence
/// the caller may not see answers as a missing organization.
std::int64_t evidence_org(store::Database& db, const RequestContext& context, Action action) {
  const auto org = path_id(context, "org");
  if (!allowed(context, Action::read, owned_by(ResourceKind::evidence, org))) {
    throw_no_such(ResourceKind::organization);
  }
  require(context, action, owned_by(ResourceKind::evidence, org));
  found(store::get_organization(db, org), ResourceKind::organization);
  return org;
}

/// The evidence file of the path, after `action` is allowed on it.
store::EvidenceFile load_evidence(store::Database& db, const RequestContext& context,
                                  Action action) {
  auto file = found(store::get_evidence(db, path_id(context, "id")), ResourceKind::evidence);
  require(context, action, owned_by(ResourceKind::evidence, file.organization_id));
  return file;
}

/// RFC 8187 attr-char: what a filename* value may hold unencoded.
bool is_attr_char(unsigned char chr) {
  return (chr >= 'A' && chr <= 'Z') || (chr >= 'a' && chr <= 'z') || (chr >= '0' && chr <= '9') ||
         std::string_view("!#$&+-.^_`|~").find(static_cast<char>(chr)) != std::string_view::npos;
}

/// `attachment; filename="…"[; filename*=UTF-8''…]` for a cleaned file name (no control
/// characters: store::clean_file_name refuses them).
std::string content_disposition(const std::string& name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string fallback;  // ASCII: each UTF-8 character outside it, '"' and '\\' become '_'
  std::string encoded;
  for (const char chr : name) {
    const auto byte = static_cast<unsigned char>(chr);
    if (byte < 0x80) {
      fallback.push_back(chr == '"' || chr == '\\' ? '_' : chr);
    } else if ((byte & 0xC0) != 0x80) {
      fallback.push_back('_');  // a lead byte; its continuation bytes add nothing
    }
    if (is_attr_char(byte)) {
      encoded.push_back(chr);
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0x0F];
    }
  }
  std::string header = "attachment; filename=\"" + fallback + "\"";
  if (fallback != name) header += "; filename*=UTF-8''" + encoded;
  return header;
}

void upload_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto org = evidence_org(*db, context, Action::create);
  const auto name = query(context, "name", "");
  if (name.empty()) {
    throw_error(400, ErrorCode::parse_missing_field,
                "query parameter 'name' names the file, e.g. ?name=bill-2024-03.pdf",
                {.field = "name"});
  }
  const auto file =
      unwrap(store::store_evidence(*db, actor_of(context), org, name, context.req.body));
  json body = evidence_json(file);
  body["deduplicated"] = file.deduplicated;
  context.res.set_header("Location", "/api/v1/evidence/" + std::to_string(file.id));
  send_json(context.res, file.deduplicated ? 200 : 201, body);
}

void list_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto org = evidence_org(*db, context, Action::read);
  json items = json::array();
  for (const auto& file : unwrap(store::list_evidence(*db, org))) {
    items.push_back(evidence_json(file));
  }
  const auto total = items.size();
  send_json(context.res, 200, {{"items", std::move(items)}, {"total", total}});
}

void get_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  send_json(context.res, 200, evidence_json(load_evidence(*db, context, Action::read)));
}

void content_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto file = load_evidence(*db, context, Action::read);
  const auto bytes = unwrap(store::evidence_content(*db, file.id));
  const bool text = file.media_type.starts_with("text/");
  context.res.status = 200;
  context.res.set_header("Content-Disposition", content_disposition(file.file_name));
  context.res.set_content(std::string(bytes.begin(), bytes.end()),
                          text ? file.media_type + "; charset=utf-8" : file.media_type);
}

}  // namespace

void add_evidence_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state, "");
  route("POST", "/api/v1/orgs/{org}/evidence",
        "upload an evidence file (raw bytes, ?name=FILE; the same bytes again are deduplicated)",
        upload_route);
  route("GET", "/api/v1/orgs/{org}/evidence", "an organization's evidence files", list_route);
  route("GET", "/api/v1/evidence/{id}", "one evidence file's name, type, size and SHA-256",
        get_route);
  route("GET", "/api/v1/evidence/{id}/content",
        "an evidence file's bytes, as an attachment under its name", content_route);
}

}  // namespace cl::server
