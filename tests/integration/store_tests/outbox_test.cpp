// The outbox of issue 7 in the store, on SQLite and PostgreSQL: a mail is queued due now, sent
// (attempts 1) or failed after its attempts with the last error kept, and a refused address
// stores nothing; a mail queued inside a transaction that is rolled back is gone with it. PACT
// partners (no secret in the answer or the audit row; one per base URL) and the deliveries of
// answer events: queued, retried, delivered; a source that is no http(s) URL failed at once.
#include "store/mail.hpp"
#include "store/organizations.hpp"
#include "store/pact.hpp"
#include "store/pact_delivery.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

using nlohmann::json;

class OutboxStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Organization org;
    org.name = "Factory A";
    org_id = create_organization(*db, actor, org).value().id;
  }

  OutboxMail mail(const std::string& to) const {
    OutboxMail out;
    out.organization_id = org_id;
    out.kind = "invitation";
    out.recipient = to;
    out.subject = "碳足跡資料邀請";
    out.message = "Subject: x\r\n\r\nx\r\n";
    return out;
  }

  std::int64_t org_id = 0;
};

TEST_P(OutboxStoreTest, MailIsQueuedThenSentOrFailedAfterItsAttempts) {
  const auto queued = CL_ASSERT_OK(queue_mail(*db, actor, mail("a@b.test")));
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, "queued");
  EXPECT_EQ(queued->next_attempt_at, queued->created_at);
  const auto other = CL_ASSERT_OK(queue_mail(*db, actor, mail("c@d.test")));
  ASSERT_TRUE(other);
  // Both due now, oldest first; none due before they were made.
  const auto due = due_mail(*db, now_iso8601(), 10).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, queued->id);
  EXPECT_TRUE(due_mail(*db, "2000-01-01T00:00:00.000Z", 10).value().empty());

  ASSERT_TRUE(mark_mail_sent(*db, queued->id));
  // Two failures of three: queued again at the retry time; the third: failed.
  for (int attempt = 1; attempt <= 3; ++attempt) {
    const auto failed = mark_mail_failed(*db, other->id, "550 refused " + std::to_string(attempt),
                                         3, "2999-01-01T00:00:00.000Z");
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->attempts, attempt);
    EXPECT_EQ(failed->status, attempt < 3 ? "queued" : "failed");
  }
  EXPECT_TRUE(due_mail(*db, now_iso8601(), 10).value().empty());
  const auto sent = mail_of_request(*db, 0).value();  // no request: none
  EXPECT_TRUE(sent.empty());
  const auto rows = db->query(
      "SELECT status, attempts, last_error, sent_at FROM mail_outbox "
      "ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text(0), "sent");
  EXPECT_EQ(rows[0].integer(1), 1);
  EXPECT_NE(rows[0].text(3), "");
  EXPECT_EQ(rows[1].text(0), "failed");
  EXPECT_EQ(rows[1].integer(1), 3);
  EXPECT_EQ(rows[1].text(2), "550 refused 3");
}

TEST_P(OutboxStoreTest, ABadAddressOrARolledBackTransactionStoresNothing) {
  for (const char* bad : {"no-at-sign", "a@", "@b", "a b@c.test", "a@b.test\r\nBcc: x@y"}) {
    const auto refused = queue_mail(*db, actor, mail(bad));
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::store_invalid);
    EXPECT_EQ(refused.error().where.field, "recipient");
  }
  try {
    db->write([&] {
      ASSERT_TRUE(queue_mail(*db, actor, mail("a@b.test")));
      throw std::runtime_error("the invitation failed");
    });
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM mail_outbox")[0].integer(0), 0);
}

TEST_P(OutboxStoreTest, PartnersAndDeliveries) {
  PactPartner partner;
  partner.organization_id = org_id;
  partner.name = "Customer A";
  partner.base_url = "https://pact.customer.test/3/events";
  partner.client_id = "cid";
  partner.client_secret = "top secret";
  const auto made = CL_ASSERT_OK(create_pact_partner(*db, actor, partner));
  ASSERT_TRUE(made);
  EXPECT_EQ(made->base_url, "https://pact.customer.test");
  EXPECT_FALSE(to_json(*made).contains("client_secret"));
  EXPECT_EQ(last_audit().after_json->find("top secret"), std::string::npos);
  partner.base_url = "https://pact.customer.test/";
  EXPECT_EQ(create_pact_partner(*db, actor, partner).error().code, ErrorCode::store_conflict);
  partner.base_url = "ftp://x";
  EXPECT_EQ(create_pact_partner(*db, actor, partner).error().where.field, "base_url");
  const auto found = find_pact_partner(*db, org_id, "https://pact.customer.test/").value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->client_secret, "top secret");
  EXPECT_FALSE(find_pact_partner(*db, org_id, "https://other.test").value());

  PactEvent event{0, org_id, std::nullopt, "outgoing", "e1", "t", "s", json{{"a", 1}}, {}};
  const auto first = record_pact_event(*db, event).value();
  const auto second = record_pact_event(*db, event).value();
  const auto queued =
      CL_ASSERT_OK(queue_pact_delivery(*db, first, org_id, "https://pact.customer.test/"));
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, "queued");
  EXPECT_EQ(queued->target, "https://pact.customer.test");
  const auto unusable = CL_ASSERT_OK(queue_pact_delivery(*db, second, org_id, "//customer"));
  ASSERT_TRUE(unusable);
  EXPECT_EQ(unusable->status, "failed");
  EXPECT_NE(unusable->last_error.find("not the http(s) base URL"), std::string::npos);
  const auto due = due_pact_deliveries(*db, now_iso8601(), 10).value();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].event_id, first);
  ASSERT_TRUE(mark_pact_delivery_failed(*db, due[0].id, "could not connect", 3,
                                        "2000-01-01T00:00:00.000Z"));
  ASSERT_TRUE(mark_pact_delivered(*db, due[0].id));
  const auto delivered = delivery_of_event(*db, first).value();
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->status, "delivered");
  EXPECT_EQ(delivered->attempts, 2);
  EXPECT_EQ(delivered->last_error, "");
  EXPECT_FALSE(delivery_of_event(*db, 999999).value());
}

TEST(PactBaseUrlTest, TheBaseUrlOfASource) {
  EXPECT_EQ(pact_base_url("https://h.test/sub/3/events"), "https://h.test/sub");
  EXPECT_EQ(pact_base_url("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
  EXPECT_EQ(pact_base_url("//customer.example/3/events"), "");
  EXPECT_EQ(pact_base_url("https://"), "");
}

INSTANTIATE_TEST_SUITE_P(Dialects, OutboxStoreTest, dialects());

}  // namespace
}  // namespace cl::store::testing
