// Inventories' rows kept while PostgreSQL tells what changes (inventory_watch.hpp).
#include "server/inventory_watch.hpp"

#include <algorithm>

namespace cl::server {

InventoryWatch::InventoryWatch(OpenFeed open, Note note, Options options)
    : open_(std::move(open)), note_(std::move(note)), options_(options) {
  thread_ = std::thread([this] { run(); });
}

InventoryWatch::~InventoryWatch() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  thread_.join();
}

InventoryWatch::Row InventoryWatch::get(std::int64_t id, const Load& load) {
  std::uint64_t began = 0;
  bool keep = false;
  {
    const std::lock_guard lock(mutex_);
    if (watching_) {
      if (const auto found = rows_.find(id); found != rows_.end()) return found->second;
      keep = true;
      began = told_;
    }
  }
  auto row = std::make_shared<const store::InventoryRecord>(load());
  if (!keep) return row;
  const std::lock_guard lock(mutex_);
  const auto told = told_at_.find(id);
  const std::uint64_t last_told = std::max(floor_, told == told_at_.end() ? 0 : told->second);
  if (watching_ && last_told <= began && rows_.size() < options_.max_rows) rows_[id] = row;
  return row;
}

void InventoryWatch::forget(const store::InventoryChanges& changes) {
  if (changes.empty()) return;
  const std::lock_guard lock(mutex_);
  ++told_;
  if (changes.all || told_at_.size() + changes.ids.size() > options_.max_rows) {
    rows_.clear();
    told_at_.clear();
    floor_ = told_;
    return;
  }
  for (const auto id : changes.ids) {
    rows_.erase(id);
    told_at_[id] = told_;
  }
}

bool InventoryWatch::watching() const {
  const std::lock_guard lock(mutex_);
  return watching_;
}

std::size_t InventoryWatch::kept() const {
  const std::lock_guard lock(mutex_);
  return rows_.size();
}

void InventoryWatch::set_watching(bool on) {
  const std::lock_guard lock(mutex_);
  // Whatever was kept or read before this moment counts as told: after a loss nothing told is
  // known, and at a start only rows read from here on are covered by the feed.
  ++told_;
  floor_ = told_;
  rows_.clear();
  told_at_.clear();
  watching_ = on;
}

bool InventoryWatch::pause(std::chrono::milliseconds how_long) {
  std::unique_lock lock(mutex_);
  return !stop_signal_.wait_for(lock, how_long, [this] { return stopping_; });
}

void InventoryWatch::run() {
  std::unique_ptr<store::InventoryFeed> feed;
  bool failing = false;  // the last attempt failed (told once, not every second)
  for (;;) {
    {
      const std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    if (!feed) {
      auto opened = open_();
      if (!opened || !*opened) {
        if (!failing && note_) {
          note_("inventory_watch", opened ? "no feed for this database"
                                          : "not listening, every read reads the inventory: " +
                                                opened.error().message);
        }
        failing = true;
        if (!pause(options_.retry)) break;
        continue;
      }
      feed = std::move(*opened);
      set_watching(true);
      if (note_) note_("inventory_watch", "listening for changed inventories");
      failing = false;
      continue;
    }
    auto changes = feed->wait(options_.poll);
    if (changes) {
      forget(*changes);
      continue;
    }
    set_watching(false);
    feed.reset();
    if (note_) note_("inventory_watch", "stopped keeping inventories: " + changes.error().message);
    failing = true;
    if (!pause(options_.retry)) break;
  }
  set_watching(false);
}

}  // namespace cl::server
