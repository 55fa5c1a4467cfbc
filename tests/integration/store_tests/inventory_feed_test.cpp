// Migration 13 on PostgreSQL: every committed change to an inventory's row (its revision raised
// by a change to its records or sources included) is told to a listening connection
// (store/inventory_feed.hpp) and listed for the writing connection (take_inventory_changes);
// nothing is told or listed for a rolled-back transaction or savepoint. Then the server's
// InventoryWatch over that feed and over a DbPool: a change by another connection is forgotten
// when told, and a change through the pool at once.
//
// "Nothing told" is shown by order, not by waiting: PostgreSQL delivers notifications in commit
// order, so when the change made after a rolled-back one is told alone, the rolled-back one was
// never sent.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "server/db_pool.hpp"
#include "server/http_server.hpp"
#include "server/inventory_watch.hpp"
#include "store/activity.hpp"
#include "store/inventories.hpp"
#include "store/inventory_feed.hpp"
#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

using namespace std::chrono_literals;

class InventoryFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp = std::make_unique<TempDatabase>("postgresql");
    db = temp->open_migrated();
    ASSERT_NE(db, nullptr);
    Organization org;
    org.name = "Factory";
    org = CL_ASSERT_OK(create_organization(*db, actor, org)).value();
    const auto plant =
        CL_ASSERT_OK(create_facility(*db, actor, {0, org.id, "F1", "Plant", {}})).value();
    for (const int year : {2024, 2025}) {
      const auto made = diesel_inventory(*db, actor, org.id, plant.id, year);
      inventories.push_back(made.inventory.id);
      sources.push_back(made.source.id);
    }
    db->take_inventory_changes();  // the set-up's own
    auto opened = open_inventory_feed(temp->url());
    ASSERT_TRUE(opened) << opened.error().to_string();
    feed = std::move(*opened);
    ASSERT_NE(feed, nullptr);
  }

  /// The ids told next: waits up to 10 s for the first notification, then takes what follows
  /// until 100 ms pass without any. "all" reads as -1.
  std::multiset<std::int64_t> told() {
    std::multiset<std::int64_t> ids;
    const auto add = [&](const InventoryChanges& changes) {
      if (changes.all) ids.insert(-1);
      ids.insert(changes.ids.begin(), changes.ids.end());
    };
    for (int tries = 0; tries < 100 && ids.empty(); ++tries) {
      auto changes = feed->wait(100ms);
      EXPECT_TRUE(changes) << changes.error().to_string();
      if (!changes) return ids;
      add(*changes);
    }
    for (;;) {
      auto more = feed->wait(100ms);
      if (!more || more->empty()) return ids;
      add(*more);
    }
  }
  static std::multiset<std::int64_t> listed(const InventoryChanges& changes) {
    std::multiset<std::int64_t> ids(changes.ids.begin(), changes.ids.end());
    if (changes.all) ids.insert(-1);
    return ids;
  }
  void add_record(Database& on, std::size_t which, double amount) {
    ActivityRow row{0, sources[which], "", "2024-03", amount, "L", "", std::nullopt, "", ""};
    ASSERT_TRUE(CL_ASSERT_OK(add_activity(on, actor, row)));
  }

  std::unique_ptr<TempDatabase> temp;
  std::unique_ptr<Database> db;
  std::unique_ptr<InventoryFeed> feed;
  std::vector<std::int64_t> inventories;
  std::vector<std::int64_t> sources;
  Actor actor{"test", "inventory feed"};
};

