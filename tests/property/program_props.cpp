// Property tests of the review ranking (DEM-8): the ordering of the qualified applications is a
// strict lexicographic order on (lowest rank sum, most first places, highest total score) with
// ties left only where all three are equal, it does not depend on the order of the input, and
// adding an application that does not qualify never changes the order of the others (the
// unqualified are left out of the ranks, 「不合格者不得列入排序」).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <random>

#include "core/program/review.hpp"
#include "io/program_reader.hpp"

namespace cl::program {
namespace {

const Program& cfp() {
  static const Program program = [] {
    Diagnostics diagnostics;
    auto read = io::read_program(
        std::string(CL_SOURCE_DIR) + "/data/programs/2014-cfp-demonstration.yaml", diagnostics);
    return read ? *read : Program{};
  }();
  return program;
}

/// Items filled in rubric order up to `hand` points (the satellite item is computed).
std::map<std::string, double> items_for(const std::string& mode, int hand) {
  std::map<std::string, double> out;
  for (const auto& item : cfp().find_rubric(mode)->items) {
    if (item.satellite_points) continue;
    const int give = std::min(item.max, hand);
    out[item.id] = give;
    hand -= give;
  }
  return out;
}

int hand_max(const std::string& mode) {
  return mode == "central_satellite" ? 85 : 100;
}

/// A random, valid meeting: 3–7 attending reviewers, 1–6 applications per mode, coarse scores
/// (many ties), each reviewer's ranks a random permutation per mode.
Meeting random_meeting() {
  Meeting meeting;
  meeting.date = {2014, 3, 10};
  const int reviewers = *rc::gen::inRange(3, 8);
  meeting.committee = reviewers + *rc::gen::inRange(0, reviewers + 1);
  for (int r = 0; r < reviewers; ++r) meeting.attending.push_back("R" + std::to_string(r + 1));
  for (const std::string mode : {"central_satellite", "single_factory"}) {
    const int count = *rc::gen::inRange(1, 7);
    std::vector<std::string> ids;
    for (int idx = 0; idx < count; ++idx) {
      const std::string id = mode.substr(0, 1) + std::to_string(idx);
      ids.push_back(id);
      meeting.applications.push_back(
          {id, mode, "U", mode == "central_satellite" ? *rc::gen::inRange(5, 12) : 0, 0});
    }
    for (const auto& reviewer : meeting.attending) {
      std::vector<int> ranks(ids.size());
      for (std::size_t idx = 0; idx < ranks.size(); ++idx) ranks[idx] = static_cast<int>(idx) + 1;
      std::mt19937 shuffle_rng(*rc::gen::arbitrary<std::uint32_t>());
      std::shuffle(ranks.begin(), ranks.end(), shuffle_rng);
      for (std::size_t idx = 0; idx < ids.size(); ++idx) {
        const int hand = std::min(hand_max(mode), 55 + 5 * *rc::gen::inRange(0, 8));
        meeting.scores.push_back({reviewer, ids[idx], items_for(mode, hand), ranks[idx], 0});
      }
    }
  }
  return meeting;
}

struct Row {
  std::string id;
  int position;
  int rank_sum;
  int first_places;
  double total;
  bool operator==(const Row&) const = default;
};

std::vector<std::vector<Row>> order_of(const ReviewResult& result) {
  std::vector<std::vector<Row>> out;
  for (const auto& mode : result.modes) {
    std::vector<Row> rows;
    for (const auto& item : mode.qualified) {
      rows.push_back({item.id, item.position, item.rank_sum, item.first_places, item.total_score});
    }
    out.push_back(rows);
  }
  return out;
}

RC_GTEST_PROP(ProgramProps, RankingIsAStrictLexicographicOrder, ()) {
  const Meeting meeting = random_meeting();
  Diagnostics problems;
  const auto result = review(cfp(), meeting, problems);
  RC_ASSERT(result.has_value());
  for (const auto& mode : result->modes) {
    for (std::size_t idx = 1; idx < mode.qualified.size(); ++idx) {
      const auto& a = mode.qualified[idx - 1];
      const auto& b = mode.qualified[idx];
      const bool before = a.rank_sum < b.rank_sum ||
                          (a.rank_sum == b.rank_sum && a.first_places > b.first_places) ||
                          (a.rank_sum == b.rank_sum && a.first_places == b.first_places &&
                           a.total_score > b.total_score);
      const bool tied = a.rank_sum == b.rank_sum && a.first_places == b.first_places &&
                        a.total_score == b.total_score;
      RC_ASSERT(before || tied);
      if (tied) {
        RC_ASSERT(a.position == b.position);  // no lots recorded: they share the place
        RC_ASSERT(b.decided_by == "unresolved");
      } else {
        RC_ASSERT(b.position == static_cast<int>(idx) + 1);
      }
    }
    for (const auto& item : mode.qualified) RC_ASSERT(item.passes * 2 > result->attending);
    for (const auto& item : mode.not_qualified) RC_ASSERT(item.passes * 2 <= result->attending);
  }
}

RC_GTEST_PROP(ProgramProps, RankingDoesNotDependOnInputOrder, ()) {
  const Meeting meeting = random_meeting();
  Meeting shuffled = meeting;
  std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
  std::shuffle(shuffled.applications.begin(), shuffled.applications.end(), rng);
  std::shuffle(shuffled.scores.begin(), shuffled.scores.end(), rng);
  Diagnostics problems;
  const auto first = review(cfp(), meeting, problems);
  const auto second = review(cfp(), shuffled, problems);
  RC_ASSERT(first.has_value() && second.has_value());
  RC_ASSERT(order_of(*first) == order_of(*second));
}

RC_GTEST_PROP(ProgramProps, AnUnqualifiedApplicationNeverMovesTheOthers, ()) {
  const Meeting meeting = random_meeting();
  Meeting more = meeting;
  const std::string mode = *rc::gen::element<std::string>("central_satellite", "single_factory");
  std::size_t in_mode = 0;
  for (const auto& item : meeting.applications) in_mode += item.mode == mode ? 1 : 0;
  more.applications.push_back({"X", mode, "U", mode == "central_satellite" ? 5 : 0, 0});
  // Every reviewer gives X under 70 (hand ≤ 59; central adds 10 satellite points) and puts it
  // anywhere in their ranking, moving the ranks behind it down by one.
  for (const auto& reviewer : more.attending) {
    const int place = *rc::gen::inRange(1, static_cast<int>(in_mode) + 2);
    for (auto& score : more.scores) {
      const auto it = std::find_if(more.applications.begin(), more.applications.end(),
                                   [&](const auto& a) { return a.id == score.application; });
      if (score.reviewer == reviewer && it->mode == mode && score.rank >= place) ++score.rank;
    }
    more.scores.push_back({reviewer, "X", items_for(mode, *rc::gen::inRange(0, 60)), place, 0});
  }
  Diagnostics problems;
  const auto before = review(cfp(), meeting, problems);
  const auto after = review(cfp(), more, problems);
  RC_ASSERT(before.has_value() && after.has_value());
  RC_ASSERT(order_of(*before) == order_of(*after));
}

}  // namespace
}  // namespace cl::program
