// Quotas and priority of the 2023 services (000 申請方式 一 and 三): first come until full, the
// priority groups, the waiting list, requests for missing documents and withdrawal.
#include "core/program/intake.hpp"

#include <gtest/gtest.h>

#include "program_fixtures.hpp"

namespace cl::program {
namespace {

using test::sme_2023;
using test::sme_application;

const ServiceIntake& service_of(const std::vector<ServiceIntake>& intake, const std::string& id) {
  for (const auto& item : intake) {
    if (item.service == id) return item;
  }
  throw std::runtime_error("no service " + id);
}

const IntakeEntry& entry_of(const ServiceIntake& intake, const std::string& id) {
  for (const auto& entry : intake.entries) {
    if (entry.application == id) return entry;
  }
  throw std::runtime_error("no entry " + id);
}

TEST(ProgramIntake, The181stInventoryApplicantWaits) {
  // 000 申請項目說明 一.(一).(2): 名額 180 家; 申請方式 三.(一): 即日起至額滿止. All SMEs (one
  // priority class), one a day from 2023-01-01: the first 180 get places 1…180 in order.
  std::vector<Application> applications;
  for (int n = 1; n <= 181; ++n) {
    const Date day = add_days({2023, 1, 1}, n - 1);
    applications.push_back(
        sme_application("INV-" + std::to_string(n), "inventory_guidance", day.to_string()));
  }
  const auto checks = check_eligibility(sme_2023(), applications);
  const auto intake = allocate(sme_2023(), applications, checks, {2023, 8, 1});
  const auto& inventory = service_of(intake, "inventory_guidance");
  EXPECT_EQ(inventory.accepted, 180);
  EXPECT_EQ(entry_of(inventory, "INV-1").position, 1);
  EXPECT_EQ(entry_of(inventory, "INV-180").status, IntakeStatus::accepted);
  const auto& last = entry_of(inventory, "INV-181");
  EXPECT_EQ(last.status, IntakeStatus::waiting);
  EXPECT_EQ(last.position, 1);
  EXPECT_EQ(last.reason, "quota of 180 full");
}

TEST(ProgramIntake, PriorityGroupsComeBeforeOthersThenFirstCome) {
  // 000 申請方式 三.(二): 40 places; SMEs, supply-chain members and CBAM sources first.
  Program program = sme_2023();
  for (auto& service : program.services) {
    if (service.id == "verification_guidance") service.quota = 2;
  }
  auto large = sme_application("V-1", "verification_guidance", "2023-02-01");
  large.factory.sme = false;  // a large, non-priority manufacturer, first to apply
  auto sme = sme_application("V-2", "verification_guidance", "2023-02-03");
  auto cbam = sme_application("V-3", "verification_guidance", "2023-02-02");
  cbam.factory.sme = false;
  cbam.factory.cbam_affected = true;
  const std::vector applications = {large, sme, cbam};
  const auto intake =
      allocate(program, applications, check_eligibility(program, applications), {2023, 3, 1});
  const auto& service = service_of(intake, "verification_guidance");
  EXPECT_EQ(entry_of(service, "V-3").position, 1);  // priority, 2 Feb
  EXPECT_EQ(entry_of(service, "V-2").position, 2);  // priority, 3 Feb
  EXPECT_EQ(entry_of(service, "V-1").status, IntakeStatus::waiting);
  EXPECT_EQ(entry_of(service, "V-1").priority, 2);
  EXPECT_EQ(entry_of(service, "V-1").priority_name, "others");
}

TEST(ProgramIntake, APlaceOnceGivenIsNotTakenBack) {
  Program program = sme_2023();
  for (auto& service : program.services) {
    if (service.id == "verification_guidance") service.quota = 1;
  }
  auto large = sme_application("V-1", "verification_guidance", "2023-02-01");
  large.factory.sme = false;
  large.accepted_on = Date{2023, 2, 2};
  auto sme = sme_application("V-2", "verification_guidance", "2023-02-05");
  const std::vector applications = {large, sme};
  const auto intake =
      allocate(program, applications, check_eligibility(program, applications), {2023, 3, 1});
  const auto& service = service_of(intake, "verification_guidance");
  EXPECT_EQ(entry_of(service, "V-1").status, IntakeStatus::accepted);
  EXPECT_EQ(entry_of(service, "V-2").status, IntakeStatus::waiting);
}

TEST(ProgramIntake, OnsiteOffsetSupportOrderOfTheSeed) {
  // 000 申請方式 三.(五): 1. no earlier offset experience; 2. reduction site not a first-batch
  // emitter; 3. in the credit stage (監測報告書 / 查證 / 額度申請); 4. other manufacturers.
  const auto make = [](const std::string& id, bool experience, bool first_batch,
                       const std::string& stage) {
    auto application = sme_application(id, "offset_onsite_support", "2023-03-01");
    application.offset.earlier_offset_experience = experience;
    application.offset.site_first_batch = first_batch;
    application.stage = stage;
    test::set_field(application, "stage", stage);
    return application;
  };
  const std::vector applications = {
      make("O-4", true, true, "validation"),          // none of 1–3 → class 4
      make("O-3", true, true, "credit_application"),  // class 3
      make("O-2", true, false, "validation"),         // class 2
      make("O-1", false, true, "validation"),         // class 1
  };
  const auto intake =
      allocate(sme_2023(), applications, check_eligibility(sme_2023(), applications), {2023, 3, 2});
  const auto& service = service_of(intake, "offset_onsite_support");
  for (int n = 1; n <= 4; ++n) {
    const auto& entry = entry_of(service, "O-" + std::to_string(n));
    EXPECT_EQ(entry.priority, n);
    EXPECT_EQ(entry.position, n);
  }
  EXPECT_EQ(entry_of(service, "O-4").priority_name, "others");
}

TEST(ProgramIntake, MissingDocumentsWaitThenCountAsWithdrawn) {
  // 000 申請方式 一: 如經通知未完成資料補正者視同放棄.
  auto waiting = sme_application("A-1", "inventory_guidance", "2023-03-01");
  waiting.requests.push_back({"工廠登記證明", {2023, 3, 2}, Date{2023, 3, 16}, std::nullopt});
  auto answered = sme_application("A-2", "inventory_guidance", "2023-03-01");
  answered.requests.push_back({"附表1", {2023, 3, 2}, Date{2023, 3, 16}, Date{2023, 3, 10}});
  auto default_due = sme_application("A-3", "inventory_guidance", "2023-03-01");
  // No due date: requested + the definition's default of 14 days = 2023-03-16.
  default_due.requests.push_back({"附表1", {2023, 3, 2}, std::nullopt, std::nullopt});
  const std::vector applications = {waiting, answered, default_due};
  const auto checks = check_eligibility(sme_2023(), applications);

  const auto before =
      service_of(allocate(sme_2023(), applications, checks, {2023, 3, 16}), "inventory_guidance");
  EXPECT_EQ(entry_of(before, "A-1").status, IntakeStatus::awaiting_documents);
  EXPECT_EQ(entry_of(before, "A-1").documents_due, (Date{2023, 3, 16}));
  EXPECT_EQ(entry_of(before, "A-2").status, IntakeStatus::accepted);
  EXPECT_EQ(entry_of(before, "A-3").documents_due, (Date{2023, 3, 16}));

  const auto after =
      service_of(allocate(sme_2023(), applications, checks, {2023, 3, 17}), "inventory_guidance");
  EXPECT_EQ(entry_of(after, "A-1").status, IntakeStatus::withdrawn);
  EXPECT_NE(entry_of(after, "A-1").reason.find("counted as withdrawn"), std::string::npos);
  EXPECT_EQ(entry_of(after, "A-3").status, IntakeStatus::withdrawn);
}

TEST(ProgramIntake, RefusedAndIncompleteApplicationsTakeNoPlace) {
  auto refused = sme_application("A-1", "inventory_guidance", "2023-03-01");
  refused.factory.first_batch_emitter = true;
  auto incomplete = sme_application("A-2", "inventory_guidance", "2023-03-01");
  incomplete.fields.erase("form.employees");
  const std::vector applications = {refused, incomplete};
  const auto intake =
      allocate(sme_2023(), applications, check_eligibility(sme_2023(), applications), {2023, 3, 2});
  const auto& service = service_of(intake, "inventory_guidance");
  EXPECT_EQ(service.accepted, 0);
  EXPECT_EQ(entry_of(service, "A-1").status, IntakeStatus::refused);
  EXPECT_EQ(entry_of(service, "A-2").status, IntakeStatus::awaiting_documents);
  EXPECT_NE(entry_of(service, "A-2").reason.find("員工人數 is missing"), std::string::npos);
}

}  // namespace
}  // namespace cl::program
