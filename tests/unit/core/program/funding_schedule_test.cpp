// Funding per case (004 貳.五, 陸.三.3.(2), 伍.三) and the duty schedule from an approval date
// (004 參, 陸.三, 陸.五; 000 注意事項 三, 五).
#include <gtest/gtest.h>

#include "core/program/funding.hpp"
#include "core/program/schedule.hpp"
#include "program_fixtures.hpp"

namespace cl::program {
namespace {

using test::cfp_2014;
using test::sme_2023;

TEST(ProgramFunding, CentralSatelliteWithDeductionsPerDroppedSatellite) {
  // 7 satellites signed, 5 left: 2 × NT$33,600 = 67,200 off 357,000 → 289,800 government.
  // Own funds at their minimum 252,000; total 541,800; government share 289,800 / 541,800.
  const auto result = fund_case(cfp_2014(), {"central_satellite", 7, 5, std::nullopt});
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->dropped, 2);
  EXPECT_EQ(result->deduction, 67200);
  EXPECT_EQ(result->government, 289800);
  EXPECT_EQ(result->own, 252000);
  EXPECT_EQ(result->total, 541800);
  EXPECT_NEAR(result->government_share, 289800.0 / 541800.0, 1e-12);
}

TEST(ProgramFunding, NeverFewerThanFiveSatellites) {
  const auto result = fund_case(cfp_2014(), {"central_satellite", 6, 4, std::nullopt});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::program_satellites_below_minimum);
  EXPECT_NE(result.error().message.find("never fewer than 5"), std::string::npos);
}

TEST(ProgramFunding, ExtraSatellitesEarnNoExtraFunds) {
  // 004 評分標準 註: 超過 5 家…增給 1 分…但不增給政府經費.
  const auto result = fund_case(cfp_2014(), {"central_satellite", 8, 8, std::nullopt});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->government, 357000);
}

TEST(ProgramFunding, SingleFactoryAndOwnFundsMinimum) {
  const auto result = fund_case(cfp_2014(), {"single_factory", 0, 0, 250000});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->government, 231000);
  EXPECT_EQ(result->total, 481000);  // 231,000 + 250,000
  const auto too_little = fund_case(cfp_2014(), {"single_factory", 0, 0, 200000});
  ASSERT_FALSE(too_little);
  EXPECT_NE(too_little.error().message.find("below the minimum NT$210000"), std::string::npos);
  EXPECT_FALSE(fund_case(cfp_2014(), {"franchise", 0, 0, std::nullopt}));
  EXPECT_FALSE(fund_case(sme_2023(), {"central_satellite", 5, 5, std::nullopt}));
}

TEST(ProgramFunding, ExpensesSplitInTheApprovedProportion) {
  // 004 伍.三: 應依核定之政府經費及業者自籌款比例核銷. Single: 231,000 / 441,000.
  // NT$10,000 × 231,000 / 441,000 = 5,238.095… → 5,238 government, 4,762 own funds.
  const auto funding = fund_case(cfp_2014(), {"single_factory", 0, 0, std::nullopt});
  ASSERT_TRUE(funding);
  const auto [government, own] = split_expense(*funding, 10000);
  EXPECT_EQ(government, 5238);
  EXPECT_EQ(own, 4762);
  // NT$21 × 231/441 = 11.0 exactly → 11 and 10.
  EXPECT_EQ(split_expense(*funding, 21).first, 11);
}

const ScheduledDuty& duty_of(const std::vector<ScheduledDuty>& duties, const std::string& id,
                             const std::string& subject = "") {
  for (const auto& duty : duties) {
    if (duty.id == id && (subject.empty() || duty.subject == subject)) return duty;
  }
  throw std::runtime_error("no duty " + id);
}

