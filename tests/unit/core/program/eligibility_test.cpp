// Eligibility rules of both shipped definitions, each case built from the seeds' wording
// (000 = the 2023 SME program, 004 = the 2014 demonstration program).
#include "core/program/eligibility.hpp"

#include <gtest/gtest.h>

#include "program_fixtures.hpp"

namespace cl::program {
namespace {

using test::cfp_2014;
using test::cfp_application;
using test::set_bool;
using test::set_field;
using test::sme_2023;
using test::sme_application;

bool refused_by(const EligibilityResult& result, const std::string& rule, ErrorCode code) {
  for (const auto& finding : result.refusals) {
    if (finding.rule == rule && finding.code == code) return true;
  }
  return false;
}

std::string dump(const EligibilityResult& result) {
  std::string out;
  for (const auto& f : result.refusals) out += "refused " + f.rule + ": " + f.reason + "\n";
  for (const auto& f : result.incomplete) out += "incomplete " + f.rule + ": " + f.reason + "\n";
  return out;
}

TEST(ProgramEligibility, ACompleteInventoryApplicationIsEligible) {
  const auto result = check_eligibility(sme_2023(), sme_application("A-1", "inventory_guidance"));
  EXPECT_TRUE(result.eligible()) << dump(result);
  EXPECT_TRUE(result.complete()) << dump(result);
}

TEST(ProgramEligibility, AWrongUnifiedBusinessNumberIsRefused) {
  auto application = sme_application("A-1", "inventory_guidance");
  set_field(application, "factory.ubn", "22099130");  // sum 29 (ubn_test)
  const auto result = check_eligibility(sme_2023(), application);
  ASSERT_TRUE(refused_by(result, "ubn", ErrorCode::program_ubn_invalid)) << dump(result);
  EXPECT_EQ(result.refusals.front().field, "factory.ubn");
  EXPECT_NE(result.refusals.front().reason.find("統一編號 '22099130'"), std::string::npos);
}

TEST(ProgramEligibility, RegisteredManufacturerOnly) {
  // 000 申請資格 一: 公司以製造業為限，須依法辦理工廠登記(依法免辦者應檢附證明文件).
  auto no_registration = sme_application("A-1", "inventory_guidance");
  no_registration.factory.factory_registration.clear();
  EXPECT_TRUE(refused_by(check_eligibility(sme_2023(), no_registration), "manufacturer",
                         ErrorCode::program_ineligible));
  no_registration.factory.registration_exempt = true;  // proof of exemption attached
  EXPECT_TRUE(check_eligibility(sme_2023(), no_registration).eligible());
  // 004 貳.三.2.(1): 不包括純粹貼牌行為或經銷商/配銷商/代理商/貿易商.
  auto trader = cfp_application("D-1");
  trader.factory.trader = true;
  EXPECT_TRUE(refused_by(check_eligibility(cfp_2014(), trader), "manufacturer",
                         ErrorCode::program_ineligible));
}

TEST(ProgramEligibility, FirstBatchEmittersExcludedFromInventoryAndVerificationOnly) {
  // 000 申請資格 二: 申請碳盤查輔導及查證輔導者，不得為…第一批…排放源.
  for (const char* service : {"inventory_guidance", "verification_guidance"}) {
    auto application = sme_application("A-1", service);
    application.factory.first_batch_emitter = true;
    EXPECT_TRUE(refused_by(check_eligibility(sme_2023(), application), "first_batch",
                           ErrorCode::program_ineligible))
        << service;
  }
  auto onsite = sme_application("A-2", "offset_onsite_support");
  onsite.factory.first_batch_emitter = true;
  set_field(onsite, "stage", "validation");
  onsite.stage = "validation";
  EXPECT_TRUE(check_eligibility(sme_2023(), onsite).eligible());
}

TEST(ProgramEligibility, RenewablePowerProjectsExcludedFromOffsetServices) {
  // 000 申請資格 三: 不包含再生能源發電類型專案.
  for (const char* service :
       {"planned_micro_offset", "programmatic_micro_offset", "offset_onsite_support"}) {
    auto application = sme_application("A-1", service);
    application.stage = "validation";
    set_field(application, "stage", "validation");
    application.offset.renewable_power = true;
    EXPECT_TRUE(refused_by(check_eligibility(sme_2023(), application), "no_renewable_power",
                           ErrorCode::program_ineligible))
        << service;
  }
  auto inventory = sme_application("A-2", "inventory_guidance");
  inventory.offset.renewable_power = true;  // irrelevant to inventory guidance
  EXPECT_TRUE(check_eligibility(sme_2023(), inventory).eligible());
}

Application footprint_application() {
  auto application = sme_application("F-1", "footprint_training");
  for (const char* key :
       {"consents.cfp_scope", "consents.cfp_no_guarantee", "consents.cfp_no_withdrawal",
        "consents.cfp_course_completed", "consents.cfp_own_data"}) {
    set_bool(application, key, true);
  }
  for (const char* key : {"form.revenue_2020", "form.revenue_2021", "form.revenue_2022",
                          "form.product_revenue_share"}) {
    set_field(application, key, "30", FieldValue::Kind::number);
  }
  test::set_list(application, "form.top_suppliers", 5);
  test::set_list(application, "form.top_customers", 3);
  for (const char* key : {"product.name", "form.product_photo", "form.process_flow", "form.reasons",
                          "form.team_chart", "form.executive", "form.executive_signature"}) {
    set_field(application, key, "x");
  }
  application.product.production_address = application.factory.address;
  set_field(application, "product.production_address", application.factory.address);
  return application;
}

TEST(ProgramEligibility, FootprintProductMustBeMadeAtTheFactorysAddress) {
  // 000 申請資格 四: 計算碳足跡的產品實際生產地點，應與申請工廠的地址相符.
  auto application = footprint_application();
  EXPECT_TRUE(check_eligibility(sme_2023(), application).eligible())
      << dump(check_eligibility(sme_2023(), application));
  // The same address written with full-width spaces still matches.
  application.product.production_address = "彰化縣和美鎮彰美路五段\u3000100\u3000號";
  EXPECT_TRUE(check_eligibility(sme_2023(), application).eligible());
  application.product.production_address = "彰化縣鹿港鎮工業西一路 5 號";
  const auto result = check_eligibility(sme_2023(), application);
  EXPECT_TRUE(refused_by(result, "product_site", ErrorCode::program_ineligible)) << dump(result);
}

TEST(ProgramEligibility, MissingConsentIsRefusedItemByItem) {
  // 000 附表2: five consents; the third one not agreed.
  auto application = footprint_application();
  set_bool(application, "consents.cfp_no_withdrawal", false);
  application.fields.erase("consents.personal_data");  // 附表1 consent not given at all
  const auto result = check_eligibility(sme_2023(), application);
  int consents = 0;
  for (const auto& finding : result.refusals) {
    if (finding.code == ErrorCode::program_consent_missing) ++consents;
  }
  EXPECT_EQ(consents, 2) << dump(result);
  EXPECT_TRUE(refused_by(result, "consents", ErrorCode::program_consent_missing));
}

TEST(ProgramEligibility, MissingFormFieldsMakeTheApplicationIncompleteNotRefused) {
  auto application = footprint_application();
  application.fields.erase("form.revenue_2021");       // 附表3 110 年營業額
  set_field(application, "form.industry_code", "45");  // not a manufacturing class 08–33
  const auto result = check_eligibility(sme_2023(), application);
  EXPECT_TRUE(result.eligible()) << dump(result);
  ASSERT_EQ(result.incomplete.size(), 2u) << dump(result);
  EXPECT_EQ(result.incomplete[0].field, "form.industry_code");
  EXPECT_NE(result.incomplete[0].reason.find("must be one of 08,"), std::string::npos);
  EXPECT_EQ(result.incomplete[1].field, "form.revenue_2021");
}

TEST(ProgramEligibility, OneServiceUnlessMidSized) {
  // 000 附表1: 僅限勾選一項，中堅企業不限.
  auto application = sme_application("A-1", "inventory_guidance");
  application.services.push_back("verification_guidance");
  EXPECT_TRUE(refused_by(check_eligibility(sme_2023(), application), "one_service",
                         ErrorCode::program_ineligible));
  application.factory.mid_sized = true;
  EXPECT_TRUE(check_eligibility(sme_2023(), application).eligible());
}

TEST(ProgramEligibility, MicroOffsetDemonstrationClosesOn23April2023) {
  // 000 申請方式 三.(四): 即日起至 112 年 4 月 23 日止 (the whole day counts).
  auto on_time = sme_application("A-1", "planned_micro_offset", "2023-04-23T23:59");
  EXPECT_TRUE(check_eligibility(sme_2023(), on_time).eligible());
  auto late = sme_application("A-2", "planned_micro_offset", "2023-04-24");
  const auto result = check_eligibility(sme_2023(), late);
  EXPECT_TRUE(refused_by(result, "deadline", ErrorCode::program_after_deadline)) << dump(result);
  // Inventory guidance runs until full: no deadline.
  EXPECT_TRUE(
      check_eligibility(sme_2023(), sme_application("A-3", "inventory_guidance", "2023-12-01"))
          .eligible());
}

TEST(ProgramEligibility, DemonstrationApplicationsBefore17h00On20February2014) {
  // 004 肆.三: 103 年 2 月 20 日(四) 下午 5 點前 … 寄達 (非以郵戳為憑).
  auto application = cfp_application("D-1");
  application.submitted = *parse_date_time("2014-02-20T16:59");
  EXPECT_TRUE(check_eligibility(cfp_2014(), application).eligible());
  application.submitted = *parse_date_time("2014-02-20T17:00");
  EXPECT_TRUE(refused_by(check_eligibility(cfp_2014(), application), "deadline",
                         ErrorCode::program_after_deadline));
  application.submitted = *parse_date_time("2014-02-21");
  EXPECT_TRUE(refused_by(check_eligibility(cfp_2014(), application), "deadline",
                         ErrorCode::program_after_deadline));
}

TEST(ProgramEligibility, GuidanceUnitRegistrationAndCertifiedStaff) {
  // 004 貳.三.1: SD1 registration and at least 3 full-time certified staff.
  auto application = cfp_application("D-1");
  EXPECT_TRUE(check_eligibility(cfp_2014(), application).eligible())
      << dump(check_eligibility(cfp_2014(), application));
  application.unit->registrations = {"SD2"};
  application.unit->certified_staff = 2;
  const auto result = check_eligibility(cfp_2014(), application);
  EXPECT_TRUE(refused_by(result, "unit_registered", ErrorCode::program_ineligible));
  EXPECT_TRUE(refused_by(result, "unit_certified_staff", ErrorCode::program_ineligible));
  application.unit->registrations = {"SD1-product-disclosure"};
  application.unit->certified_staff = 3;
  EXPECT_TRUE(check_eligibility(cfp_2014(), application).eligible());
}

TEST(ProgramEligibility, ParticipationMatrixOfDem4) {
  // 004 貳.三.3 表: earlier satellite → single or central, never satellite again; earlier
  // single → central only; earlier central → central again only with another product.
  struct Case {
    std::string earlier, now;
    bool same_product;
    bool allowed;
  };
  const std::vector<Case> cases = {
      {"satellite", "single_factory", false, true},
      {"satellite", "central_satellite", false, true},
      {"single_factory", "single_factory", false, false},
      {"single_factory", "central_satellite", false, true},
      {"central_satellite", "single_factory", false, false},
      {"central_satellite", "central_satellite", true, false},
      {"central_satellite", "central_satellite", false, true},
  };
  for (const auto& item : cases) {
    auto application = cfp_application("D-1", item.now == "central_satellite" ? 5 : 0, item.now);
    if (item.now == "single_factory") application.fields.erase("satellites");
    application.factory.earlier = {
        {2013, item.earlier, item.same_product ? application.product.name : "舊產品"}};
    const auto result = check_eligibility(cfp_2014(), application);
    EXPECT_EQ(!refused_by(result, "participation", ErrorCode::program_ineligible), item.allowed)
        << item.earlier << " → " << item.now << "\n"
        << dump(result);
  }
  // A satellite that was a satellite (or anything) before cannot be a satellite now.
  for (const char* earlier : {"satellite", "single_factory", "central_satellite"}) {
    auto application = cfp_application("D-2");
    application.satellites[2].earlier = {{2013, earlier, "x"}};
    const auto result = check_eligibility(cfp_2014(), application);
    ASSERT_TRUE(refused_by(result, "participation", ErrorCode::program_ineligible)) << earlier;
    EXPECT_EQ(result.refusals.front().field, "satellites.2.earlier");
  }
}

TEST(ProgramEligibility, AtMostEightApprovedCasesPerGuidanceUnit) {
  // 004 貳.一.3: 最終獲核定通過執行之輔導案總數以 8 件(含)為限.
  auto application = cfp_application("D-1");
  application.unit->approved_cases = 7;
  EXPECT_TRUE(check_eligibility(cfp_2014(), application).eligible());
  application.unit->approved_cases = 8;
  EXPECT_TRUE(refused_by(check_eligibility(cfp_2014(), application), "unit_cap",
                         ErrorCode::program_ineligible));
}

TEST(ProgramEligibility, OneCasePerCompanyAcrossTheBatch) {
  // 004 貳.一.2: 同一公司以獲得 1 件輔導案為限: the later application of the company is refused.
  auto first = cfp_application("D-1");
  auto second = cfp_application("D-2");
  second.submitted = *parse_date_time("2014-02-18T09:00");  // earlier than D-1
  auto other = cfp_application("D-3");
  other.factory.ubn = "10458575";
  const auto results = check_eligibility(cfp_2014(), std::vector{first, second, other});
  EXPECT_TRUE(refused_by(results[0], "one_case_per_company", ErrorCode::program_ineligible));
  EXPECT_NE(results[0].refusals.front().reason.find("already applied with D-2"), std::string::npos);
  EXPECT_TRUE(results[1].eligible());
  EXPECT_TRUE(results[2].eligible());
}

TEST(ProgramEligibility, ProductAlreadyFundedAndSatelliteRules) {
  auto funded = cfp_application("D-1");
  funded.product.funded_elsewhere = true;  // 004 貳.一.2
  EXPECT_TRUE(refused_by(check_eligibility(cfp_2014(), funded), "product_not_funded",
                         ErrorCode::program_ineligible));
  // 004 貳.二.1: at least 5 satellites; 註1: no traders; 註4: first tier; in Taiwan.
  auto four = cfp_application("D-2", 4);
  EXPECT_TRUE(refused_by(check_eligibility(cfp_2014(), four), "min_satellites",
                         ErrorCode::program_satellites_below_minimum));
  auto traders = cfp_application("D-3");
  traders.satellites[0].trader = true;
  traders.satellites[1].in_taiwan = false;
  traders.satellites[2].first_tier = false;
  const auto result = check_eligibility(cfp_2014(), traders);
  int satellite_refusals = 0;
  for (const auto& finding : result.refusals) {
    if (finding.rule == "satellites_manufacturers") ++satellite_refusals;
  }
  EXPECT_EQ(satellite_refusals, 3) << dump(result);
  // 004 貳.四.2: a cradle-to-grave product only in the single-factory mode.
  auto grave = cfp_application("D-4");
  grave.product.boundary = "cradle_to_grave";
  EXPECT_TRUE(refused_by(check_eligibility(cfp_2014(), grave), "product_boundary",
                         ErrorCode::program_ineligible));
  auto single = cfp_application("D-5", 0, "single_factory");
  single.product.boundary = "cradle_to_grave";
  EXPECT_TRUE(check_eligibility(cfp_2014(), single).eligible())
      << dump(check_eligibility(cfp_2014(), single));
}

TEST(ProgramEligibility, WillingnessLetterIsAConsent) {
  // 004 肆.一.(三): 受輔導廠商簽署之受輔導意願書.
  auto application = cfp_application("D-1");
  application.fields.erase("consents.willingness");
  EXPECT_TRUE(refused_by(check_eligibility(cfp_2014(), application), "willingness",
                         ErrorCode::program_consent_missing));
}

TEST(ProgramEligibility, EveryRefusalIsReportedAtOnce) {
  auto application = cfp_application("D-1", 4);
  application.product.funded_elsewhere = true;
  application.unit->certified_staff = 1;
  set_field(application, "factory.ubn", "12345678");  // sum 33: invalid
  const auto result = check_eligibility(cfp_2014(), application);
  EXPECT_EQ(result.refusals.size(), 4u) << dump(result);
}

TEST(ProgramEligibility, UnknownServiceOrModeIsRefused) {
  auto application = sme_application("A-1", "solar_subsidy");
  EXPECT_TRUE(refused_by(check_eligibility(sme_2023(), application), "services",
                         ErrorCode::program_ineligible));
}

}  // namespace
}  // namespace cl::program
