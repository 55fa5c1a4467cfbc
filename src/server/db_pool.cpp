#include "server/db_pool.hpp"

#include <algorithm>

namespace cl::server {
namespace {

/// The calling thread serves a read (ReadingScope).
thread_local bool t_reading = false;

/// The pools whose gate the calling thread has passed (and not left).
thread_local std::vector<const DbPool*> t_admitted_to;

bool admitted_to(const DbPool* pool) {
  return std::find(t_admitted_to.begin(), t_admitted_to.end(), pool) != t_admitted_to.end();
}

void forget(const DbPool* pool) {
  const auto found = std::find(t_admitted_to.begin(), t_admitted_to.end(), pool);
  if (found != t_admitted_to.end()) t_admitted_to.erase(found);
}

}  // namespace

Result<std::unique_ptr<DbPool>> DbPool::open(const std::string& url, std::size_t size,
                                             std::size_t active) {
  std::unique_ptr<DbPool> pool(new DbPool());
  pool->size_ = size == 0 ? 1 : size;
  pool->active_limit_ = active == 0 || active > pool->size_ ? pool->size_ : active;
  for (std::size_t i = 0; i < pool->size_; ++i) {
    auto db = store::open_database(url);
    if (!db) return tl::unexpected(db.error());
    if (pool->name_.empty()) pool->name_ = (*db)->name();
    pool->idle_.push_back(std::move(*db));
  }
  return pool;
}

DbPool::Lease::~Lease() {
  if (!db_ || pool_ == nullptr) return;
  pool_->give_back(std::move(db_));
  if (admitted_) {
    forget(pool_);
    pool_->leave();
  }
}

DbPool::Lease DbPool::acquire() {
  const bool admit = !t_reading && !admitted_to(this);
  if (admit) {
    enter();
    try {
      t_admitted_to.push_back(this);
    } catch (...) {
      leave();
      throw;
    }
  }
  std::unique_ptr<store::Database> db;
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    db = std::move(idle_.back());
    idle_.pop_back();
  }
  return Lease(*this, std::move(db), admit);
}

void DbPool::give_back(std::unique_ptr<store::Database> db) {
  // Taken every time, so that a connection never gathers changes nobody reads.
  const auto changes = db->take_inventory_changes();
  if (observer_ && !changes.empty()) {
    try {
      observer_(changes);
    } catch (...) {
      observer_(store::InventoryChanges{.all = true, .ids = {}});  // allocates nothing
    }
  }
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  available_.notify_one();
}

DbPool::ReadingScope::ReadingScope(bool reading) : previous_(t_reading) {
  t_reading = reading;
}

DbPool::ReadingScope::~ReadingScope() {
  t_reading = previous_;
}

std::size_t DbPool::queued() {
  std::lock_guard lock(gate_mutex_);
  return waiting_.size();
}

void DbPool::enter() {
  std::unique_lock lock(gate_mutex_);
  if (active_ < active_limit_ && waiting_.empty()) {
    ++active_;
    return;
  }
  Waiter waiter;
  waiting_.push_back(&waiter);
  waiter.turn.wait(lock, [&] { return waiter.admitted; });
}

void DbPool::leave() {
  std::lock_guard lock(gate_mutex_);
  if (waiting_.empty()) {
    --active_;
    return;
  }
  // The place passes to the next in line: active_ stays as it is.
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->admitted = true;
  next->turn.notify_one();
}

}  // namespace cl::server
