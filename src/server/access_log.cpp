#include "server/access_log.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>

#include <nlohmann/json.hpp>

#include "server/json_writer.hpp"

namespace cl::server {

Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& path) {
  if (path.empty() || path == "-") return std::unique_ptr<AccessLog>(new AccessLog(stderr, false));
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (file == nullptr) {
    return fail(ErrorCode::io_write_failed, "cannot open the access log " + path + " to append",
                {.file = path});
  }
  return std::unique_ptr<AccessLog>(new AccessLog(file, true));
}

AccessLog::~AccessLog() {
  if (owned_) std::fclose(file_);
}

void AccessLog::write(const AccessEntry& entry) {
  // The line nlohmann::json::dump(-1, …) printed of the same members, in its (sorted) order,
  // written without building the tree: this runs once per request.
  std::string line;
  line.reserve(256);
  JsonWriter out(line, JsonWriter::Layout::compact);
  out.begin_object();
  out.key("bytes");
  out.integer(static_cast<std::int64_t>(entry.bytes));
  out.key("id");
  out.string(entry.request_id);
  out.key("ip");
  out.string(entry.ip);
  out.key("method");
  out.string(entry.method);
  out.key("ms");
  out.real(std::round(entry.duration_ms * 1000.0) / 1000.0);
  out.key("path");
  out.string(entry.path);
  out.key("status");
  out.integer(entry.status);
  out.key("time");
  out.string(utc_timestamp());
  out.key("user");
  if (entry.user.empty()) {
    out.null();
  } else {
    out.string(entry.user);
  }
  out.end_object();
  write_line(line);
}

void AccessLog::note(const std::string& event, const std::string& detail) {
  nlohmann::json line = {{"time", utc_timestamp()}, {"event", event}, {"detail", detail}};
  write_line(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AccessLog::write_line(const std::string& line) {
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[96];  // room for any int the format could print (-Wformat-truncation)
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<int>(millis));
  return text;
}

}  // namespace cl::server
