// The PostgreSQL side of inventory_feed.hpp: one libpq connection that LISTENs and is read
// without blocking (poll with a timeout, then PQconsumeInput and PQnotifies).
#include "store/inventory_feed.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>

#include "store/backends.hpp"

namespace cl::store {
namespace {

constexpr const char* kChannel = "cl_inventories";

class PgInventoryFeed final : public InventoryFeed {
 public:
  PgInventoryFeed(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~PgInventoryFeed() override { PQfinish(conn_); }
  PgInventoryFeed(const PgInventoryFeed&) = delete;
  PgInventoryFeed& operator=(const PgInventoryFeed&) = delete;

  Result<InventoryChanges> wait(std::chrono::milliseconds timeout) override {
    return guard([&] { return read(timeout); });
  }

 private:
  InventoryChanges read(std::chrono::milliseconds timeout) {
    InventoryChanges changes = take();
    if (!changes.empty()) return changes;
    pollfd watched{.fd = PQsocket(conn_), .events = POLLIN, .revents = 0};
    if (watched.fd < 0) lost();
    const int ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno != EINTR) lost();
    if (ready <= 0) return changes;
    if (PQconsumeInput(conn_) != 1 || PQstatus(conn_) != CONNECTION_OK) lost();
    return take();
  }

  InventoryChanges take() {
    InventoryChanges changes;
    while (PGnotify* notice = PQnotifies(conn_)) {
      if (std::string_view(notice->relname) == kChannel) {
        changes.merge(InventoryChanges::parse(notice->extra));
      }
      PQfreemem(notice);
    }
    return changes;
  }

  [[noreturn]] void lost() {
    std::string what = PQerrorMessage(conn_);
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    throw_error(ErrorCode::store_open_failed,
                name_ + ": the connection listening for changed inventories was lost" +
                    (what.empty() ? std::string() : " (" + what + ")"));
  }

  PGconn* conn_;
  std::string name_;
};

}  // namespace

bool has_inventory_feed(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<InventoryFeed>> open_inventory_feed(const std::string& url) {
  if (!has_inventory_feed(url)) return std::unique_ptr<InventoryFeed>();
  return guard([&]() -> std::unique_ptr<InventoryFeed> {
    PGconn* conn = detail::connect_postgresql(url);
    const std::string name = detail::without_password(url);
    auto feed = std::make_unique<PgInventoryFeed>(conn, name);
    std::unique_ptr<PGresult, decltype(&PQclear)> listened(
        PQexec(conn, (std::string("LISTEN ") + kChannel).c_str()), &PQclear);
    if (PQresultStatus(listened.get()) != PGRES_COMMAND_OK) {
      throw_error(ErrorCode::store_open_failed,
                  name + ": cannot listen for changed inventories: " + PQerrorMessage(conn));
    }
    return feed;
  });
}

}  // namespace cl::store
