// The funding ledger's tables (schema version 8): program_funding (one row per funded case),
// program_expenses (the ledger, each row with its split), program_changes (requests and
// decisions). JSON members (cost items, a change's details) are TEXT.
#include "store/program_funding.hpp"

#include "store/guidance.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

using detail::optional_value;

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

void check_date(const std::string& date, const std::string& field) {
  if (!is_calendar_date(date)) {
    invalid(field + " '" + date + "' is not a calendar day written YYYY-MM-DD, e.g. 2014-05-02",
            field);
  }
}

nlohmann::json optional_json(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

constexpr const char* kFundingColumns =
    "id, application_id, own_ntd, satellites_signed, cost_items, created_by, created_at, "
    "updated_at";

FundingRecord funding_of(const Row& row) {
  FundingRecord out;
  out.id = row.integer(0);
  out.application_id = row.integer(1);
  out.own_ntd = row.integer(2);
  out.satellites_signed = static_cast<int>(row.integer(3));
  out.cost_items = detail::parse_json(row.text(4), "program funding " + std::to_string(out.id));
  out.created_by = row.text(5);
  out.created_at = row.text(6);
  out.updated_at = row.text(7);
  return out;
}

constexpr const char* kExpenseColumns =
    "id, application_id, expense_date, cost_item, amount_ntd, government_ntd, own_ntd, "
    "description, evidence_id, created_by, created_at";

Expense expense_of(const Row& row) {
  Expense out;
  out.id = row.integer(0);
  out.application_id = row.integer(1);
  out.date = row.text(2);
  out.cost_item = row.text(3);
  out.amount_ntd = row.integer(4);
  out.government_ntd = row.integer(5);
  out.own_ntd = row.integer(6);
  out.description = row.text(7);
  if (!row.is_null(8)) out.evidence_id = row.integer(8);
  out.created_by = row.text(9);
  out.created_at = row.text(10);
  return out;
}

constexpr const char* kChangeColumns =
    "id, application_id, kind, details, reason, requested_on, status, decided_on, decision_note, "
    "decided_by, satellites_dropped, created_by, created_at";

ChangeRequest change_of(const Row& row) {
  ChangeRequest out;
  out.id = row.integer(0);
  out.application_id = row.integer(1);
  out.kind = row.text(2);
  out.details = detail::parse_json(row.text(3), "change request " + std::to_string(out.id));
  out.reason = row.text(4);
  out.requested_on = row.text(5);
  out.status = row.text(6);
  out.decided_on = row.optional_text(7);
  out.decision_note = row.text(8);
  out.decided_by = row.text(9);
  out.satellites_dropped = static_cast<int>(row.integer(10));
  out.created_by = row.text(11);
  out.created_at = row.text(12);
  return out;
}

CaseLedger ledger_of(Database& db, std::int64_t application_id) {
  CaseLedger out;
  const auto funding = db.query(
      std::string("SELECT ") + kFundingColumns + " FROM program_funding WHERE application_id = $1",
      {application_id});
  if (!funding.empty()) out.funding = funding_of(funding[0]);
  for (const auto& row :
       db.query(std::string("SELECT ") + kExpenseColumns +
                    " FROM program_expenses WHERE application_id = $1 ORDER BY expense_date, id",
                {application_id})) {
    out.expenses.push_back(expense_of(row));
  }
  for (const auto& row : db.query(std::string("SELECT ") + kChangeColumns +
                                      " FROM program_changes WHERE application_id = $1 ORDER BY id",
                                  {application_id})) {
    out.changes.push_back(change_of(row));
  }
  return out;
}

/// The application's organization; store.not_found when there is no such application.
std::optional<std::int64_t> application_org(Database& db, std::int64_t application_id,
                                            bool must_be_approved) {
  const auto rows =
      db.query("SELECT organization_id, approved_on FROM program_applications WHERE id = $1",
               {application_id});
  if (rows.empty()) detail::throw_not_found("program application", application_id);
  if (must_be_approved && rows[0].is_null(1)) {
    invalid("application " + std::to_string(application_id) +
                " is not approved; funding starts with the approval",
            "approved_on");
  }
  if (rows[0].is_null(0)) return std::nullopt;
  return rows[0].integer(0);
}

}  // namespace

