// The mail outbox (store/mail.hpp). Not audited: a mail is the effect of an audited change (the
// invitation, the reminder), and its message carries the invitation code, a credential.
#include "store/mail.hpp"

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

constexpr const char* kColumns =
    "id, organization_id, supply_request_id, kind, recipient, subject, message, status, "
    "attempts, last_error, next_attempt_at, sent_at, created_by, created_at, updated_at";

OutboxMail mail_of(const Row& row) {
  OutboxMail out;
  out.id = row.integer(0);
  out.organization_id = row.integer(1);
  if (!row.is_null(2)) out.supply_request_id = row.integer(2);
  out.kind = row.text(3);
  out.recipient = row.text(4);
  out.subject = row.text(5);
  out.message = row.text(6);
  out.status = row.text(7);
  out.attempts = row.integer(8);
  out.last_error = row.text(9);
  out.next_attempt_at = row.text(10);
  out.sent_at = row.text(11);
  out.created_by = row.text(12);
  out.created_at = row.text(13);
  out.updated_at = row.text(14);
  return out;
}

std::vector<OutboxMail> mails(Database& db, const std::string& where,
                              const std::vector<Value>& params) {
  std::vector<OutboxMail> out;
  for (const auto& row :
       db.query(std::string("SELECT ") + kColumns + " FROM mail_outbox WHERE " + where, params)) {
    out.push_back(mail_of(row));
  }
  return out;
}

OutboxMail load(Database& db, std::int64_t id) {
  auto found = mails(db, "id = $1", {id});
  if (found.empty()) detail::throw_not_found("mail", id);
  return found.front();
}

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

}  // namespace

nlohmann::json to_json(const OutboxMail& mail, bool with_message) {
  nlohmann::json out = {
      {"id", mail.id},
      {"organization_id", mail.organization_id},
      {"supply_request_id",
       mail.supply_request_id ? nlohmann::json(*mail.supply_request_id) : nlohmann::json(nullptr)},
      {"kind", mail.kind},
      {"recipient", mail.recipient},
      {"subject", mail.subject},
      {"status", mail.status},
      {"attempts", mail.attempts},
      {"last_error", mail.last_error},
      {"next_attempt_at", mail.next_attempt_at},
      {"sent_at", mail.sent_at},
      {"created_at", mail.created_at},
      {"updated_at", mail.updated_at}};
  if (with_message) out["message"] = mail.message;
  return out;
}

Result<OutboxMail> queue_mail(Database& db, const Actor& actor, OutboxMail mail) {
  return guard([&] {
    const auto at = mail.recipient.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == mail.recipient.size() ||
        mail.recipient.find_first_of(" \t\r\n<>,;") != std::string::npos) {
      invalid("'" + mail.recipient + "' is not an e-mail address (name@example.com)", "recipient");
    }
    if (mail.message.empty()) invalid("a mail has a message", "message");
    db.write([&] {
      mail.status = "queued";
      mail.attempts = 0;
      mail.created_by = actor.who;
      mail.created_at = now_iso8601();
      mail.updated_at = mail.created_at;
      mail.next_attempt_at = mail.created_at;
      mail.id = detail::insert_id(
          db,
          "INSERT INTO mail_outbox (organization_id, supply_request_id, kind, recipient, subject, "
          "message, status, attempts, last_error, next_attempt_at, sent_at, created_by, "
          "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, '', $8, '', $9, $10, "
          "$11)",
          {mail.organization_id, detail::optional_value(mail.supply_request_id), mail.kind,
           mail.recipient, mail.subject, mail.message, mail.status, mail.next_attempt_at,
           mail.created_by, mail.created_at, mail.updated_at});
    });
    return mail;
  });
}

Result<std::vector<OutboxMail>> due_mail(Database& db, const std::string& now, int limit) {
  return guard([&] {
    return mails(db,
                 "status = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id "
                 "LIMIT $2",
                 {now, std::int64_t{limit}});
  });
}

Result<void> mark_mail_sent(Database& db, std::int64_t id) {
  return guard([&] {
    db.write([&] {
      load(db, id);
      const auto now = now_iso8601();
      db.exec(
          "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, last_error = '', "
          "sent_at = $2, updated_at = $2 WHERE id = $1",
          {id, now});
    });
  });
}

Result<OutboxMail> mark_mail_failed(Database& db, std::int64_t id, const std::string& error,
                                    int max_attempts, const std::string& retry_at) {
  return guard([&] {
    OutboxMail mail;
    db.write([&] {
      mail = load(db, id);
      mail.attempts += 1;
      mail.last_error = error;
      mail.status = mail.attempts >= max_attempts ? "failed" : "queued";
      mail.next_attempt_at = retry_at;
      mail.updated_at = now_iso8601();
      db.exec(
          "UPDATE mail_outbox SET status = $2, attempts = $3, last_error = $4, "
          "next_attempt_at = $5, updated_at = $6 WHERE id = $1",
          {id, mail.status, mail.attempts, mail.last_error, mail.next_attempt_at, mail.updated_at});
    });
    return mail;
  });
}

Result<std::vector<OutboxMail>> mail_of_request(Database& db, std::int64_t request_id) {
  return guard([&] { return mails(db, "supply_request_id = $1 ORDER BY id", {request_id}); });
}

Result<std::map<std::int64_t, OutboxMail>> latest_mail_of_study(Database& db,
                                                                std::int64_t study_id) {
  return guard([&] {
    std::map<std::int64_t, OutboxMail> out;
    for (auto& mail :
         mails(db,
               "supply_request_id IN (SELECT id FROM supply_requests WHERE study_id = $1) "
               "ORDER BY id",
               {study_id})) {
      const auto key = *mail.supply_request_id;
      out[key] = std::move(mail);  // ascending ids: the last one stays
    }
    return out;
  });
}

}  // namespace cl::store
