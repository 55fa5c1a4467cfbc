// The technical review of the 2014 demonstration program (004 柒.二.(二).2.(6)–(7)): quorum,
// scores against the rubric, satellite points, qualification, and each step of the ordering.
#include "core/program/review.hpp"

#include <gtest/gtest.h>

#include "program_fixtures.hpp"

namespace cl::program {
namespace {

using test::cfp_2014;

/// Items of the mode's rubric scored so that the hand-scored items add up to `hand`: each item
/// filled to its maximum in rubric order until `hand` is reached (satellite points computed).
std::map<std::string, double> items_for(const std::string& mode, int hand) {
  std::map<std::string, double> out;
  for (const auto& item : cfp_2014().find_rubric(mode)->items) {
    if (item.satellite_points) continue;
    const int give = std::min(item.max, hand);
    out[item.id] = give;
    hand -= give;
  }
  EXPECT_EQ(hand, 0) << "more than the rubric allows";
  return out;
}

struct Builder {
  Meeting meeting;
  Builder(int committee, std::vector<std::string> attending) {
    meeting.date = {2014, 3, 10};
    meeting.committee = committee;
    meeting.attending = std::move(attending);
  }
  Builder& application(const std::string& id, const std::string& mode, int satellites = 0,
                       const std::string& unit = "U1") {
    meeting.applications.push_back({id, mode, unit, satellites, 0});
    return *this;
  }
  /// One reviewer's score (hand-scored items' total) and rank for an application.
  Builder& score(const std::string& reviewer, const std::string& id, int hand, int rank) {
    std::string mode;
    for (const auto& item : meeting.applications) {
      if (item.id == id) mode = item.mode;
    }
    meeting.scores.push_back({reviewer, id, items_for(mode, hand), rank, 0});
    return *this;
  }
};

std::optional<ReviewResult> run(const Meeting& meeting, Diagnostics& problems) {
  return review(cfp_2014(), meeting, problems);
}

const ModeRanking& mode_of(const ReviewResult& result, const std::string& mode) {
  for (const auto& item : result.modes) {
    if (item.mode == mode) return item;
  }
  throw std::runtime_error("no mode " + mode);
}

bool has(const Diagnostics& problems, ErrorCode code, const std::string& words) {
  for (const auto& item : problems.items()) {
    if (item.code == code && item.message.find(words) != std::string::npos) return true;
  }
  return false;
}

std::string dump(const Diagnostics& problems) {
  std::string out;
  for (const auto& item : problems.items()) out += item.to_string() + "\n";
  return out;
}

TEST(ProgramReview, SatellitePointsFiveIsTenPlusOneEachUpToFifteen) {
  // 004 柒.二.(二).2.(7).i 註: 基本家數為 5 家，給 10 分；每增加 1 家增給 1 分至滿分 15 分止.
  const auto& rule = cfp_2014().review.satellite_points;
  EXPECT_EQ(satellite_points(rule, 4), 0);
  EXPECT_EQ(satellite_points(rule, 5), 10);
  EXPECT_EQ(satellite_points(rule, 6), 11);
  EXPECT_EQ(satellite_points(rule, 9), 14);
  EXPECT_EQ(satellite_points(rule, 10), 15);
  EXPECT_EQ(satellite_points(rule, 14), 15);
}

TEST(ProgramReview, QuorumIsHalfOfTheCommitteeInclusive) {
  // 004 (6): 委員出席人數超過委員總人數二分之一(含)以上.
  const auto meeting_of = [](int committee, std::vector<std::string> attending) {
    Builder b(committee, attending);
    b.application("S-1", "single_factory");
    int rank = 1;
    for (const auto& reviewer : attending) b.score(reviewer, "S-1", 80, rank);
    return b.meeting;
  };
  Diagnostics three_of_seven;
  EXPECT_FALSE(run(meeting_of(7, {"R1", "R2", "R3"}), three_of_seven));
  EXPECT_TRUE(has(three_of_seven, ErrorCode::program_quorum, "no quorum: 3 of 7"));
  Diagnostics four_of_seven;
  EXPECT_TRUE(run(meeting_of(7, {"R1", "R2", "R3", "R4"}), four_of_seven)) << dump(four_of_seven);
  Diagnostics three_of_six;  // exactly half counts
  EXPECT_TRUE(run(meeting_of(6, {"R1", "R2", "R3"}), three_of_six)) << dump(three_of_six);
}

TEST(ProgramReview, ScoresOutsideTheRubricAreRefused) {
  Builder b(5, {"R1", "R2", "R3"});
  b.application("C-1", "central_satellite", 6);
  b.score("R1", "C-1", 80, 1).score("R2", "C-1", 80, 1).score("R3", "C-1", 80, 1);
  b.meeting.scores[0].items["feasibility"] = 16;  // 實施方式之可行性 (15 分)
  b.meeting.scores[1].items["budget"] = -1;       // 政府經費與自籌款編列情形 (3 分)
  b.meeting.scores[2].items["satellite_count"] = 10;  // 6 satellites give 11
  Diagnostics problems;
  EXPECT_FALSE(run(b.meeting, problems));
  EXPECT_TRUE(has(problems, ErrorCode::program_score_out_of_range,
                  "實施方式之可行性: score 16 outside 0–15"))
      << dump(problems);
  EXPECT_TRUE(has(problems, ErrorCode::program_score_out_of_range, "score -1 outside 0–3"));
  EXPECT_TRUE(has(problems, ErrorCode::program_score_out_of_range,
                  "10 given, but 6 satellites give 11 points"));
  EXPECT_EQ(problems.error_count(), 3u);
}

TEST(ProgramReview, EveryAttendingReviewerScoresAndRanksEverything) {
  Builder b(5, {"R1", "R2", "R3"});
  b.application("S-1", "single_factory").application("S-2", "single_factory");
  b.score("R1", "S-1", 80, 1).score("R1", "S-2", 80, 2);
  b.score("R2", "S-1", 80, 1).score("R2", "S-2", 80, 1);  // rank 1 twice
  b.score("R3", "S-1", 80, 1);                            // S-2 not scored
  b.score("R9", "S-1", 80, 1);                            // not attending
  b.meeting.scores[0].items.erase("schedule");            // an item left out
  Diagnostics problems;
  EXPECT_FALSE(run(b.meeting, problems));
  EXPECT_TRUE(has(problems, ErrorCode::program_review_invalid, "no score for item 'schedule'"));
  EXPECT_TRUE(has(problems, ErrorCode::program_review_invalid,
                  "reviewer 'R2' must rank the 2 single_factory application(s) 1 to 2"));
  EXPECT_TRUE(has(problems, ErrorCode::program_review_invalid,
                  "attending reviewer 'R3' has not scored 'S-2'"));
  EXPECT_TRUE(has(problems, ErrorCode::program_review_invalid,
                  "reviewer 'R9' scored but is not listed as attending"));
}

TEST(ProgramReview, QualifiedWhenMoreThanHalfOfTheAttendingGiveSeventyOrMore) {
  // 004 (6): 超過出席委員之半數委員給予 70 分(含)以上方屬合格. Five attend: 3 passes qualify,
  // 2 do not. A total of exactly 70 passes. Central-satellite totals include the satellite
  // points: 5 satellites = 10, so hand scores of 60 give exactly 70.
  Builder b(7, {"R1", "R2", "R3", "R4", "R5"});
  b.application("C-1", "central_satellite", 5).application("C-2", "central_satellite", 5);
  const std::vector<int> c1 = {60, 60, 60, 59, 59};  // totals 70,70,70,69,69 → 3 pass
  const std::vector<int> c2 = {60, 60, 59, 59, 50};  // totals 70,70,69,69,60 → 2 pass
  for (int r = 0; r < 5; ++r) {
    const std::string reviewer = "R" + std::to_string(r + 1);
    b.score(reviewer, "C-1", c1[static_cast<std::size_t>(r)], 1);
    b.score(reviewer, "C-2", c2[static_cast<std::size_t>(r)], 2);
  }
  Diagnostics problems;
  const auto result = run(b.meeting, problems);
  ASSERT_TRUE(result) << dump(problems);
  const auto& mode = mode_of(*result, "central_satellite");
  ASSERT_EQ(mode.qualified.size(), 1u);
  EXPECT_EQ(mode.qualified[0].id, "C-1");
  EXPECT_EQ(mode.qualified[0].passes, 3);
  // 70+70+70+69+69 = 348.
  EXPECT_DOUBLE_EQ(mode.qualified[0].total_score, 348);
  ASSERT_EQ(mode.not_qualified.size(), 1u);
  EXPECT_EQ(mode.not_qualified[0].passes, 2);
}

TEST(ProgramReview, HalfOfFourIsNotMoreThanHalf) {
  Builder b(5, {"R1", "R2", "R3", "R4"});
  b.application("S-1", "single_factory");
  b.score("R1", "S-1", 70, 1).score("R2", "S-1", 70, 1).score("R3", "S-1", 69, 1);
  b.score("R4", "S-1", 69, 1);
  Diagnostics problems;
  const auto result = run(b.meeting, problems);
  ASSERT_TRUE(result);
  EXPECT_TRUE(mode_of(*result, "single_factory").qualified.empty());  // 2 of 4 is not > 2
}

TEST(ProgramReview, OrderByRankSumThenFirstPlacesThenTotalScore) {
  // Four reviewers rank three single-factory applications:
  //        R1 R2 R3 R4   rank sum  first places   totals              sum
  //   S-A   1  1  3  3       8          2          90 90 80 80        340
  //   S-B   2  2  2  2       8          0          85 85 85 85        340
  //   S-C   3  3  1  1       8          2          80 80 85 85        330
  // Rank sums tie at 8; S-B has no first place → last. S-A and S-C tie on 2 first places;
  // S-A's total 340 beats S-C's 330 → S-A first, S-C second.
  Builder b(5, {"R1", "R2", "R3", "R4"});
  b.application("S-A", "single_factory").application("S-B", "single_factory");
  b.application("S-C", "single_factory");
  b.score("R1", "S-A", 90, 1).score("R2", "S-A", 90, 1).score("R3", "S-A", 80, 3);
  b.score("R4", "S-A", 80, 3);
  b.score("R1", "S-B", 85, 2).score("R2", "S-B", 85, 2).score("R3", "S-B", 85, 2);
  b.score("R4", "S-B", 85, 2);
  b.score("R1", "S-C", 80, 3).score("R2", "S-C", 80, 3).score("R3", "S-C", 85, 1);
  b.score("R4", "S-C", 85, 1);
  Diagnostics problems;
  const auto result = run(b.meeting, problems);
  ASSERT_TRUE(result) << dump(problems);
  const auto& ranked = mode_of(*result, "single_factory").qualified;
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].id, "S-A");
  EXPECT_EQ(ranked[1].id, "S-C");
  EXPECT_EQ(ranked[1].decided_by, "total_score");
  EXPECT_EQ(ranked[2].id, "S-B");
  EXPECT_EQ(ranked[2].decided_by, "first_places");
  EXPECT_EQ(ranked[0].rank_sum, 8);
  EXPECT_EQ(ranked[0].first_places, 2);
  EXPECT_DOUBLE_EQ(ranked[0].total_score, 340);
  EXPECT_DOUBLE_EQ(ranked[1].total_score, 330);
  EXPECT_FALSE(result->has_unresolved_tie());
}

