#include "server/routes/activity_json.hpp"

namespace cl::server {
namespace {

const std::string& code_of(const store::ActivityRow& row, const SourceCodes& codes) {
  static const std::string kNone;
  const auto found = codes.find(row.source_id);
  return found == codes.end() ? kNone : found->second;
}

}  // namespace

nlohmann::json record_json(const store::ActivityRow& row, std::int64_t inventory_id,
                           const SourceCodes& codes) {
  nlohmann::json out = store::to_json(row);
  out["source"] = code_of(row, codes);
  out["inventory_id"] = inventory_id;
  return out;
}

void write_record(JsonWriter& out, const store::ActivityRow& row, std::int64_t inventory_id,
                  std::string_view source_code) {
  // nlohmann::json's member order: byte-wise ascending keys.
  out.begin_object();
  out.key("amount");
  out.real(row.amount);
  out.key("code");
  out.string(row.code);
  out.key("created_at");
  out.string(row.created_at);
  out.key("evidence");
  out.string(row.evidence);
  out.key("evidence_id");
  if (row.evidence_id) {
    out.integer(*row.evidence_id);
  } else {
    out.null();
  }
  out.key("id");
  out.integer(row.id);
  out.key("inventory_id");
  out.integer(inventory_id);
  out.key("note");
  out.string(row.note);
  out.key("period");
  out.string(row.period);
  out.key("source");
  out.string(source_code);
  out.key("source_id");
  out.integer(row.source_id);
  out.key("unit");
  out.string(row.unit);
  out.end_object();
}

}  // namespace cl::server
