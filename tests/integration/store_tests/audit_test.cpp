// The audit chain: intact after normal writes; an edit, a deletion and a reorder done with raw
// SQL (after dropping the triggers that forbid them) are each found at the right seq; with the
// triggers in place the database refuses the edit itself.
#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class AuditTest : public StoreTest {
 protected:
  /// Five audit rows: five organizations.
  void write_five() {
    for (int idx = 1; idx <= 5; ++idx) {
      Organization org;
      org.name = "Org " + std::to_string(idx);
      ASSERT_TRUE(CL_ASSERT_OK(create_organization(*db, actor, org)));
    }
  }
  void drop_triggers() {
    db->exec_script(GetParam() == "sqlite"
                        ? "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"
                        : "DROP TRIGGER audit_log_no_change ON audit_log");
  }
  AuditReport verify() {
    auto report = verify_audit(*db);
    EXPECT_TRUE(report) << report.error().to_string();
    return report.value_or(AuditReport{});
  }
};

TEST_P(AuditTest, IntactChainLinksEachRowToThePrevious) {
  write_five();
  const auto report = verify();
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.entries, 5);
  EXPECT_EQ(report.head_seq, 5);
  const auto entries = list_audit(*db, 0, 10).value();
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].prev_hash, kGenesisHash);
  for (std::size_t idx = 1; idx < entries.size(); ++idx) {
    EXPECT_EQ(entries[idx].prev_hash, entries[idx - 1].hash);
    EXPECT_EQ(entries[idx].seq, static_cast<std::int64_t>(idx) + 1);
  }
  EXPECT_EQ(report.head_hash, entries.back().hash);
  // ISO 8601 UTC with milliseconds.
  EXPECT_EQ(entries[0].at.size(), 24u);
  EXPECT_EQ(entries[0].at.back(), 'Z');
}

TEST_P(AuditTest, EachHashIsSha256OfTheCanonicalArray) {
  // The canonical text written out by hand: the JSON array [seq, at, actor, action, entity,
  // entity_id, before_json|null, after_json|null, reason, prev_hash], no spaces, strings with
  // '"' and '\\' escaped and other text as it is (UTF-8). On PostgreSQL the database computes
  // the hash (cl_audit_append), on SQLite the store does; both must give these bytes' SHA-256.
  const auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (const char chr : text) {
      if (chr == '"' || chr == '\\') out += '\\';
      out += chr;
    }
    return out + "\"";
  };
  for (const std::string name : {"台灣螺絲 \"Screw\" Co", "Back\\slash 工廠"}) {
    Organization org;
    org.name = name;
    ASSERT_TRUE(CL_ASSERT_OK(create_organization(*db, actor, org)));
    const auto entry = last_audit();
    ASSERT_TRUE(entry.after_json.has_value());
    EXPECT_FALSE(entry.before_json.has_value());
    const std::string canonical = "[" + std::to_string(entry.seq) + "," + quoted(entry.at) +
                                  ",\"test\",\"create\",\"organizations\"," +
                                  quoted(entry.entity_id) + ",null," + quoted(*entry.after_json) +
                                  ",\"unit test\"," + quoted(entry.prev_hash) + "]";
    // The name's '"' or '\\' is escaped in after_json, and that escape again in the array.
    EXPECT_NE(entry.after_json->find('\\'), std::string::npos) << *entry.after_json;
    EXPECT_EQ(entry.hash, sha256_hex(canonical)) << canonical;
  }
  EXPECT_TRUE(verify().intact);
}

TEST_P(AuditTest, TriggersRefuseEditsAndDeletes) {
  write_five();
  EXPECT_THROW(db->exec("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 2"),
               StoreError);
  try {
    db->exec("DELETE FROM audit_log WHERE seq = 2");
    ADD_FAILURE() << "the delete went through";
  } catch (const StoreError& failure) {
    EXPECT_EQ(failure.error.code, ErrorCode::store_frozen);
    EXPECT_NE(failure.error.message.find("append-only"), std::string::npos)
        << failure.error.message;
  }
  EXPECT_TRUE(verify().intact);
}

TEST_P(AuditTest, FindsAnEditedRow) {
  write_five();
  drop_triggers();
  db->exec("UPDATE audit_log SET after_json = $1 WHERE seq = 3",
           {std::string(R"({"name":"Someone else"})")});
  const auto report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_EQ(report.entries, 2);
  EXPECT_NE(report.problem.find("changed"), std::string::npos) << report.problem;
}

TEST_P(AuditTest, FindsADeletedRow) {
  write_five();
  drop_triggers();
  db->exec("DELETE FROM audit_log WHERE seq = 4");
  const auto report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 4);
  EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
}

TEST_P(AuditTest, FindsARewrittenRowWhoseHashWasRecomputed) {
  // A careful forger edits row 2 and recomputes its hash: row 3 no longer follows it.
  write_five();
  drop_triggers();
  auto entry = list_audit(*db, 1, 1).value().front();
  entry.reason = "forged";
  entry.hash = audit_hash(entry);
  db->exec("UPDATE audit_log SET reason = $1, hash = $2 WHERE seq = 2", {entry.reason, entry.hash});
  const auto report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 3);
}

TEST_P(AuditTest, FindsReorderedRows) {
  write_five();
  drop_triggers();
  db->exec("UPDATE audit_log SET seq = 1000 WHERE seq = 2");
  db->exec("UPDATE audit_log SET seq = 2 WHERE seq = 3");
  db->exec("UPDATE audit_log SET seq = 3 WHERE seq = 1000");
  const auto report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 2);
}

INSTANTIATE_TEST_SUITE_P(Dialects, AuditTest, dialects());

}  // namespace
}  // namespace cl::store::testing
