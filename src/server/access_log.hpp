// The access log: one JSON object per line and request, to standard error or appended to a file:
// {"time": "2025-01-02T03:04:05.678Z", "method", "path", "status", "bytes", "ms", "id", "user",
// "ip"}. The query string is left out (it may carry what users typed); the path is JSON-escaped.
//
// Plain writes rather than spdlog: a line is one JSON object (written by server/json_writer.hpp,
// the bytes nlohmann's dump(-1) printed before, escaping included),
// spdlog's pattern layout and levels would only wrap it, and one fwrite + fflush per line under
// a mutex costs about a microsecond, far below a request's cost. If rotation or asynchronous
// writing is ever needed, this is the one class to change.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "core/common/result.hpp"

namespace cl::server {

struct AccessEntry {
  std::string method;
  std::string path;
  int status = 0;
  std::size_t bytes = 0;
  double duration_ms = 0.0;
  std::string request_id;
  std::string user;
  std::string ip;
};

class AccessLog {
 public:
  /// Standard error when `path` is empty or "-", else the file, appended to.
  static Result<std::unique_ptr<AccessLog>> open(const std::string& path);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessEntry& entry);
  /// A server-side note (start, stop, a 500's real cause), as a JSON line with "event".
  void note(const std::string& event, const std::string& detail);

 private:
  AccessLog(std::FILE* file, bool owned) : file_(file), owned_(owned) {}
  void write_line(const std::string& line);
  std::FILE* file_;
  bool owned_;
  std::mutex mutex_;
};

/// "2025-01-02T03:04:05.678Z" for the current time.
std::string utc_timestamp();

}  // namespace cl::server