TEST_F(InventoryFeedTest, ACommittedChangeIsToldAndListedWithItsInventory) {
  const auto a = inventories[0];
  const auto b = inventories[1];
  auto other = temp->open();
  add_record(*other, 0, 180);  // a record: its inventory's revision rises
  EXPECT_EQ(told(), std::multiset<std::int64_t>{a});
  EXPECT_EQ(listed(other->take_inventory_changes()), std::multiset<std::int64_t>{a});
  EXPECT_TRUE(other->take_inventory_changes().empty());  // taken once

  other->exec("UPDATE sources SET name = 'Boiler' WHERE id = $1", {sources[1]});  // no write()
  EXPECT_EQ(told(), std::multiset<std::int64_t>{b});

  other->write([&] {  // the inventory's own row, and both in one transaction: each told once
    other->exec("UPDATE inventories SET base_year = 2023 WHERE id = $1", {a});
    other->exec("UPDATE activity_records SET amount = amount + 1");
    other->exec("UPDATE sources SET name = 'Boiler 2' WHERE id = $1", {sources[1]});
  });
  EXPECT_EQ(told(), (std::multiset<std::int64_t>{a, b}));
  EXPECT_EQ(listed(other->take_inventory_changes()), (std::multiset<std::int64_t>{a, b}));

  // A read, and a write that changes no inventory, list nothing.
  other->read_snapshot([&] { other->query("SELECT COUNT(*) FROM inventories"); });
  other->write([&] { other->exec("UPDATE organizations SET name = 'Factory 2'"); });
  EXPECT_EQ(listed(other->take_inventory_changes()), std::multiset<std::int64_t>{});
}

TEST_F(InventoryFeedTest, NothingIsToldOrListedForWhatWasRolledBack) {
  const auto a = inventories[0];
  const auto b = inventories[1];
  auto other = temp->open();
  try {
    other->write([&] {
      other->exec("UPDATE inventories SET base_year = 2020 WHERE id = $1", {a});
      throw std::runtime_error("changed my mind");
    });
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(other->take_inventory_changes().empty());
  other->write([&] {
    other->exec("SAVEPOINT first");
    other->exec("UPDATE inventories SET base_year = 2021 WHERE id = $1", {a});
    other->exec("ROLLBACK TO SAVEPOINT first");
    other->exec("UPDATE inventories SET base_year = 2021 WHERE id = $1", {b});
  });
  EXPECT_EQ(listed(other->take_inventory_changes()), std::multiset<std::int64_t>{b});
  EXPECT_EQ(told(), std::multiset<std::int64_t>{b});  // a's two were never sent
}

TEST_F(InventoryFeedTest, ATruncateOrALongListCountsAsEveryInventory) {
  auto other = temp->open();
  // The list is kept to 4,000 characters: ",1,2,…,1000," is 9·2 + 90·3 + 900·4 + 5 + 1 =
  // 3,894; 22 more ids of 5 characters each make 4,004, so the 1,023rd id turns it into "*".
  const auto list = [&](int count) {
    other->write([&] {
      other->query("SELECT cl_list_changed_inventory(g::text) FROM generate_series(1, $1) AS g",
                   {std::int64_t{count}});
    });
    return other->take_inventory_changes();
  };
  const auto kept = list(1022);
  EXPECT_FALSE(kept.all);
  EXPECT_EQ(kept.ids.size(), 1022u);
  EXPECT_EQ(listed(list(1023)), std::multiset<std::int64_t>{-1});
  // The notifications of both lists, however many batches they come in.
  for (auto more = feed->wait(300ms); more && !more->empty(); more = feed->wait(300ms)) {
  }
  // TRUNCATE … CASCADE reaches the frozen versions, which refuse it: this throw-away database
  // lets it through.
  other->write([&] {
    other->exec("ALTER TABLE inventory_versions DISABLE TRIGGER inventory_versions_no_truncate");
    other->exec("TRUNCATE inventories CASCADE");
  });
  EXPECT_TRUE(other->take_inventory_changes().all);
  std::multiset<std::int64_t> after;
  for (int tries = 0; tries < 20 && after.count(-1) == 0; ++tries) after.merge(told());
  EXPECT_EQ(after.count(-1), 1u);
}

/// The listening connection's backend (its last statement is the LISTEN or a heartbeat).
constexpr const char* kListener =
    "FROM pg_stat_activity WHERE datname = current_database() "
    "AND (query LIKE 'LISTEN %' OR query = 'SELECT 1')";

TEST_F(InventoryFeedTest, ALostConnectionIsAnError) {
  auto other = temp->open();
  const auto ended = other->query(std::string("SELECT pg_terminate_backend(pid) ") + kListener);
  ASSERT_EQ(ended.size(), 1u);
  Result<InventoryChanges> answer = InventoryChanges{};
  for (int tries = 0; tries < 100 && answer; ++tries) answer = feed->wait(100ms);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::store_open_failed);
  EXPECT_NE(
      answer.error().message.find("the connection listening for changed inventories was lost"),
      std::string::npos)
      << answer.error().message;
}

