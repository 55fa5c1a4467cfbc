// PostgreSQL transactions as postgres_database.cpp sends them: BEGIN travels with the first
// statement (one pipeline), and a write commits without waiting for the WAL flush, then waits
// for it before commit() returns. These tests show what that must keep: a write is on disk when
// it returns; a snapshot and a rolled-back write really were transactions from their first
// statement; a failing first statement reports its own error and leaves the connection usable;
// a deferred statement (exec_deferred, the audit row) runs in order, fails the write when it
// fails, and is durable with the rest when write() returns; a connection the server closed is
// opened again for its next use.
#include <unistd.h>

#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class PostgresCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp = std::make_unique<TempDatabase>("postgresql");
    db = temp->open_migrated();
    ASSERT_NE(db, nullptr);
  }
  std::int64_t organizations() {
    return db->query("SELECT COUNT(*) FROM organizations")[0].integer(0);
  }

  std::unique_ptr<TempDatabase> temp;
  std::unique_ptr<Database> db;
  Actor actor{"test", "commit"};
};

TEST_F(PostgresCommitTest, AWriteIsFlushedToTheWalWhenItReturns) {
  // The write's commit record lies after the WAL position read inside it; the flushed position
  // must have passed it by the time write() returns. (The commit alone, with
  // synchronous_commit off, leaves the flush to the WAL writer, up to 200 ms later.)
  for (int idx = 0; idx < 20; ++idx) {
    std::string inside;
    db->write([&] {
      Organization org;
      org.name = "Factory " + std::to_string(idx);
      ASSERT_TRUE(CL_ASSERT_OK(create_organization(*db, actor, org)));
      inside = db->query("SELECT pg_current_wal_insert_lsn()::text")[0].text(0);
    });
    const auto flushed = db->query(
        "SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn, pg_current_wal_flush_lsn()", {inside});
    EXPECT_EQ(flushed[0].text(0), "t") << "inside " << inside << ", flushed " << flushed[0].text(1);
  }
}

TEST_F(PostgresCommitTest, ADeferredLastStatementIsFlushedAndKeptWhenTheWriteReturns) {
  // The audit row's statement is deferred (exec_deferred) and travels with the COMMIT and the
  // wait for the flush, in one pipeline: when write() returns, its row is there and the WAL is
  // flushed past everything the write did before it.
  for (int idx = 0; idx < 20; ++idx) {
    std::string inside;
    db->write([&] {
      inside = db->query("SELECT pg_current_wal_insert_lsn()::text")[0].text(0);
      db->exec_deferred("INSERT INTO organizations (kind, name, created_at) VALUES ($1, $2, '')",
                        {std::string("factory"), "Deferred " + std::to_string(idx)});
    });
    // Nothing else writes WAL on the test cluster meanwhile: everything written so far, the
    // deferred row's commit included, must be flushed.
    const auto flushed = db->query(
        "SELECT pg_current_wal_flush_lsn() > $1::pg_lsn, pg_current_wal_flush_lsn(), "
        "pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn(), pg_current_wal_insert_lsn()",
        {inside});
    EXPECT_EQ(flushed[0].text(0), "t") << "inside " << inside << ", flushed " << flushed[0].text(1);
    EXPECT_EQ(flushed[0].text(2), "t")
        << "written " << flushed[0].text(3) << ", flushed " << flushed[0].text(1);
    EXPECT_EQ(organizations(), idx + 1);
  }
}

TEST_F(PostgresCommitTest, ADeferredStatementRunsBeforeTheNextOne) {
  std::int64_t seen = -1;
  db->write([&] {
    db->exec_deferred(
        "INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'First', '')");
    db->exec_deferred(
        "INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'Second', '')");
    seen = organizations();  // sent after both, in the same round trip
  });
  EXPECT_EQ(seen, 2);
  // Before a script too (exec_script sends them first).
  db->write([&] {
    db->exec_deferred(
        "INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'Third', '')");
    db->exec_script("UPDATE organizations SET name = name || '!'");
  });
  const auto names = db->query("SELECT name FROM organizations ORDER BY id");
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[2].text(0), "Third!");
  // Outside a write, it runs at once.
  db->exec_deferred("DELETE FROM organizations WHERE name = 'Third!'");
  EXPECT_EQ(organizations(), 2);
}

