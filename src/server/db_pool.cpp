#include "server/db_pool.hpp"

namespace cl::server {

Result<std::unique_ptr<DbPool>> DbPool::open(const std::string& url, std::size_t size) {
  std::unique_ptr<DbPool> pool(new DbPool());
  pool->size_ = size == 0 ? 1 : size;
  for (std::size_t i = 0; i < pool->size_; ++i) {
    auto db = store::open_database(url);
    if (!db) return tl::unexpected(db.error());
    if (pool->name_.empty()) pool->name_ = (*db)->name();
    pool->idle_.push_back(std::move(*db));
  }
  return pool;
}

DbPool::Lease::~Lease() {
  if (db_ && pool_ != nullptr) pool_->give_back(std::move(db_));
}

DbPool::Lease DbPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return !idle_.empty(); });
  auto db = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(db));
}

void DbPool::give_back(std::unique_ptr<store::Database> db) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  available_.notify_one();
}

}  // namespace cl::server