TEST_F(InventoryFeedTest, AConnectionThatFallsSilentIsFoundOutByItsHeartbeat) {
  // The backend stopped (SIGSTOP) looks like a host gone without a word: the socket stays open
  // and nothing comes. The heartbeat's answer does not come within 5 s: an error.
  ASSERT_TRUE(feed->wait(10ms));  // the first heartbeat goes out
  auto other = temp->open();
  const auto listener = other->query(std::string("SELECT pid ") + kListener);
  ASSERT_EQ(listener.size(), 1u);
  const auto pid = static_cast<pid_t>(listener[0].integer(0));
  ASSERT_EQ(::kill(pid, SIGSTOP), 0);
  const auto started = std::chrono::steady_clock::now();
  Result<InventoryChanges> answer = InventoryChanges{};
  for (int tries = 0; tries < 150 && answer; ++tries) answer = feed->wait(100ms);
  const auto waited = std::chrono::steady_clock::now() - started;
  ::kill(pid, SIGCONT);
  ASSERT_FALSE(answer);
  EXPECT_NE(answer.error().message.find("no answer from the database for 5 s"), std::string::npos)
      << answer.error().message;
  EXPECT_GE(waited, 4s);  // the answer to a beat sent before the stop may still have come
}

/// A feed that is open and never tells anything.
class SilentFeed final : public InventoryFeed {
 public:
  Result<InventoryChanges> wait(std::chrono::milliseconds timeout) override {
    std::this_thread::sleep_for(timeout);
    return InventoryChanges{};
  }
};

TEST_F(InventoryFeedTest, TheServersWatchForgetsWhatIsToldAndWhatItsPoolWrites) {
  const auto a = inventories[0];
  int loads = 0;
  const auto revision = [&](server::InventoryWatch& watch) {
    return watch
        .get(a,
             [&] {
               ++loads;
               return get_inventory(*db, a).value();
             })
        ->revision;
  };
  const auto started = [](server::InventoryWatch& watch) {
    for (int tries = 0; tries < 500 && !watch.watching(); ++tries) {
      std::this_thread::sleep_for(10ms);
    }
    return watch.watching();
  };
  {
    // Another connection's change is told through the feed a moment after its commit.
    server::InventoryWatch watch([&] { return open_inventory_feed(temp->url()); }, nullptr,
                                 {.max_rows = 100, .poll = 20ms, .retry = 20ms});
    ASSERT_TRUE(started(watch));
    const auto first = revision(watch);
    EXPECT_EQ(revision(watch), first);
    EXPECT_EQ(loads, 1);
    add_record(*db, 0, 5);
    bool seen = false;
    for (int tries = 0; tries < 500 && !seen; ++tries) {
      seen = revision(watch) == first + 1;
      if (!seen) std::this_thread::sleep_for(10ms);
    }
    EXPECT_TRUE(seen);
  }
  // A change through the pool is forgotten as its connection comes back, with no notification:
  // this watch's feed tells nothing, so only the pool can make the next read load.
  // Wired as serve() wires it.
  server::ApiState state;
  auto pool = server::DbPool::open(temp->url(), 2);
  ASSERT_TRUE(pool) << pool.error().to_string();
  state.pool = std::move(*pool);
  server::keep_inventories(
      state, [] { return Result<std::unique_ptr<InventoryFeed>>(std::make_unique<SilentFeed>()); });
  auto& watch = *state.inventory_watch;
  ASSERT_TRUE(started(watch));
  loads = 0;
  const auto kept = revision(watch);
  add_record(*db, 0, 6);  // not through the pool, and not told: the kept row stays
  EXPECT_EQ(revision(watch), kept);
  EXPECT_EQ(loads, 1);
  {
    auto lease = state.pool->acquire();
    add_record(*lease, 0, 7);
  }
  EXPECT_EQ(revision(watch), kept + 2);  // both records' raises: read from the database
  EXPECT_EQ(loads, 2);
  server::stop_keeping_inventories(state);
}

}  // namespace
}  // namespace cl::store::testing
