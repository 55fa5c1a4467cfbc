// A fixed set of database connections shared by the server's worker threads. A store::Database
// is one connection for one thread at a time; acquire() lends one (waiting while all are out)
// and the Lease gives it back when it goes out of scope. SQLite in WAL mode lets the pool's
// readers run beside one writer (writers queue on the busy timeout); PostgreSQL serves each
// connection on its own backend.
#pragma once

#include <condition_variable>
#include <cstddef>
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
  static Result<std::unique_ptr<DbPool>> open(const std::string& url, std::size_t size);

  class Lease {
   public:
    Lease(DbPool& pool, std::unique_ptr<store::Database> db) : pool_(&pool), db_(std::move(db)) {}
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
  };

  /// A connection for the calling thread; waits while all are lent.
  Lease acquire();

  const std::string& name() const { return name_; }
  std::size_t size() const { return size_; }

 private:
  DbPool() = default;
  void give_back(std::unique_ptr<store::Database> db);

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<store::Database>> idle_;
  std::string name_;
  std::size_t size_ = 0;
};

}  // namespace cl::server