TEST(ProgramReview, LowestRankSumFirst) {
  // R1..R5 ranks: S-1 1,1,2,1,2 (sum 7), S-2 2,2,1,2,1 (sum 8).
  Builder b(5, {"R1", "R2", "R3", "R4", "R5"});
  b.application("S-1", "single_factory").application("S-2", "single_factory");
  const std::vector<int> ranks = {1, 1, 2, 1, 2};
  for (int r = 0; r < 5; ++r) {
    const std::string reviewer = "R" + std::to_string(r + 1);
    const int rank = ranks[static_cast<std::size_t>(r)];
    b.score(reviewer, "S-1", 75, rank).score(reviewer, "S-2", 90, 3 - rank);
  }
  Diagnostics problems;
  const auto result = run(b.meeting, problems);
  ASSERT_TRUE(result);
  const auto& ranked = mode_of(*result, "single_factory").qualified;
  EXPECT_EQ(ranked[0].id, "S-1");  // despite the lower total: the rank sum decides first
  EXPECT_EQ(ranked[0].rank_sum, 7);
  EXPECT_EQ(ranked[1].rank_sum, 8);
  EXPECT_EQ(ranked[1].decided_by, "rank_sum");
}

Meeting full_tie() {
  // R1 D1 E2, R2 D2 E1, R3 D1 E2, R4 D2 E1: sums 6 and 6, two first places each, all 80.
  Builder b(5, {"R1", "R2", "R3", "R4"});
  b.application("S-D", "single_factory").application("S-E", "single_factory");
  for (int r = 1; r <= 4; ++r) {
    const std::string reviewer = "R" + std::to_string(r);
    b.score(reviewer, "S-D", 80, r % 2 == 1 ? 1 : 2).score(reviewer, "S-E", 80, r % 2 == 1 ? 2 : 1);
  }
  return b.meeting;
}