nlohmann::json to_json(const FundingRecord& record) {
  return {{"id", record.id},
          {"application_id", record.application_id},
          {"own_ntd", record.own_ntd},
          {"satellites_signed", record.satellites_signed},
          {"cost_items", record.cost_items},
          {"created_by", record.created_by},
          {"created_at", record.created_at},
          {"updated_at", record.updated_at}};
}

nlohmann::json to_json(const Expense& expense) {
  return {{"id", expense.id},
          {"application_id", expense.application_id},
          {"date", expense.date},
          {"cost_item", expense.cost_item},
          {"amount", expense.amount_ntd},
          {"government", expense.government_ntd},
          {"own", expense.own_ntd},
          {"description", expense.description},
          {"evidence_id",
           expense.evidence_id ? nlohmann::json(*expense.evidence_id) : nlohmann::json(nullptr)},
          {"created_by", expense.created_by},
          {"created_at", expense.created_at}};
}

nlohmann::json to_json(const ChangeRequest& change) {
  return {{"id", change.id},
          {"application_id", change.application_id},
          {"kind", change.kind},
          {"details", change.details},
          {"reason", change.reason},
          {"date", change.requested_on},
          {"status", change.status},
          {"decided_on", optional_json(change.decided_on)},
          {"decision_note", change.decision_note},
          {"decided_by", change.decided_by},
          {"satellites_dropped", change.satellites_dropped},
          {"created_by", change.created_by},
          {"created_at", change.created_at}};
}

Result<CaseLedger> get_case_ledger(Database& db, std::int64_t application_id) {
  return guard([&] {
    CaseLedger out;
    db.read_snapshot([&] {
      application_org(db, application_id, false);
      out = ledger_of(db, application_id);
    });
    return out;
  });
}

Result<FundingRecord> add_funding(Database& db, const Actor& actor, FundingRecord record) {
  return guard([&] {
    if (!record.cost_items.is_array()) invalid("cost_items is a list", "cost_items");
    if (record.own_ntd < 0) invalid("own funds cannot be negative", "own");
    db.write([&] {
      application_org(db, record.application_id, true);
      if (!db.query("SELECT 1 FROM program_funding WHERE application_id = $1",
                    {record.application_id})
               .empty()) {
        throw_error(ErrorCode::store_conflict,
                    "case " + std::to_string(record.application_id) +
                        " already has its funding record; change it with a change request");
      }
      record.created_by = actor.who;
      record.created_at = now_iso8601();
      record.updated_at = record.created_at;
      record.id = detail::insert_id(
          db,
          "INSERT INTO program_funding (application_id, own_ntd, satellites_signed, cost_items, "
          "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {record.application_id, record.own_ntd, std::int64_t{record.satellites_signed},
           record.cost_items.dump(), record.created_by, record.created_at, record.updated_at});
      append_audit(db, actor, "create", "program_funding", std::to_string(record.id), nullptr,
                   to_json(record));
    });
    return record;
  });
}

Result<Expense> add_expense(
    Database& db, const Actor& actor, Expense expense,
    const std::function<std::pair<std::int64_t, std::int64_t>(const CaseLedger&)>& split) {
  return guard([&] {
    check_date(expense.date, "date");
    if (expense.description.empty()) {
      invalid("an expense says what it paid for (品名), e.g. 現場輔導差旅 2014-04-01",
              "description");
    }
    db.write([&] {
      const auto org = application_org(db, expense.application_id, true);
      const auto ledger = ledger_of(db, expense.application_id);
      if (!ledger.funding) {
        invalid("case " + std::to_string(expense.application_id) +
                    " has no funding record yet; the office records its approved budget first",
                "funding");
      }
      if (expense.evidence_id) {
        const auto owner = db.query("SELECT organization_id FROM evidence_files WHERE id = $1",
                                    {*expense.evidence_id});
        if (owner.empty() || !org || owner[0].integer(0) != *org) {
          invalid("evidence " + std::to_string(*expense.evidence_id) +
                      " is not a file of the case's organization; upload the receipt there",
                  "evidence_id");
        }
      }
      const auto [government, own] = split(ledger);
      expense.government_ntd = government;
      expense.own_ntd = own;
      expense.created_by = actor.who;
      expense.created_at = now_iso8601();
      expense.id = detail::insert_id(
          db,
          "INSERT INTO program_expenses (application_id, expense_date, cost_item, amount_ntd, "
          "government_ntd, own_ntd, description, evidence_id, created_by, created_at) VALUES "
          "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {expense.application_id, expense.date, expense.cost_item, expense.amount_ntd,
           expense.government_ntd, expense.own_ntd, expense.description,
           optional_value(expense.evidence_id), expense.created_by, expense.created_at});
      append_audit(db, actor, "create", "program_expenses", std::to_string(expense.id), nullptr,
                   to_json(expense));
    });
    return expense;
  });
}

