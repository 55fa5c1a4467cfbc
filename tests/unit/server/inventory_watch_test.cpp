// InventoryWatch (server/inventory_watch.hpp) over a feed the test scripts: rows are kept only
// while the feed is open, a told change makes the next read load the row again, a change told
// while a row is being read keeps that row out, and a lost feed forgets everything. Each
// expected count of loads is the number of reads the test made that the rules above say must
// reach the database.
#include "server/inventory_watch.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <thread>

namespace cl::server {
namespace {

using namespace std::chrono_literals;

/// What the scripted feeds give: each wait() takes the next answer, else waits and tells
/// nothing. Shared by the test and every feed the watch opens.
struct Script {
  std::mutex mutex;
  std::deque<Result<store::InventoryChanges>> answers;
  bool open_fails = false;
  std::atomic<int> opened{0};

  void push(Result<store::InventoryChanges> answer) {
    const std::lock_guard lock(mutex);
    answers.push_back(std::move(answer));
  }
  bool drained() {
    const std::lock_guard lock(mutex);
    return answers.empty();
  }
};

class ScriptedFeed final : public store::InventoryFeed {
 public:
  explicit ScriptedFeed(Script& script) : script_(script) {}
  Result<store::InventoryChanges> wait(std::chrono::milliseconds timeout) override {
    {
      const std::lock_guard lock(script_.mutex);
      if (!script_.answers.empty()) {
        auto answer = std::move(script_.answers.front());
        script_.answers.pop_front();
        return answer;
      }
    }
    std::this_thread::sleep_for(timeout);
    return store::InventoryChanges{};
  }

 private:
  Script& script_;
};

class InventoryWatchTest : public ::testing::Test {
 protected:
  void start(InventoryWatch::Options options = {.max_rows = 100, .poll = 2ms, .retry = 5ms}) {
    watch = std::make_unique<InventoryWatch>(
        [this]() -> Result<std::unique_ptr<store::InventoryFeed>> {
          const std::lock_guard lock(script.mutex);
          if (script.open_fails) return fail(ErrorCode::store_open_failed, "no server");
          ++script.opened;
          return std::unique_ptr<store::InventoryFeed>(new ScriptedFeed(script));
        },
        [this](const std::string& event, const std::string& detail) {
          const std::lock_guard lock(notes_mutex);
          notes.push_back(event + ": " + detail);
        },
        options);
  }
  /// Waits (up to 5 s) until `done` holds.
  template <class Fn>
  bool eventually(Fn done) {
    for (int tries = 0; tries < 2500; ++tries) {
      if (done()) return true;
      std::this_thread::sleep_for(2ms);
    }
    return done();
  }
  /// Reads inventory `id`; a load gives revision `revision` and counts in `loads`.
  std::int64_t read(std::int64_t id, std::int64_t revision = 1) {
    return watch
        ->get(id,
              [&] {
                ++loads;
                store::InventoryRecord row;
                row.id = id;
                row.organization_id = 7;
                row.revision = revision;
                return row;
              })
        ->revision;
  }
  /// The feed told `changes` and the watch has taken them in.
  void tell(store::InventoryChanges changes) {
    script.push(std::move(changes));
    ASSERT_TRUE(eventually([&] { return script.drained(); }));
    // The answer is taken before it is applied: one more wait() after it proves it applied.
    script.push(store::InventoryChanges{});
    ASSERT_TRUE(eventually([&] { return script.drained(); }));
  }