TEST(ProgramReview, AFullTieNeedsARecordedDrawingOfLots) {
  Meeting meeting = full_tie();
  Diagnostics problems;
  const auto unresolved = run(meeting, problems);
  ASSERT_TRUE(unresolved);
  EXPECT_TRUE(unresolved->has_unresolved_tie());
  const auto& tied = mode_of(*unresolved, "single_factory").qualified;
  EXPECT_EQ(tied[0].position, 1);
  EXPECT_EQ(tied[1].position, 1);
  EXPECT_EQ(tied[1].decided_by, "unresolved");
  // 004 (6): 由該同分之輔導單位當場抽籤決定優先順序 — S-E drawn first.
  meeting.lots.push_back({"single_factory", {"S-E", "S-D"}, "輔導單位代表", "審查委員 R1"});
  const auto drawn = run(meeting, problems);
  ASSERT_TRUE(drawn);
  EXPECT_FALSE(drawn->has_unresolved_tie());
  const auto& ranked = mode_of(*drawn, "single_factory").qualified;
  EXPECT_EQ(ranked[0].id, "S-E");
  EXPECT_EQ(ranked[0].position, 1);
  EXPECT_EQ(ranked[1].id, "S-D");
  EXPECT_EQ(ranked[1].position, 2);
  EXPECT_EQ(ranked[1].decided_by, "lots");
}

