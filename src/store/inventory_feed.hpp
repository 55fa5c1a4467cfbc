// Which inventories other processes change, as PostgreSQL tells a listening connection: store
// migration 13's trigger notifies channel "cl_inventories" with an inventory's id ("*" for a
// TRUNCATE) at the commit of every change to its row, including each raise of its revision
// (migration 11), whichever process makes it. A server keeps inventories' rows in memory only
// while such a feed is open (server/inventory_watch.hpp).
//
// SQLite has no notifications: open_inventory_feed() gives none, and the server reads an
// inventory's row on every request there (in-process, no round trip).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/common/result.hpp"
#include "store/database.hpp"

namespace cl::store {

class InventoryFeed {
 public:
  virtual ~InventoryFeed() = default;
  /// Waits up to `timeout` for notifications and returns what they name (empty when none
  /// came). store.open_failed once the connection is lost: what changed after that is unknown,
  /// so the caller forgets everything it keeps and opens a new feed.
  virtual Result<InventoryChanges> wait(std::chrono::milliseconds timeout) = 0;
};

/// Whether `url` has a feed (PostgreSQL URLs).
bool has_inventory_feed(const std::string& url);

/// A connection listening on "cl_inventories" (notifications of transactions that commit after
/// this returns); nullptr for `sqlite:` URLs. store.open_failed when it cannot connect.
Result<std::unique_ptr<InventoryFeed>> open_inventory_feed(const std::string& url);

}  // namespace cl::store
