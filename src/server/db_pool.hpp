// A fixed set of database connections shared by the server's worker threads. A store::Database
// is one connection for one thread at a time; acquire() lends one (waiting while all are out)
// and the Lease gives it back when it goes out of scope. SQLite in WAL mode lets the pool's
// readers run beside one writer (writers queue on the busy timeout); PostgreSQL serves each
// connection on its own backend.
//
// At most `active` threads that serve a change (POST, PUT, PATCH, DELETE) work with the
// database at once; the others wait in arrival order (first come, first served) for one to
// finish. On 2 cores, 32 writes running their statements at once queued on the audit log's lock
// and their inventories' rows, spent the machine on switching between them and were served in
// no order, so a write could wait several times the median (PostgreSQL: p99 ~110 ms at a 26 ms
// median). Reads take no locks that others wait for and pass without waiting (ReadingScope);
// gated too, they lost a third of their rate when a thread holding a place was descheduled. A
// thread counts once however many leases it holds: one taken while it holds another (the account
// code under a route) does not wait at the gate, so nested leases cannot deadlock on it. A Lease
// is given back on the thread that took it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "store/database.hpp"

namespace cl::server {

class DbPool {
 public:
  /// Opens `size` connections to `url` (store::open_database); the first failure is returned.
  /// `active`: threads serving a change that work with the database at once (0: `size`).
  static Result<std::unique_ptr<DbPool>> open(const std::string& url, std::size_t size,
                                              std::size_t active = 0);

  class Lease {
   public:
    Lease(DbPool& pool, std::unique_ptr<store::Database> db, bool admitted)
        : pool_(&pool), db_(std::move(db)), admitted_(admitted) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    store::Database& operator*() const { return *db_; }
    store::Database* operator->() const { return db_.get(); }

   private:
    DbPool* pool_;
    std::unique_ptr<store::Database> db_;
    bool admitted_;  ///< this lease passed the gate (the thread's outermost one)
  };

  /// A connection for the calling thread; waits at the gate (unless the thread reads or holds a
  /// lease already) and then while all connections are lent.
  Lease acquire();

  /// While one lives, the calling thread serves a read: its leases pass the gate without waiting.
  class ReadingScope {
   public:
    explicit ReadingScope(bool reading);
    ~ReadingScope();
    ReadingScope(const ReadingScope&) = delete;
    ReadingScope& operator=(const ReadingScope&) = delete;

   private:
    bool previous_;
  };

  /// Called with the inventories a lent connection's commits changed, as it comes back (before
  /// the request that wrote answers). Set it before the pool is shared between threads.
  using ChangeObserver = std::function<void(const store::InventoryChanges&)>;
  void on_changes(ChangeObserver observer) { observer_ = std::move(observer); }

  const std::string& name() const { return name_; }
  std::size_t size() const { return size_; }
  std::size_t active_limit() const { return active_limit_; }
  /// Threads waiting at the gate now.
  std::size_t queued();

 private:
  DbPool() = default;
  void give_back(std::unique_ptr<store::Database> db);
  void enter();
  void leave();

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<store::Database>> idle_;
  std::string name_;
  std::size_t size_ = 0;
  ChangeObserver observer_;

  /// The gate: each waiting thread has its own condition, so a finished thread wakes exactly the
  /// next in line.
  struct Waiter {
    std::condition_variable turn;
    bool admitted = false;
  };
  std::mutex gate_mutex_;
  std::deque<Waiter*> waiting_;
  std::size_t active_ = 0;
  std::size_t active_limit_ = 0;
};

}  // namespace cl::server
