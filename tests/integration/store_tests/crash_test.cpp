// Crash safety: a child process writes organizations in a loop (each its own transaction with
// its audit row) and reports each committed id on a pipe; the parent kills it with SIGKILL in
// the middle. Every acknowledged write must be there, nothing may be half-written (every row
// has its audit row and vice versa), and the audit chain must verify.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "store/organizations.hpp"
#include "store_test_support.hpp"

namespace cl::store::testing {
namespace {

class CrashTest : public StoreTest {};

[[noreturn]] void write_forever(const std::string& url, int fd) {
  auto db = open_database(url);
  if (!db) _exit(3);
  const Actor actor{"crash-writer", "crash test"};
  for (int idx = 0;; ++idx) {
    Organization org;
    org.name = "org " + std::to_string(idx);
    org.details = {{"padding", std::string(2000, 'x')}};  // make each transaction do some work
    const auto created = create_organization(**db, actor, org);
    if (!created) _exit(4);
    const std::int64_t id = created->id;
    if (::write(fd, &id, sizeof id) != sizeof id) _exit(5);
  }
}

TEST_P(CrashTest, KilledWriterLosesNothingAcknowledged) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    write_forever(temp->url(), fds[1]);
  }
  ::close(fds[1]);
  std::set<std::int64_t> acknowledged;
  std::int64_t id = 0;
  while (acknowledged.size() < 60 && ::read(fds[0], &id, sizeof id) == sizeof id)
    acknowledged.insert(id);
  ::kill(child, SIGKILL);
  // Acknowledgements already in the pipe count too: they were committed before being sent.
  while (::read(fds[0], &id, sizeof id) == sizeof id) acknowledged.insert(id);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself with " << WEXITSTATUS(status);
  ASSERT_GE(acknowledged.size(), 60u);

  auto after = temp->open();
  ASSERT_NE(after, nullptr);
  std::set<std::int64_t> stored;
  for (const auto& row : after->query("SELECT id FROM organizations"))
    stored.insert(row.integer(0));
  for (const auto acked : acknowledged) EXPECT_TRUE(stored.contains(acked)) << "lost org " << acked;
  // At most the one transaction in flight when killed may have committed without its ack.
  EXPECT_LE(stored.size(), acknowledged.size() + 1);
  std::set<std::int64_t> audited;
  for (const auto& row :
       after->query("SELECT entity_id FROM audit_log WHERE entity = 'organizations'")) {
    audited.insert(std::stoll(row.text(0)));
  }
  EXPECT_EQ(audited, stored) << "a row without its audit row, or the reverse";
  const auto report = verify_audit(*after);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->intact) << report->problem;
  EXPECT_EQ(report->entries, static_cast<std::int64_t>(stored.size()));
}

INSTANTIATE_TEST_SUITE_P(Dialects, CrashTest, dialects());

}  // namespace
}  // namespace cl::store::testing