TEST_F(PostgresCommitTest, AFailingDeferredStatementFailsTheWriteAndUndoesIt) {
  // The write throws the statement's own error and nothing of it is kept. A missing table
  // fails when the statement is prepared (at once); a division by zero when it runs, with the
  // COMMIT or with the statement after it.
  const std::pair<const char*, const char*> failing[] = {
      {"INSERT INTO no_such_table VALUES (1)", "no_such_table"},
      {"SELECT 1 / (SELECT COUNT(*) FROM organizations WHERE name = 'none')", "division by zero"}};
  for (const auto& [sql, problem] : failing) {
    for (const bool then_query : {false, true}) {
      try {
        db->write([&, sql = sql] {
          db->exec(
              "INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'Gone', '')");
          db->exec_deferred(sql);
          if (then_query) organizations();  // fails here instead, with the deferred one's error
        });
        ADD_FAILURE() << "no error from " << sql;
      } catch (const StoreError& failure) {
        EXPECT_EQ(failure.error.code, ErrorCode::store_query_failed);
        EXPECT_NE(failure.error.message.find(problem), std::string::npos) << failure.error.message;
      }
      EXPECT_EQ(organizations(), 0);
    }
  }
  // A failure in execution (not in preparing): a unique key, at the COMMIT.
  db->exec("INSERT INTO organizations (id, kind, name, created_at) VALUES (7, 'factory', 'A', '')");
  try {
    db->write([&] {
      db->exec("INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'B', '')");
      db->exec_deferred(
          "INSERT INTO organizations (id, kind, name, created_at) VALUES (7, 'factory', 'C', '')");
    });
    ADD_FAILURE() << "no conflict";
  } catch (const StoreError& failure) {
    EXPECT_EQ(failure.error.code, ErrorCode::store_conflict) << failure.error.message;
  }
  EXPECT_EQ(organizations(), 1);
  // The connection goes on, in and out of transactions.
  db->write([&] {
    db->exec_deferred(
        "INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'Kept', '')");
  });
  EXPECT_EQ(organizations(), 2);
}

TEST_F(PostgresCommitTest, AFailureCaughtInsideAWriteStillFailsIt) {
  // A deferred statement's error comes with the next statement; a caller that ignores that
  // statement's error (a look-up whose absence it tolerates) must not see the write pass:
  // PostgreSQL answers COMMIT with ROLLBACK in an aborted transaction.
  for (const bool deferred : {true, false}) {
    try {
      db->write([&] {
        db->exec(
            "INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'Lost', '')");
        const char* failing = "SELECT 1 / (SELECT COUNT(*) FROM organizations WHERE name = 'none')";
        try {
          if (deferred) {
            db->exec_deferred(failing);
            organizations();
          } else {
            db->query(failing);
          }
        } catch (const StoreError&) {
          // ignored, as such a look-up does
        }
      });
      ADD_FAILURE() << "the write passed";
    } catch (const StoreError& failure) {
      EXPECT_EQ(failure.error.code, ErrorCode::store_query_failed);
      EXPECT_NE(failure.error.message.find("division by zero"), std::string::npos)
          << failure.error.message;
      EXPECT_NE(failure.error.message.find("nothing of it was saved"), std::string::npos)
          << failure.error.message;
    }
    EXPECT_EQ(organizations(), 0);
  }
}

TEST_F(PostgresCommitTest, AConnectionTheServerClosedIsOpenedAgainForTheNextUse) {
  // As after a PostgreSQL restart: the server closes the connection. The use that finds it
  // closed fails; the next one, a lone statement or a write, works on a new connection.
  auto other = temp->open();
  const auto terminate = [&] {
    const auto pid = db->query("SELECT pg_backend_pid()")[0].integer(0);
    // Waits (up to 10 s) until the backend is gone.
    ASSERT_EQ(other->query("SELECT pg_terminate_backend($1, 10000)", {pid})[0].text(0), "t");
  };
  terminate();
  EXPECT_THROW(db->query("SELECT 1"), StoreError);
  EXPECT_EQ(db->query("SELECT 41 + 1")[0].integer(0), 42);
  terminate();
  EXPECT_THROW(db->query("SELECT 1"), StoreError);
  db->write([&] {
    db->exec("INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'New', '')");
    db->exec_deferred(
        "INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'Newer', '')");
  });
  EXPECT_EQ(organizations(), 2);
  // The new connection's settings are those of the first (UTC, and writes commit without
  // waiting, then wait for the flush).
  EXPECT_EQ(db->query("SELECT current_setting('TimeZone')")[0].text(0), "UTC");
  std::string setting;
  db->write(
      [&] { setting = db->query("SELECT current_setting('synchronous_commit')")[0].text(0); });
  EXPECT_EQ(setting, "off");
}

