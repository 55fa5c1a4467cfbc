// An offset project (抵換專案) and its computation: the project (planned 計畫型, or
// programmatic 方案型 run by a coordinating and managing entity 整合管理機構 with sub-projects
// 子專案), its scale against the micro-scale limits (data, not code), its additionality, the
// method's applicability, the stages reached, and the reductions and credits of every
// monitoring period, per sub-project and for the programme.
//
// Checks (each an Error naming the record; compute_project stops at the first):
//   offsets.not_applicable  renewable power or a T-REC plant (excluded from the micro-scale
//                           program, OFS-2); an applicability condition not met or not confirmed
//   offsets.additionality   micro-scale: the regulatory test with its evidence; other scales: the
//                           regulatory test and one more (investment, barrier, common practice)
//   offsets.scale_limit     above the micro-scale limit (per sub-project for programmes)
//   offsets.inclusion       a sub-project failing an inclusion criterion of the programme
//   offsets.sample_too_small, offsets.method, offsets.stage (sampling.hpp, calculate.hpp,
//                           stages.hpp)
// Credits are whole tonnes: floor(max(0, reduction)) per period, so they never exceed it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/common/provenance.hpp"
#include "core/offsets/calculate.hpp"
#include "core/offsets/date.hpp"
#include "core/offsets/method.hpp"
#include "core/offsets/sampling.hpp"
#include "core/offsets/stages.hpp"

namespace cl::offsets {

enum class ProjectType { planned, programmatic };
enum class AdditionalityTest { regulatory, investment, barrier, common_practice };

std::string_view project_type_id(ProjectType type);
std::optional<ProjectType> find_project_type(std::string_view id);
std::string_view additionality_test_id(AdditionalityTest test);
std::optional<AdditionalityTest> find_additionality_test(std::string_view id);

/// The size limits of a scale (data/offsets/scale-limits.yaml). A limit ≤ 0 is not applied.
struct ScaleLimits {
  std::string scale;                          ///< "micro"
  double max_energy_saving_mwh_per_year = 0;  ///< energy-efficiency projects
  double max_reduction_t_per_year = 0;        ///< other projects
  double max_renewable_mw = 0;
  Provenance source;
};

struct Additionality {
  std::vector<AdditionalityTest> tests;
  std::string evidence;  ///< e.g. the regulations checked and why none requires the measure
};

struct GridFactorChoice {
  GridBasis basis = GridBasis::none;
  double t_per_mwh = 0.0;
  Provenance source;
};

struct ConditionConfirmation {
  std::string condition;
  bool met = false;
  std::string evidence;
};

struct SampledValues {
  std::vector<double> values;
  std::size_t population = 0;  ///< 0: the number of equipment units of the sub-project
};

struct MonitoringPeriod {
  std::string id;
  Date from;
  Date to;
  ParameterValues parameters;
  std::map<std::string, std::string> supplied_by;  ///< parameter → who supplied the data
  std::map<std::string, SampledValues> sampled;
  RecordRef where;
};

struct Equipment {
  std::string id;
  std::string type;
  double count = 0;
  double scrapped = 0;    ///< units with a scrapping record (報廢資料)
  std::string installed;  ///< installation date or record
  std::string user;       ///< the equipment user (設備使用端)
};

struct InclusionCriterion {
  std::string id;
  std::string text;
  std::string attribute;  ///< the sub-project attribute it tests
  std::vector<std::string> one_of;
  std::optional<double> min;
  std::optional<double> max;
};

struct SubProject {
  std::string id;
  std::string name;
  std::string owner;  ///< 子專案負責人
  Date start;
  std::map<std::string, std::string> attributes;
  std::vector<Equipment> equipment;
  std::vector<MonitoringPeriod> periods;
  RecordRef where;
};

struct Project {
  std::string id;
  std::string name;
  ProjectType type = ProjectType::planned;
  std::string scale = "micro";
  std::string proponent;
  std::string method;
  Date crediting_start;
  Date crediting_end;
  int crediting_period_number = 1;
  Additionality additionality;
  GridFactorChoice grid;
  std::vector<ConditionConfirmation> applicability;
  bool renewable_certificates = false;  ///< the plant applied for T-REC
  double expected_saving_mwh_per_year = 0.0;
  double expected_reduction_t_per_year = 0.0;
  std::vector<StageRecord> stages;
  // planned projects: the monitoring periods; programmatic: per sub-project
  std::vector<MonitoringPeriod> periods;
  std::vector<Equipment> equipment;
  // programmatic
  std::string cme;  ///< coordinating and managing entity 整合管理機構
  std::vector<InclusionCriterion> inclusion;
  SamplingPlan sampling;
  std::vector<SubProject> sub_projects;
};

struct ParameterSample {
  std::string parameter;
  SampleEstimate estimate;
};

struct PeriodResult {
  std::string period;
  Date from;
  Date to;
  ParameterValues values;
  std::map<std::string, std::string> supplied_by;
  std::vector<ParameterSample> samples;
  PeriodEmissions emissions;
  double credits_t = 0.0;
};

struct Totals {
  double baseline_t = 0.0;
  double project_t = 0.0;
  double leakage_t = 0.0;
  double reduction_t = 0.0;
  double credits_t = 0.0;
  double energy_saved_mwh = 0.0;
  double energy_saved_gj = 0.0;
  void add(const PeriodResult& period);
};

struct SubProjectResult {
  std::string id;  ///< the project id for a planned project
  std::string owner;
  std::vector<PeriodResult> periods;
  Totals totals;
};

struct ProjectResult {
  std::string project;
  const Method* method = nullptr;
  std::optional<Stage> stage;
  std::vector<SubProjectResult> parts;
  Totals totals;
  Diagnostics warnings;
};

/// Credits of a reduction: whole tonnes, never negative, never above the reduction.
double credits_of(double reduction_t);

/// Eligibility, additionality, applicability confirmations, stages and grid basis.
Result<void> check_project(const Project& project, const Method& method);

/// offsets.inclusion naming the first criterion the sub-project fails.
Result<void> check_inclusion(const std::vector<InclusionCriterion>& criteria,
                             const SubProject& sub_project);

/// The whole computation with every check above.
Result<ProjectResult> compute_project(const Project& project, const MethodCatalog& methods,
                                      const ScaleLimits& limits);

}  // namespace cl::offsets
