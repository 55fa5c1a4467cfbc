// The activity page cache (page_cache.hpp).
#include "server/page_cache.hpp"

#include <utility>

namespace cl::server {

PageCache::Body PageCache::find(const std::string& key, std::int64_t revision) {
  const std::lock_guard lock(mutex_);
  const auto found = index_.find(key);
  if (found == index_.end() || found->second->revision != revision) {
    ++misses_;
    return nullptr;
  }
  entries_.splice(entries_.begin(), entries_, found->second);
  ++hits_;
  return found->second->body;
}

void PageCache::put(const std::string& key, std::int64_t revision, Body body) {
  if (!body || cost(key, *body) > max_bytes_) return;
  const std::lock_guard lock(mutex_);
  const auto found = index_.find(key);
  if (found != index_.end()) {
    auto& entry = *found->second;
    if (entry.revision > revision) return;
    bytes_ -= entry.bytes();
    entry.revision = revision;
    entry.body = std::move(body);
    bytes_ += entry.bytes();
    entries_.splice(entries_.begin(), entries_, found->second);
  } else {
    entries_.push_front({key, revision, std::move(body)});
    index_.emplace(key, entries_.begin());
    bytes_ += entries_.front().bytes();
  }
  evict_to(max_bytes_);
}

void PageCache::evict_to(std::size_t limit) {
  while (bytes_ > limit && !entries_.empty()) {
    bytes_ -= entries_.back().bytes();
    index_.erase(entries_.back().key);
    entries_.pop_back();
  }
}

PageCache::Stats PageCache::stats() const {
  const std::lock_guard lock(mutex_);
  return {entries_.size(), bytes_, hits_, misses_};
}

}  // namespace cl::server
