// An activity record as the API answers it: the store's record (store::to_json) with its
// source's code ("source": "S09" beside "source_id") and its inventory's id. Two forms with the
// same bytes: a nlohmann tree for single answers, and a JsonWriter stream for pages of many.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/json_writer.hpp"
#include "store/activity.hpp"

namespace cl::server {

/// Source store id → code; a record whose source is missing gets "".
using SourceCodes = std::map<std::int64_t, std::string>;

nlohmann::json record_json(const store::ActivityRow& row, std::int64_t inventory_id,
                           const SourceCodes& codes);

/// The same object as record_json() dumped by send_json(), written to `out`; `source_code` is
/// the code record_json() finds in its map.
void write_record(JsonWriter& out, const store::ActivityRow& row, std::int64_t inventory_id,
                  std::string_view source_code);

}  // namespace cl::server
