// Answers of GET /api/v1/inventories/{id}/activity kept in memory. A page is the same bytes for
// every caller allowed to read it (the route checks access before it asks here), and it changes
// only when the inventory's sources or activity records do: every such change raises the
// inventory's revision (store migration 11, kept by triggers, so a write by the CLI or by SQL
// counts as much as one through this server). The route reads the revision with the inventory;
// an entry is served only to a request that read the same revision. A page is computed after its
// revision was read, so what is served is never older than the revision the request saw.
//
// One entry per query (inventory and parameters): a newer revision replaces the entry, an older
// one never does. Least recently used entries go first once the bytes exceed the limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cl::server {

class PageCache {
 public:
  /// Keeps at most `max_bytes` of answers (and their keys); 0 keeps nothing.
  explicit PageCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  using Body = std::shared_ptr<const std::string>;

  /// What an entry costs beside its key and body: the list node, the index's node with its copy
  /// of the key, the body's string and control block (x86-64, libstdc++; rounded up).
  static constexpr std::size_t kEntryOverhead = 256;

  /// The answer kept for `key` at `revision`; null when there is none at that revision.
  Body find(const std::string& key, std::int64_t revision);

  /// Keeps `body` as the answer for `key` at `revision`, unless one of a newer revision is kept
  /// or the entry alone is over the limit. An entry counts its key twice, its body and
  /// kEntryOverhead.
  void put(const std::string& key, std::int64_t revision, Body body);

  struct Stats {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string key;
    std::int64_t revision = 0;
    Body body;
    std::size_t bytes() const { return cost(key, *body); }
  };
  using List = std::list<Entry>;  ///< most recently used first

  /// What an entry of `key` and `body` counts against the limit.
  static std::size_t cost(const std::string& key, const std::string& body) {
    return kEntryOverhead + 2 * key.size() + body.size();
  }
  void evict_to(std::size_t limit);

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  List entries_;
  std::unordered_map<std::string, List::iterator> index_;
  std::size_t bytes_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace cl::server
