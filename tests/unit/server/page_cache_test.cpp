// The activity page cache: served only at the revision it was kept for, never replaced by an older
// revision, and bounded by bytes (least recently used out first). Sizes are counted by hand:
// an entry is kEntryOverhead + its key twice (list and index) + its body.
#include "server/page_cache.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace cl::server {
namespace {

PageCache::Body body(std::string text) {
  return std::make_shared<const std::string>(text);
}

TEST(PageCacheTest, ServesOnlyTheRevisionItWasKeptFor) {
  PageCache cache(1 << 20);
  EXPECT_EQ(cache.find("1/a", 3), nullptr);
  cache.put("1/a", 3, body("page at 3"));
  ASSERT_NE(cache.find("1/a", 3), nullptr);
  EXPECT_EQ(*cache.find("1/a", 3), "page at 3");
  EXPECT_EQ(cache.find("1/a", 4), nullptr);  // the inventory changed since
  EXPECT_EQ(cache.find("1/a", 2), nullptr);  // a request that read an older revision recomputes
  EXPECT_EQ(cache.find("1/b", 3), nullptr);  // another query
  const auto stats = cache.stats();
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.bytes, PageCache::kEntryOverhead + 2 * 3u + 9u);
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 4u);
}

TEST(PageCacheTest, ANewerRevisionReplacesAnOlderOneNeverTheOtherWay) {
  PageCache cache(1 << 20);
  cache.put("1/a", 5, body("five"));
  cache.put("1/a", 4, body("four"));  // a slow request that read revision 4 finishes late
  EXPECT_EQ(cache.find("1/a", 4), nullptr);
  EXPECT_EQ(*cache.find("1/a", 5), "five");
  cache.put("1/a", 6, body("six!!"));
  EXPECT_EQ(cache.find("1/a", 5), nullptr);
  EXPECT_EQ(*cache.find("1/a", 6), "six!!");
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, PageCache::kEntryOverhead + 2 * 3u + 5u);
}

TEST(PageCacheTest, LeastRecentlyUsedGoFirstOverTheLimit) {
  // Each entry: overhead + key of 3 bytes twice + body of 7; the limit holds three.
  constexpr std::size_t kEntry = PageCache::kEntryOverhead + 2 * 3 + 7;
  PageCache cache(3 * kEntry);
  cache.put("1/a", 1, body("aaaaaaa"));
  cache.put("1/b", 1, body("bbbbbbb"));
  cache.put("1/c", 1, body("ccccccc"));
  EXPECT_EQ(cache.stats().bytes, 3 * kEntry);
  ASSERT_NE(cache.find("1/a", 1), nullptr);  // a is now the most recent; b the least
  cache.put("1/d", 1, body("ddddddd"));
  EXPECT_EQ(cache.find("1/b", 1), nullptr);
  EXPECT_NE(cache.find("1/a", 1), nullptr);
  EXPECT_NE(cache.find("1/c", 1), nullptr);
  EXPECT_NE(cache.find("1/d", 1), nullptr);
  EXPECT_EQ(cache.stats().entries, 3u);
  // A body larger than the whole limit is not kept and evicts nothing.
  cache.put("1/e", 1, body(std::string(3 * kEntry, 'e')));
  EXPECT_EQ(cache.find("1/e", 1), nullptr);
  EXPECT_EQ(cache.stats().entries, 3u);
}

TEST(PageCacheTest, ZeroBytesKeepsNothing) {
  PageCache cache(0);
  cache.put("1/a", 1, body("x"));
  EXPECT_EQ(cache.find("1/a", 1), nullptr);
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(PageCacheTest, ThreadsSharingTheCacheSeeWholeAnswers) {
  // Four writers put bodies of their revision's length; every body found must have the length of
  // the revision asked for (a torn or mixed-up entry would not).
  PageCache cache(1 << 16);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int rev = 1; rev <= 500; ++rev) {
        const auto key = std::to_string(rev % 7);
        cache.put(key, rev, body(std::string(static_cast<std::size_t>(rev), char('a' + t))));
        if (auto found = cache.find(key, rev)) {
          ASSERT_EQ(found->size(), static_cast<std::size_t>(rev));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto stats = cache.stats();
  EXPECT_LE(stats.entries, 7u);
  EXPECT_LE(stats.bytes, std::size_t{1} << 16);
}

}  // namespace
}  // namespace cl::server