TEST(ProgramSchedule, DutiesFromTheApprovalDate) {
  // Approved 2014-03-20, central-satellite with 6 satellites; execution ends 2014-11-30.
  ScheduleInput input{{2014, 3, 20}, "central_satellite", 6, std::nullopt};
  const auto duties = schedule_duties(cfp_2014(), input);
  ASSERT_TRUE(duties) << duties.error().to_string();
  // 參.4: kickoff within 1 month → 2014-04-20; invitation 10 days before → 2014-04-10.
  EXPECT_EQ(duty_of(*duties, "kickoff").due, (Date{2014, 4, 20}));
  EXPECT_EQ(duty_of(*duties, "kickoff_invitation").due, (Date{2014, 4, 10}));
  // 參.5: at least 5 visits of 4 hours by the end of execution.
  const auto& visits = duty_of(*duties, "site_visits");
  EXPECT_EQ(visits.due, (Date{2014, 11, 30}));
  EXPECT_EQ(visits.min_count, 5);
  EXPECT_DOUBLE_EQ(visits.min_hours, 4);
  // 參.6: two visits to each of the 6 satellites.
  int satellite_duties = 0;
  for (const auto& duty : *duties) {
    if (duty.id == "satellite_visits") ++satellite_duties;
  }
  EXPECT_EQ(satellite_duties, 6);
  EXPECT_EQ(duty_of(*duties, "satellite_visits", "satellite 6").min_count, 2);
  // 參.7: 3 sessions of 4 h with 10 participants.
  EXPECT_EQ(duty_of(*duties, "training").min_participants, 10);
  // 參.3 weekly: 255 days / 7 = 36 reports, the first due 2014-03-27.
  EXPECT_EQ(duty_of(*duties, "weekly_reports").occurrences, 36);
  EXPECT_EQ(duty_of(*duties, "weekly_reports").due, (Date{2014, 3, 27}));
  // 參.2 mid-term: from the midpoint, 255 / 2 = 127 days after approval = 2014-07-25.
  EXPECT_EQ(duty_of(*duties, "midterm_inspection").due, (Date{2014, 7, 25}));
  // 參.11: ten deliverables and the final report.
  EXPECT_EQ(duty_of(*duties, "deliverables").evidence.size(), 11u);
  // 陸.三: changes by 30 Sep (major) and 31 Jul (satellites).
  EXPECT_EQ(duty_of(*duties, "major_change").due, (Date{2014, 9, 30}));
  EXPECT_EQ(duty_of(*duties, "satellite_change").due, (Date{2014, 7, 31}));
  // 陸.五: follow-up yearly for 3 years after 2014-11-30.
  EXPECT_EQ(duty_of(*duties, "follow_up", "year 3").due, (Date{2017, 11, 30}));
}

TEST(ProgramSchedule, AFixedKickoffMovesTheInvitation) {
  ScheduleInput input{{2014, 3, 20}, "single_factory", 0, Date{2014, 4, 8}};
  const auto duties = schedule_duties(cfp_2014(), input);
  ASSERT_TRUE(duties);
  EXPECT_EQ(duty_of(*duties, "kickoff_invitation").due, (Date{2014, 3, 29}));  // 8 Apr − 10 d
  for (const auto& duty : *duties) {
    EXPECT_NE(duty.id, "satellite_visits");  // no satellites in the single-factory mode
    EXPECT_NE(duty.id, "satellite_change");
  }
}

TEST(ProgramSchedule, MonthClampOnTheKickoff) {
  // Approved 2014-01-31 (hypothetical): one month later is 2014-02-28, not 3 March.
  ScheduleInput input{{2014, 1, 31}, "single_factory", 0, std::nullopt};
  const auto duties = schedule_duties(cfp_2014(), input);
  ASSERT_TRUE(duties);
  EXPECT_EQ(duty_of(*duties, "kickoff").due, (Date{2014, 2, 28}));
}

TEST(ProgramSchedule, BadInputIsRefused) {
  EXPECT_EQ(
      schedule_duties(cfp_2014(), {{2014, 12, 1}, "single_factory", 0, std::nullopt}).error().code,
      ErrorCode::program_after_deadline);
  EXPECT_EQ(schedule_duties(cfp_2014(), {{2014, 3, 20}, "central_satellite", 3, std::nullopt})
                .error()
                .code,
            ErrorCode::program_satellites_below_minimum);
  EXPECT_EQ(schedule_duties(cfp_2014(), {{2014, 3, 20}, "single_factory", 0, Date{2014, 3, 1}})
                .error()
                .code,
            ErrorCode::parse_bad_value);
  EXPECT_EQ(schedule_duties(cfp_2014(), {{2014, 3, 20}, "retail", 0, std::nullopt}).error().code,
            ErrorCode::program_ineligible);
}

TEST(ProgramSchedule, The2023FootprintTrainingDuties) {
  // 000 注意事項 五: data from the day of approval; 三: follow-up for 3 years (no end date in
  // the seed, so no due dates).
  const auto duties =
      schedule_duties(sme_2023(), {{2023, 5, 2}, "footprint_training", 0, std::nullopt});
  ASSERT_TRUE(duties);
  EXPECT_EQ(duty_of(*duties, "provide_data").due, (Date{2023, 5, 2}));
  EXPECT_FALSE(duty_of(*duties, "follow_up", "year 1").due.has_value());
}

}  // namespace
}  // namespace cl::program