TEST_F(PostgresCommitTest, ASnapshotStartsWithItsFirstStatement) {
  auto other = temp->open();
  std::int64_t first = -1;
  std::int64_t second = -1;
  db->read_snapshot([&] {
    first = organizations();
    other->exec(
        "INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'Late', '')");
    second = organizations();  // repeatable read: the other connection's row is not seen
  });
  EXPECT_EQ(first, 0);
  EXPECT_EQ(second, 0);
  EXPECT_EQ(organizations(), 1);
}

TEST_F(PostgresCommitTest, AWriteThatFailsLaterUndoesItsFirstStatement) {
  EXPECT_THROW(db->write([&] {
    db->exec("INSERT INTO organizations (kind, name, created_at) VALUES ('factory', 'Gone', '')");
    db->exec("INSERT INTO no_such_table VALUES (1)");
  }),
               StoreError);
  EXPECT_EQ(organizations(), 0);
}

TEST_F(PostgresCommitTest, AFailingFirstStatementReportsItsErrorAndTheConnectionGoesOn) {
  // A table that does not exist fails when the statement is prepared, before anything of the
  // transaction is sent; a division by zero fails in the pipeline, after BEGIN.
  const std::pair<const char*, const char*> failing[] = {
      {"SELECT * FROM no_such_table", "no_such_table"},
      {"SELECT 1 / (SELECT COUNT(*) FROM organizations)", "division by zero"}};
  for (const bool writing : {true, false}) {
    for (const auto& [sql, problem] : failing) {
      try {
        const auto body = [&, sql = sql] { db->query(sql); };
        writing ? db->write(body) : db->read_snapshot(body);
        ADD_FAILURE() << "no error from " << sql;
      } catch (const StoreError& failure) {
        EXPECT_EQ(failure.error.code, ErrorCode::store_query_failed);
        EXPECT_NE(failure.error.message.find(problem), std::string::npos) << failure.error.message;
      }
    }
    try {
      db->write([&] {
        db->exec(
            "INSERT INTO organizations (id, kind, name, created_at) "
            "VALUES (1, 'factory', 'One', '')");
      });
      db->write([&] {
        db->exec(
            "INSERT INTO organizations (id, kind, name, created_at) "
            "VALUES (1, 'factory', 'Again', '')");
      });
      ADD_FAILURE() << "no conflict";
    } catch (const StoreError& failure) {
      EXPECT_EQ(failure.error.code, ErrorCode::store_conflict) << failure.error.message;
    }
    db->exec("DELETE FROM organizations");
  }
  EXPECT_EQ(db->query("SELECT 41 + 1")[0].integer(0), 42);
  EXPECT_EQ(organizations(), 0);
}

TEST_F(PostgresCommitTest, ARoleThatMayNotEmitTheMessageCommitsSynchronously) {
  // Writes commit with synchronous_commit off only where the role may emit the message that
  // waits for the flush; elsewhere they wait for their own, as PostgreSQL does by default.
  const auto setting_in_a_write = [](Database& conn) {
    std::string setting;
    conn.write(
        [&] { setting = conn.query("SELECT current_setting('synchronous_commit')")[0].text(0); });
    return setting;
  };
  EXPECT_EQ(setting_in_a_write(*db), "off");

  const std::string role = "cl_test_no_emit_" + std::to_string(::getpid());
  db->exec_script("CREATE ROLE " + role + " LOGIN");
  db->exec_script(
      "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_logical_emit_message(boolean, text, text) "
      "FROM PUBLIC");
  {
    auto restricted = open_database(temp->url() + "&user=" + role);
    ASSERT_TRUE(restricted) << restricted.error().to_string();
    EXPECT_EQ((*restricted)->query("SELECT current_user")[0].text(0), role);
    EXPECT_EQ(setting_in_a_write(**restricted), "on");
    (*restricted)->write([&] {
      (*restricted)->exec("CREATE TEMP TABLE kept (x INTEGER)");
      (*restricted)->exec("INSERT INTO kept VALUES (1)");
    });
    EXPECT_EQ((*restricted)->query("SELECT COUNT(*) FROM kept")[0].integer(0), 1);
    (*restricted)->exec_script("DROP TABLE kept");  // the role can be dropped only without it
  }
  db->exec_script("DROP ROLE " + role);
}

}  // namespace
}  // namespace cl::store::testing
