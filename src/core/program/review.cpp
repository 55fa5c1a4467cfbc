#include "core/program/review.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace cl::program {
namespace {

constexpr double kScoreTolerance = 1e-9;

std::string format_score(double value) {
  if (std::fabs(value - std::round(value)) < kScoreTolerance) {
    return std::to_string(static_cast<long>(std::lround(value)));
  }
  std::string text = std::to_string(value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  return text;
}

class MeetingCheck {
 public:
  MeetingCheck(const Program& program, const Meeting& meeting, Diagnostics& problems)
      : program_(program), meeting_(meeting), problems_(problems) {}

  bool run() {
    const std::size_t before = problems_.error_count();
    check_quorum();
    check_applications();
    check_scores();
    check_complete();
    check_ranks();
    return problems_.error_count() == before;
  }

 private:
  RecordRef at(int line, std::string field, std::string record = {}) const {
    return {
        .file = meeting_.file, .row = line, .field = std::move(field), .record = std::move(record)};
  }
  bool attends(const std::string& reviewer) const {
    return std::find(meeting_.attending.begin(), meeting_.attending.end(), reviewer) !=
           meeting_.attending.end();
  }
  const ReviewApplication* application(const std::string& id) const {
    for (const auto& item : meeting_.applications) {
      if (item.id == id) return &item;
    }
    return nullptr;
  }

  void check_quorum() {
    const auto attending = static_cast<int>(meeting_.attending.size());
    std::set<std::string> seen;
    for (const auto& reviewer : meeting_.attending) {
      if (!seen.insert(reviewer).second) {
        problems_.error(ErrorCode::program_review_invalid,
                        "reviewer '" + reviewer + "' is listed twice as attending",
                        at(0, "meeting.attending", reviewer));
      }
    }
    if (meeting_.committee <= 0 || attending > meeting_.committee) {
      problems_.error(ErrorCode::program_review_invalid,
                      "the committee has " + std::to_string(meeting_.committee) +
                          " member(s) but " + std::to_string(attending) +
                          " attend; give the committee's full size in meeting.committee",
                      at(0, "meeting.committee"));
      return;
    }
    if (attending * 2 < meeting_.committee) {
      problems_.error(
          ErrorCode::program_quorum,
          "no quorum: " + std::to_string(attending) + " of " + std::to_string(meeting_.committee) +
              " committee members attend; at least half must (" + program_.review.quorum_cite + ")",
          at(0, "meeting.attending"));
    }
  }

  void check_applications() {
    std::set<std::string> seen;
    for (const auto& item : meeting_.applications) {
      if (!seen.insert(item.id).second) {
        problems_.error(ErrorCode::program_review_invalid,
                        "application '" + item.id + "' is listed twice",
                        at(item.line, "applications", item.id));
      }
      if (!program_.find_rubric(item.mode)) {
        problems_.error(ErrorCode::program_review_invalid,
                        "application '" + item.id + "' has mode '" + item.mode +
                            "', which has no rubric in program " + program_.id,
                        at(item.line, "mode", item.id));
      }
    }
  }

  void check_scores() {
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& score : meeting_.scores) {
      const std::string record = score.reviewer + "/" + score.application;
      if (!attends(score.reviewer)) {
        problems_.error(ErrorCode::program_review_invalid,
                        "reviewer '" + score.reviewer + "' scored but is not listed as attending",
                        at(score.line, "reviewer", record));
        continue;
      }
      const ReviewApplication* item = application(score.application);
      if (!item) {
        problems_.error(ErrorCode::program_review_invalid,
                        "score for unknown application '" + score.application + "'",
                        at(score.line, "application", record));
        continue;
      }
      if (!seen.insert({score.reviewer, score.application}).second) {
        problems_.error(
            ErrorCode::program_review_invalid,
            "reviewer '" + score.reviewer + "' scored '" + score.application + "' twice",
            at(score.line, "application", record));
      }
      const Rubric* rubric = program_.find_rubric(item->mode);
      if (rubric) check_items(*rubric, *item, score, record);
    }
  }

  void check_items(const Rubric& rubric, const ReviewApplication& item, const ReviewScore& score,
                   const std::string& record) {
    for (const auto& entry : score.items) {
      const std::string& id = entry.first;  // not a structured binding: clang 14 cannot capture one
      const auto found = std::find_if(rubric.items.begin(), rubric.items.end(),
                                      [&](const RubricItem& r) { return r.id == id; });
      if (found == rubric.items.end()) {
        problems_.error(ErrorCode::program_review_invalid,
                        "item '" + id + "' is not in the " + item.mode + " rubric",
                        at(score.line, "items." + id, record));
      }
    }
    for (const auto& rubric_item : rubric.items) {
      const auto value = score.items.find(rubric_item.id);
      if (rubric_item.satellite_points) {
        const int computed = satellite_points(program_.review.satellite_points, item.satellites);
        if (value != score.items.end() && std::fabs(value->second - computed) > kScoreTolerance) {
          problems_.error(ErrorCode::program_score_out_of_range,
                          rubric_item.name + ": " + format_score(value->second) + " given, but " +
                              std::to_string(item.satellites) + " satellites give " +
                              std::to_string(computed) + " points (" +
                              program_.review.satellite_points.cite + "); leave it out",
                          at(score.line, "items." + rubric_item.id, record));
        }
        continue;
      }
      if (value == score.items.end()) {
        problems_.error(ErrorCode::program_review_invalid,
                        "no score for item '" + rubric_item.id + "' (" + rubric_item.name + ")",
                        at(score.line, "items." + rubric_item.id, record));
        continue;
      }
      if (!(value->second >= 0) || value->second > rubric_item.max + kScoreTolerance) {
        problems_.error(ErrorCode::program_score_out_of_range,
                        rubric_item.name + ": score " + format_score(value->second) +
                            " outside 0–" + std::to_string(rubric_item.max) + " (" +
                            rubric_item.cite + ")",
                        at(score.line, "items." + rubric_item.id, record));
      }
    }
  }

  void check_complete() {
    for (const auto& reviewer : meeting_.attending) {
      for (const auto& item : meeting_.applications) {
        const bool scored = std::any_of(
            meeting_.scores.begin(), meeting_.scores.end(), [&](const ReviewScore& score) {
              return score.reviewer == reviewer && score.application == item.id;
            });
        if (!scored) {
          problems_.error(ErrorCode::program_review_invalid,
                          "attending reviewer '" + reviewer + "' has not scored '" + item.id +
                              "'; every attending reviewer scores and ranks every application",
                          at(item.line, "scores", reviewer + "/" + item.id));
        }
      }
    }
  }

  void check_ranks() {
    for (const auto& reviewer : meeting_.attending) {
      for (const auto& mode : program_.modes) {
        std::vector<int> ranks;
        for (const auto& score : meeting_.scores) {
          const ReviewApplication* item = application(score.application);
          if (score.reviewer == reviewer && item && item->mode == mode.id) {
            ranks.push_back(score.rank);
          }
        }
        std::sort(ranks.begin(), ranks.end());
        for (std::size_t idx = 0; idx < ranks.size(); ++idx) {
          if (ranks[idx] != static_cast<int>(idx) + 1) {
            problems_.error(ErrorCode::program_review_invalid,
                            "reviewer '" + reviewer + "' must rank the " +
                                std::to_string(ranks.size()) + " " + mode.id +
                                " application(s) 1 to " + std::to_string(ranks.size()) +
                                ", each rank once",
                            at(0, "rank", reviewer));
            break;
          }
        }
      }
    }
  }

  const Program& program_;
  const Meeting& meeting_;
  Diagnostics& problems_;
};

/// -1 when a goes first, 1 when b does, 0 when the three keys tie; `key` names the deciding key.
int compare_keys(const RankedApplication& a, const RankedApplication& b, std::string* key) {
  if (a.rank_sum != b.rank_sum) {
    *key = "rank_sum";
    return a.rank_sum < b.rank_sum ? -1 : 1;
  }
  if (a.first_places != b.first_places) {
    *key = "first_places";
    return a.first_places > b.first_places ? -1 : 1;
  }
  if (std::fabs(a.total_score - b.total_score) > kScoreTolerance) {
    *key = "total_score";
    return a.total_score > b.total_score ? -1 : 1;
  }
  *key = "lots";
  return 0;
}

const LotDrawing* drawing_for(const Meeting& meeting, const std::string& mode,
                              const std::vector<RankedApplication>& group) {
  for (const auto& drawing : meeting.lots) {
    if (drawing.mode != mode) continue;
    const bool covers = std::all_of(group.begin(), group.end(), [&](const RankedApplication& a) {
      return std::find(drawing.order.begin(), drawing.order.end(), a.id) != drawing.order.end();
    });
    if (covers) return &drawing;
  }
  return nullptr;
}

long index_in(const std::vector<std::string>& order, const std::string& id) {
  return std::find(order.begin(), order.end(), id) - order.begin();
}

ModeRanking rank_mode(const Mode& mode, std::vector<RankedApplication> applications,
                      const Meeting& meeting) {
  ModeRanking out;
  out.mode = mode.id;
  std::vector<RankedApplication> qualified;
  for (auto& item : applications) {
    (item.qualified ? qualified : out.not_qualified).push_back(std::move(item));
  }
  // Each reviewer's order among the qualified ones.
  for (std::size_t reviewer = 0; reviewer < meeting.attending.size(); ++reviewer) {
    std::vector<RankedApplication*> order;
    for (auto& item : qualified) order.push_back(&item);
    std::sort(order.begin(), order.end(),
              [&](const RankedApplication* a, const RankedApplication* b) {
                return a->marks[reviewer].given_rank < b->marks[reviewer].given_rank;
              });
    for (std::size_t idx = 0; idx < order.size(); ++idx) {
      order[idx]->marks[reviewer].qualified_rank = static_cast<int>(idx) + 1;
    }
  }
  for (auto& item : qualified) {
    for (const auto& mark : item.marks) {
      item.rank_sum += mark.qualified_rank;
      if (mark.qualified_rank == 1) ++item.first_places;
    }
  }
  std::sort(qualified.begin(), qualified.end(), [](const auto& a, const auto& b) {
    std::string key;
    const int order = compare_keys(a, b, &key);
    return order != 0 ? order < 0 : a.id < b.id;
  });
  // Groups tied on all three keys: the recorded drawing of lots orders them, else unresolved.
  std::size_t start = 0;
  while (start < qualified.size()) {
    std::size_t end = start + 1;
    std::string key;
    while (end < qualified.size() && compare_keys(qualified[start], qualified[end], &key) == 0) {
      ++end;
    }
    const int position = static_cast<int>(start) + 1;
    if (end - start > 1) {
      std::vector<RankedApplication> group(qualified.begin() + static_cast<long>(start),
                                           qualified.begin() + static_cast<long>(end));
      if (const LotDrawing* drawing = drawing_for(meeting, mode.id, group)) {
        std::sort(qualified.begin() + static_cast<long>(start),
                  qualified.begin() + static_cast<long>(end), [&](const auto& a, const auto& b) {
                    return index_in(drawing->order, a.id) < index_in(drawing->order, b.id);
                  });
        for (std::size_t idx = start; idx < end; ++idx) {
          qualified[idx].position = static_cast<int>(idx) + 1;
          qualified[idx].decided_by = "lots";
        }
      } else {
        out.has_unresolved_tie = true;
        for (std::size_t idx = start; idx < end; ++idx) {
          qualified[idx].position = position;
          qualified[idx].decided_by = "unresolved";
        }
      }
    } else {
      qualified[start].position = position;
      if (start > 0) {
        compare_keys(qualified[start - 1], qualified[start], &key);
        if (qualified[start - 1].decided_by != "unresolved" || key != "lots") {
          qualified[start].decided_by = key;
        }
      }
    }
    start = end;
  }
  std::sort(out.not_qualified.begin(), out.not_qualified.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  out.qualified = std::move(qualified);
  return out;
}

}  // namespace

int satellite_points(const SatellitePoints& rule, int satellites) {
  if (satellites < rule.base_count) return 0;
  return std::min(rule.max_points,
                  rule.base_points + (satellites - rule.base_count) * rule.per_extra);
}

bool ReviewResult::has_unresolved_tie() const {
  return std::any_of(modes.begin(), modes.end(),
                     [](const ModeRanking& mode) { return mode.has_unresolved_tie; });
}

std::optional<ReviewResult> review(const Program& program, const Meeting& meeting,
                                   Diagnostics& problems) {
  if (!MeetingCheck(program, meeting, problems).run()) return std::nullopt;
  ReviewResult out;
  out.committee = meeting.committee;
  out.attending = static_cast<int>(meeting.attending.size());
  const int pass = program.review.pass_score;
  for (const auto& mode : program.modes) {
    const Rubric* rubric = program.find_rubric(mode.id);
    if (!rubric) continue;
    std::vector<RankedApplication> applications;
    for (const auto& item : meeting.applications) {
      if (item.mode != mode.id) continue;
      RankedApplication ranked;
      ranked.id = item.id;
      ranked.mode = item.mode;
      ranked.guidance_unit = item.guidance_unit;
      ranked.satellites = item.satellites;
      const bool has_points = std::any_of(rubric->items.begin(), rubric->items.end(),
                                          [](const RubricItem& r) { return r.satellite_points; });
      ranked.satellite_points =
          has_points ? satellite_points(program.review.satellite_points, item.satellites) : 0;
      for (const auto& reviewer : meeting.attending) {
        const auto score =
            std::find_if(meeting.scores.begin(), meeting.scores.end(), [&](const ReviewScore& s) {
              return s.reviewer == reviewer && s.application == item.id;
            });
        ReviewerMark mark;
        mark.reviewer = reviewer;
        mark.given_rank = score->rank;
        for (const auto& rubric_item : rubric->items) {
          if (rubric_item.satellite_points) {
            mark.total += ranked.satellite_points;
          } else {
            mark.total += score->items.at(rubric_item.id);
          }
        }
        mark.passes = mark.total + kScoreTolerance >= pass;
        ranked.total_score += mark.total;
        if (mark.passes) ++ranked.passes;
        ranked.marks.push_back(mark);
      }
      ranked.qualified = ranked.passes * 2 > out.attending;
      applications.push_back(std::move(ranked));
    }
    out.modes.push_back(rank_mode(mode, std::move(applications), meeting));
    const ModeRanking& ranked = out.modes.back();
    if (ranked.has_unresolved_tie) {
      std::string tied;
      for (const auto& item : ranked.qualified) {
        if (item.decided_by == "unresolved") tied += (tied.empty() ? "" : ", ") + item.id;
      }
      problems.warning(ErrorCode::program_lots_needed,
                       mode.id + ": " + tied +
                           " tie on rank sum, first places and total score; "
                           "draw lots and record the order under lots: (" +
                           program.review.order_cite + ")",
                       {.file = meeting.file, .field = "lots"});
    }
  }
  return out;
}

}  // namespace cl::program
