// The PostgreSQL side of inventory_feed.hpp: one libpq connection that LISTENs and is read
// without blocking (poll with a timeout, then PQconsumeInput and PQnotifies).
#include "store/inventory_feed.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <optional>
#include <string>

#include "store/backends.hpp"

namespace cl::store {
namespace {

constexpr const char* kChannel = "cl_inventories";
/// The feed's own check that its connection still works: a connection that died without a word
/// (a crashed host, a dropped NAT entry) looks idle for ever, and the server would keep rows that
/// nobody tells it about. A plain query, not a NOTIFY to itself: a NOTIFY takes a transaction id
/// and writes a commit record.
constexpr const char* kBeat = "SELECT 1";
constexpr auto kBeatEvery = std::chrono::seconds(1);
constexpr auto kBeatDeadline = std::chrono::seconds(5);
/// An unreachable server makes the attempt fail in this time rather than the system's (minutes),
/// so that a stopping server does not wait for it; the URL's own connect_timeout wins.
constexpr int kConnectTimeoutSeconds = 10;

using Clock = std::chrono::steady_clock;

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
    beat();
    InventoryChanges changes = take();
    if (!changes.empty()) return changes;
    pollfd watched{.fd = PQsocket(conn_), .events = POLLIN, .revents = 0};
    if (watched.fd < 0) lost("");
    const int ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno != EINTR) lost("");
    if (ready > 0) {
      if (PQconsumeInput(conn_) != 1 || PQstatus(conn_) != CONNECTION_OK) lost("");
      drain_results();
    }
    return take();
  }

  /// Every kBeatEvery, kBeat sent without waiting; its answer must come within kBeatDeadline.
  void beat() {
    const auto now = Clock::now();
    if (beat_sent_) {
      if (now - *beat_sent_ > kBeatDeadline) {
        lost("no answer from the database for " + std::to_string(kBeatDeadline.count()) + " s");
      }
      return;
    }
    if (now < next_beat_) return;
    if (PQsendQuery(conn_, kBeat) != 1 || PQflush(conn_) < 0) lost("");
    beat_sent_ = now;
  }

  /// Reads the beat's answer as far as it has arrived (never waits for it).
  void drain_results() {
    while (beat_sent_ && PQisBusy(conn_) == 0) {
      PGresult* result = PQgetResult(conn_);
      if (result == nullptr) {  // answered in full: the next beat in kBeatEvery
        beat_sent_.reset();
        next_beat_ = Clock::now() + kBeatEvery;
        return;
      }
      const bool failed = PQresultStatus(result) != PGRES_TUPLES_OK;
      PQclear(result);
      if (failed) lost("");
    }
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

  /// `why`, else the connection's own error.
  [[noreturn]] void lost(std::string why) {
    if (why.empty()) why = PQerrorMessage(conn_);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw_error(ErrorCode::store_open_failed,
                name_ + ": the connection listening for changed inventories was lost" +
                    (why.empty() ? std::string() : " (" + why + ")"));
  }

  PGconn* conn_;
  std::string name_;
  std::optional<Clock::time_point> beat_sent_;  ///< the beat whose answer is awaited
  Clock::time_point next_beat_{};
};

}  // namespace

bool has_inventory_feed(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<InventoryFeed>> open_inventory_feed(const std::string& url) {
  if (!has_inventory_feed(url)) return std::unique_ptr<InventoryFeed>();
  return guard([&]() -> std::unique_ptr<InventoryFeed> {
    PGconn* conn = detail::connect_postgresql(url, kConnectTimeoutSeconds);
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
