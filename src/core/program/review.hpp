// The technical review meeting (DEM-8, seed 004 柒.二.(二)): quorum, each attending reviewer's
// scores item by item on the rubric of the application's mode (satellite-count points computed,
// 5 = 10, +1 per extra satellite up to 15), qualification (more than half of the attending
// reviewers give 70 or more), then per mode the qualified applications ordered by the lowest
// rank sum, more first places, the higher total score, and a recorded drawing of lots.
//
// Ranks are taken among the qualified applications of the mode, each reviewer's order kept:
// the unqualified 「不得列入排序」, so an unqualified application can never move the others
// (tests/property/program_props.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/program/definition.hpp"

namespace cl::program {

struct ReviewApplication {
  std::string id;
  std::string mode;
  std::string guidance_unit;
  int satellites = 0;
  int line = 0;
};

struct ReviewScore {
  std::string reviewer;
  std::string application;
  std::map<std::string, double> items;
  int rank = 0;  ///< the reviewer's rank of the application within its mode, 1 = best
  int line = 0;
};

/// A drawing of lots between tied applications, as recorded at the meeting.
struct LotDrawing {
  std::string mode;
  std::vector<std::string> order;  ///< the tied applications, first drawn first
  std::string drawn_by;
  std::string witnessed_by;
};

struct Meeting {
  std::string file;  ///< for diagnostics
  Date date;
  int committee = 0;  ///< members of the review committee
  std::vector<std::string> attending;
  std::vector<ReviewApplication> applications;
  std::vector<ReviewScore> scores;
  std::vector<LotDrawing> lots;
};

struct ReviewerMark {
  std::string reviewer;
  double total = 0;
  bool passes = false;     ///< total ≥ the pass score
  int given_rank = 0;      ///< as the reviewer ranked it
  int qualified_rank = 0;  ///< among the qualified applications of the mode; 0 if unqualified
};

struct RankedApplication {
  std::string id;
  std::string mode;
  std::string guidance_unit;
  int satellites = 0;
  int satellite_points = 0;
  std::vector<ReviewerMark> marks;  ///< in the order of the attending reviewers
  int passes = 0;
  bool qualified = false;
  int rank_sum = 0;
  int first_places = 0;
  double total_score = 0;
  int position = 0;        ///< 1-based within the mode; 0 when not qualified
  std::string decided_by;  ///< rank_sum, first_places, total_score, lots, unresolved, or ""
};

struct ModeRanking {
  std::string mode;
  std::vector<RankedApplication> qualified;      ///< in order
  std::vector<RankedApplication> not_qualified;  ///< by id
  bool has_unresolved_tie = false;
};

struct ReviewResult {
  int committee = 0;
  int attending = 0;
  std::vector<ModeRanking> modes;
  bool has_unresolved_tie() const;
};

/// Points for the satellite count: none below the base count.
int satellite_points(const SatellitePoints& rule, int satellites);

/// Checks the meeting (every problem at once into `problems`) and ranks it. Returns nullopt when
/// the meeting has an error: no quorum, a missing or out-of-range score, ranks that are not 1…n.
std::optional<ReviewResult> review(const Program& program, const Meeting& meeting,
                                   Diagnostics& problems);

}  // namespace cl::program
