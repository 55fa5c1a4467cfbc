// The database pool's gate: at most `active` threads serving changes work with the database at
// once, the others are let in in the order they came; a read, and a thread that holds a lease
// taking another (the account code under a route), pass without waiting, so nested leases
// cannot deadlock.
#include "server/db_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cl::server {
namespace {

std::unique_ptr<DbPool> open_pool(std::size_t size, std::size_t active) {
  auto pool = DbPool::open("sqlite::memory:", size, active);
  EXPECT_TRUE(pool) << pool.error().to_string();
  return std::move(*pool);
}

/// Waits (up to 10 s) until `count` threads wait at the gate.
void wait_for_queue(DbPool& pool, std::size_t count) {
  for (int tries = 0; tries < 10000 && pool.queued() < count; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(pool.queued(), count);
}

TEST(DbPoolTest, AtMostActiveThreadsWorkAtOnce) {
  auto pool = open_pool(7, 2);
  EXPECT_EQ(pool->active_limit(), 2u);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int idx = 0; idx < 6; ++idx) {
    threads.emplace_back([&] {
      auto lease = pool->acquire();
      const int now = ++inside;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      lease->query("SELECT 1");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      --inside;
      ++done;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(done.load(), 6);
  EXPECT_LE(most.load(), 2);  // 6 without the gate: the pool has 7 connections
  EXPECT_EQ(pool->queued(), 0u);
}

TEST(DbPoolTest, WaitersAreLetInInTheOrderTheyCame) {
  auto pool = open_pool(5, 1);
  std::mutex order_mutex;
  std::string order;
  std::vector<std::thread> threads;
  {
    auto held = pool->acquire();
    for (const char name : std::string("ABCD")) {
      threads.emplace_back([&, name] {
        auto lease = pool->acquire();
        std::lock_guard lock(order_mutex);
        order += name;
      });
      wait_for_queue(*pool, threads.size());
    }
  }  // the held lease goes back: A, then B, C and D, one at a time
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(order, "ABCD");
}

TEST(DbPoolTest, ALeaseTakenWhileHoldingOneDoesNotWaitAtTheGate) {
  auto pool = open_pool(3, 1);
  std::atomic<bool> other_in{false};
  std::thread other;
  {
    auto outer = pool->acquire();
    {
      auto inner = pool->acquire();  // the one place is this thread's: no deadlock
      inner->query("SELECT 1");
    }
    other = std::thread([&] {
      auto lease = pool->acquire();
      other_in = true;
    });
    wait_for_queue(*pool, 1);  // the inner lease going back did not open the gate
    EXPECT_FALSE(other_in.load());
  }
  other.join();
  EXPECT_TRUE(other_in.load());
  EXPECT_EQ(pool->queued(), 0u);
}

TEST(DbPoolTest, AReadPassesTheGateWithoutWaiting) {
  auto pool = open_pool(4, 1);
  std::atomic<bool> read_in{false};
  std::atomic<bool> write_in{false};
  auto held = pool->acquire();  // the one place for changes
  std::thread reader([&] {
    const DbPool::ReadingScope reading(true);
    auto lease = pool->acquire();
    read_in = true;
  });
  reader.join();  // would never return if the read waited for the held place
  EXPECT_TRUE(read_in.load());
  std::thread writer([&] {
    const DbPool::ReadingScope reading(false);
    auto lease = pool->acquire();
    write_in = true;
  });
  wait_for_queue(*pool, 1);
  EXPECT_FALSE(write_in.load());
  { auto gone = std::move(held); }
  writer.join();
  EXPECT_TRUE(write_in.load());
}

TEST(DbPoolTest, ActiveIsAtMostTheConnections) {
  EXPECT_EQ(open_pool(3, 0)->active_limit(), 3u);
  EXPECT_EQ(open_pool(3, 8)->active_limit(), 3u);
}

}  // namespace
}  // namespace cl::server