Result<ChangeRequest> add_change(Database& db, const Actor& actor, ChangeRequest change,
                                 const std::function<void(const CaseLedger&)>& check) {
  return guard([&] {
    if (change.kind.empty()) invalid("a change request names its kind", "kind");
    if (change.reason.empty()) {
      invalid("a change request gives its reason (敘明理由, seed 004 陸.三.1)", "reason");
    }
    check_date(change.requested_on, "date");
    if (!change.details.is_object()) invalid("details is an object", "details");
    db.write([&] {
      application_org(db, change.application_id, true);
      check(ledger_of(db, change.application_id));
      change.status = "pending";
      change.created_by = actor.who;
      change.created_at = now_iso8601();
      change.id = detail::insert_id(
          db,
          "INSERT INTO program_changes (application_id, kind, details, reason, requested_on, "
          "status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {change.application_id, change.kind, change.details.dump(), change.reason,
           change.requested_on, change.status, change.created_by, change.created_at});
      append_audit(db, actor, "create", "program_changes", std::to_string(change.id), nullptr,
                   to_json(change));
    });
    return change;
  });
}

Result<ChangeRequest> decide_change(
    Database& db, const Actor& actor, std::int64_t change_id, const std::string& status,
    const std::string& note, const std::string& date,
    const std::function<std::optional<nlohmann::json>(const CaseLedger&, const ChangeRequest&)>&
        apply) {
  return guard([&] {
    if (status != "approved" && status != "rejected") {
      invalid("decision '" + status + "' is not one of approved, rejected", "decision");
    }
    check_date(date, "date");
    ChangeRequest after;
    db.write([&] {
      const auto rows =
          db.query(std::string("SELECT ") + kChangeColumns + " FROM program_changes WHERE id = $1",
                   {change_id});
      if (rows.empty()) detail::throw_not_found("change request", change_id);
      const auto before = change_of(rows[0]);
      if (before.status != "pending") {
        throw_error(ErrorCode::store_conflict, "change request " + std::to_string(change_id) +
                                                   " was already " + before.status + " on " +
                                                   before.decided_on.value_or("?"));
      }
      after = before;
      after.status = status;
      after.decided_on = date;
      after.decision_note = note;
      after.decided_by = actor.who;
      if (status == "approved") {
        const auto ledger = ledger_of(db, before.application_id);
        const auto items = apply(ledger, after);
        after.satellites_dropped = before.details.value("drop", 0);
        if (items && ledger.funding) {
          const auto funding_before = *ledger.funding;
          auto funding_after = funding_before;
          funding_after.cost_items = *items;
          funding_after.updated_at = now_iso8601();
          db.exec("UPDATE program_funding SET cost_items = $2, updated_at = $3 WHERE id = $1",
                  {funding_after.id, funding_after.cost_items.dump(), funding_after.updated_at});
          append_audit(db, actor, "update", "program_funding", std::to_string(funding_after.id),
                       to_json(funding_before), to_json(funding_after));
        }
      }
      db.exec(
          "UPDATE program_changes SET status = $2, decided_on = $3, decision_note = $4, "
          "decided_by = $5, satellites_dropped = $6 WHERE id = $1",
          {change_id, after.status, *after.decided_on, after.decision_note, after.decided_by,
           std::int64_t{after.satellites_dropped}});
      append_audit(db, actor, "update", "program_changes", std::to_string(change_id),
                   to_json(before), to_json(after));
    });
    return after;
  });
}

Result<std::vector<CaseLedger>> list_case_ledgers(Database& db) {
  return guard([&] {
    std::vector<CaseLedger> out;
    db.read_snapshot([&] {
      for (const auto& row :
           db.query("SELECT application_id FROM program_funding ORDER BY application_id")) {
        out.push_back(ledger_of(db, row.integer(0)));
      }
    });
    return out;
  });
}

}  // namespace cl::store
