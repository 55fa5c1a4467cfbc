// Inventories' rows kept in memory on PostgreSQL, so that a read of a cached activity page
// (page_cache.hpp) makes no round trip to the database: the access check needs the inventory's
// organization and the page cache its revision, and both stay as kept until PostgreSQL says the
// row changed (store/inventory_feed.hpp: migration 13's trigger notifies at the commit of every
// change to an inventory's row, a raise of its revision by any change to its records or sources
// included, whichever process makes it).
//
// What a server serves is as fresh as this:
// - a change this server makes is forgotten before its answer goes out (DbPool hands each
//   committed write's list of changed inventories to forget()), so a client reads its writes;
// - a change another process commits (the CLI, another server, SQL) is forgotten when its
//   notification arrives, normally within a millisecond of the commit; until then a read may
//   still get the page before it (tests/integration/page_cache_test.py measures the delay);
// - while the listening connection is not open (at start, after it was lost), nothing is kept
//   and every read reads the row, as on SQLite; when it is lost, everything kept is forgotten.
//
// A row read while a change to it was told is not kept (each change counts up `told_`; a row is
// kept only if no change to its inventory, and no "all", was told after its read began).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/common/result.hpp"
#include "store/database.hpp"
#include "store/inventories.hpp"
#include "store/inventory_feed.hpp"

namespace cl::server {

class InventoryWatch {
 public:
  using OpenFeed = std::function<Result<std::unique_ptr<store::InventoryFeed>>()>;
  /// An event for the access log: ("inventory_watch", what happened).
  using Note = std::function<void(const std::string&, const std::string&)>;
  struct Options {
    std::size_t max_rows = 100000;          ///< rows kept; past it, new ones are not
    std::chrono::milliseconds poll{100};    ///< the longest wait for the feed (stop latency)
    std::chrono::milliseconds retry{1000};  ///< between attempts to open the feed
  };

  /// Starts a thread that opens the feed with `open` (again after each failure) and forgets
  /// what it names.
  InventoryWatch(OpenFeed open, Note note, Options options);
  InventoryWatch(OpenFeed open, Note note) : InventoryWatch(std::move(open), std::move(note), {}) {}
  ~InventoryWatch();
  InventoryWatch(const InventoryWatch&) = delete;
  InventoryWatch& operator=(const InventoryWatch&) = delete;

  using Row = std::shared_ptr<const store::InventoryRecord>;
  using Load = std::function<store::InventoryRecord()>;

  /// The row of inventory `id`: the one kept, or the one `load` reads (kept if the feed is
  /// open and no change to the inventory was told while it was read). An exception from `load`
  /// (no such inventory) passes through and nothing is kept.
  Row get(std::int64_t id, const Load& load);

  /// Forgets the rows `changes` names (all of them for `all`).
  void forget(const store::InventoryChanges& changes);

  /// Whether the feed is open and rows are kept.
  bool watching() const;

  /// How many rows are kept now.
  std::size_t kept() const;

 private:
  void run();
  void set_watching(bool on);
  bool pause(std::chrono::milliseconds how_long);

  const OpenFeed open_;
  const Note note_;
  const Options options_;

  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, Row> rows_;
  std::unordered_map<std::int64_t, std::uint64_t> told_at_;  ///< last change told, per inventory
  std::uint64_t told_ = 0;   ///< changes told so far (and starts and losses of the feed)
  std::uint64_t floor_ = 0;  ///< every inventory counts as told at this (all, start, loss)
  bool watching_ = false;

  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cl::server