  Script script;
  std::mutex notes_mutex;
  std::vector<std::string> notes;
  std::unique_ptr<InventoryWatch> watch;
  int loads = 0;
};

TEST_F(InventoryWatchTest, KeepsARowOnlyWhileTheFeedIsOpen) {
  script.open_fails = true;
  start();
  ASSERT_TRUE(eventually([&] {
    const std::lock_guard lock(notes_mutex);
    return !notes.empty();
  }));
  EXPECT_FALSE(watch->watching());
  read(1);
  read(1);
  EXPECT_EQ(loads, 2);  // not watching: every read loads
  {
    const std::lock_guard lock(script.mutex);
    script.open_fails = false;
  }
  ASSERT_TRUE(eventually([&] { return watch->watching(); }));
  read(1);
  read(1);
  read(1);
  EXPECT_EQ(loads, 3);  // the first read after the start loads, the next two are kept
  const std::lock_guard lock(notes_mutex);
  ASSERT_EQ(notes.size(), 2u);  // one failure told once, though retried every 5 ms
  EXPECT_EQ(notes[0], "inventory_watch: not listening, every read reads the inventory: no server");
  EXPECT_EQ(notes[1], "inventory_watch: listening for changed inventories");
}

TEST_F(InventoryWatchTest, ATellingMakesTheNextReadLoadThatInventoryOnly) {
  start();
  ASSERT_TRUE(eventually([&] { return watch->watching(); }));
  EXPECT_EQ(read(1, 1), 1);
  EXPECT_EQ(read(2, 1), 1);
  EXPECT_EQ(loads, 2);
  tell({.all = false, .ids = {1}});
  EXPECT_EQ(read(1, 2), 2);  // loaded again: the new revision
  EXPECT_EQ(read(2, 2), 1);  // kept: nothing told about 2
  EXPECT_EQ(loads, 3);
  watch->forget({.all = false, .ids = {2}});  // as DbPool does after this server's own write
  EXPECT_EQ(read(2, 3), 3);
  EXPECT_EQ(loads, 4);
  tell({.all = true, .ids = {}});
  read(1);
  read(2);
  EXPECT_EQ(loads, 6);
  EXPECT_EQ(watch->kept(), 2u);
}

TEST_F(InventoryWatchTest, ARowReadWhileItsChangeIsToldIsNotKept) {
  start();
  ASSERT_TRUE(eventually([&] { return watch->watching(); }));
  // The change is told between the start of the read and its end: the row read may predate it.
  const auto row = watch->get(5, [&] {
    ++loads;
    watch->forget({.all = false, .ids = {5}});
    store::InventoryRecord old;
    old.id = 5;
    old.revision = 1;
    return old;
  });
  EXPECT_EQ(row->revision, 1);  // this request gets what it read
  EXPECT_EQ(read(5, 2), 2);     // but the next one reads again
  EXPECT_EQ(read(5, 3), 2);     // and that one is kept
  EXPECT_EQ(loads, 2);
  // A change to another inventory told meanwhile does not keep this one out.
  watch->get(6, [&] {
    ++loads;
    watch->forget({.all = false, .ids = {99}});
    store::InventoryRecord other;
    other.id = 6;
    return other;
  });
  read(6);
  EXPECT_EQ(loads, 3);
  // Nor does "all" told meanwhile let it in.
  watch->get(8, [&] {
    ++loads;
    watch->forget({.all = true, .ids = {}});
    store::InventoryRecord other;
    other.id = 8;
    return other;
  });
  read(8);
  EXPECT_EQ(loads, 5);
}

TEST_F(InventoryWatchTest, ALostFeedForgetsEverythingUntilItIsOpenAgain) {
  start();
  ASSERT_TRUE(eventually([&] { return watch->watching(); }));
  read(1);
  read(1);
  EXPECT_EQ(loads, 1);
  {
    const std::lock_guard lock(script.mutex);
    script.open_fails = true;  // the next attempt to open fails too
    script.answers.push_back(fail(ErrorCode::store_open_failed, "connection lost"));
  }
  ASSERT_TRUE(eventually([&] { return !watch->watching(); }));
  read(1);
  read(1);
  EXPECT_EQ(loads, 3);  // nothing kept while the feed is closed
  {
    const std::lock_guard lock(script.mutex);
    script.open_fails = false;
  }
  ASSERT_TRUE(eventually([&] { return watch->watching(); }));
  EXPECT_EQ(script.opened.load(), 2);
  read(1);
  read(1);
  EXPECT_EQ(loads, 4);
  const std::lock_guard lock(notes_mutex);
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[1], "inventory_watch: stopped keeping inventories: connection lost");
}

TEST_F(InventoryWatchTest, KeepsAtMostMaxRowsAndPassesALoadFailureThrough) {
  start({.max_rows = 2, .poll = 2ms, .retry = 5ms});
  ASSERT_TRUE(eventually([&] { return watch->watching(); }));
  read(1);
  read(2);
  read(3);
  read(1);
  read(2);
  read(3);
  EXPECT_EQ(loads, 4);  // 1 and 2 kept; 3 loaded both times
  EXPECT_EQ(watch->kept(), 2u);
  EXPECT_THROW(watch->get(4, []() -> store::InventoryRecord { throw std::runtime_error("404"); }),
               std::runtime_error);
  EXPECT_EQ(watch->kept(), 2u);
}

}  // namespace
}  // namespace cl::server