TEST(ProgramReview, UnqualifiedApplicationsAreLeftOutOfTheRanks) {
  // S-X is ranked first by everyone but two of three give it under 70: not qualified, and
  // 不合格者不得列入排序 — S-1 and S-2's ranks count among the qualified only (1 and 2).
  Builder b(5, {"R1", "R2", "R3"});
  b.application("S-X", "single_factory").application("S-1", "single_factory");
  b.application("S-2", "single_factory");
  for (const char* reviewer : {"R1", "R2", "R3"}) {
    b.score(reviewer, "S-X", std::string(reviewer) == "R1" ? 75 : 60, 1);
    b.score(reviewer, "S-1", 80, 2).score(reviewer, "S-2", 78, 3);
  }
  Diagnostics problems;
  const auto result = run(b.meeting, problems);
  ASSERT_TRUE(result);
  const auto& mode = mode_of(*result, "single_factory");
  ASSERT_EQ(mode.qualified.size(), 2u);
  EXPECT_EQ(mode.qualified[0].id, "S-1");
  EXPECT_EQ(mode.qualified[0].rank_sum, 3);  // 1+1+1 among the qualified (given 2,2,2)
  EXPECT_EQ(mode.qualified[0].first_places, 3);
  EXPECT_EQ(mode.qualified[1].rank_sum, 6);
  EXPECT_EQ(mode.not_qualified[0].id, "S-X");
}

TEST(ProgramReview, TheTwoModesAreRankedSeparately) {
  // 004 貳.二 註3: 中衛體系模式及個廠模式之申請案，分別評選.
  Builder b(5, {"R1", "R2", "R3"});
  b.application("C-1", "central_satellite", 7).application("S-1", "single_factory");
  for (const char* reviewer : {"R1", "R2", "R3"}) {
    b.score(reviewer, "C-1", 70, 1).score(reviewer, "S-1", 90, 1);
  }
  Diagnostics problems;
  const auto result = run(b.meeting, problems);
  ASSERT_TRUE(result) << dump(problems);
  EXPECT_EQ(mode_of(*result, "central_satellite").qualified[0].position, 1);
  EXPECT_EQ(mode_of(*result, "single_factory").qualified[0].position, 1);
  // 7 satellites: 10 + 2 = 12 points; hand 70 → total 82 per reviewer.
  EXPECT_EQ(mode_of(*result, "central_satellite").qualified[0].satellite_points, 12);
  EXPECT_DOUBLE_EQ(mode_of(*result, "central_satellite").qualified[0].marks[0].total, 82);
}

}  // namespace
}  // namespace cl::program
