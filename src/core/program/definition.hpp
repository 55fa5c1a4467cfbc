// A funding program as data (docs/formats/program.md): its services with quotas and fees, the
// forms and their fields, eligibility rules, priority rules, review rubrics, funding by mode,
// execution duties with due-date rules and deadlines. Next year's program is a new definition
// file, not new code: the rules below are a closed catalogue of kinds, each parameterized and
// scoped to services or modes by the file. Every value carries `cite`, the seed document and
// section it comes from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/program/date.hpp"

namespace cl::program {

/// A deadline: on or before `at.date`; when `at` has a time, strictly before that time
/// ("103 年 2 月 20 日下午 5 點前" is 2014-02-20T17:00).
struct Deadline {
  DateTime at;
  std::string cite;
};

struct Service {
  std::string id;
  std::string name;
  std::optional<int> quota;          ///< places (家); none = selected by review
  std::optional<long> fee_ntd;       ///< the factory's fee in NT$; 0 = free
  std::string fee_note;              ///< e.g. "含稅，不含查驗機構查證費用"
  std::vector<std::string> forms;    ///< form ids an application for this service must carry
  std::vector<std::string> stages;   ///< choices of stage (onsite offset support: one of seven)
  std::optional<Deadline> deadline;  ///< none = "即日起至額滿止"
  std::string cite;
};

struct Funding {
  long government_ntd = 0;         ///< government funds per case
  long own_min_ntd = 0;            ///< the factory's own funds (自籌款), at least
  long deduction_per_dropped = 0;  ///< government funds deducted per satellite dropped
  int min_satellites = 0;          ///< never fewer after a change
  std::string cite;
};

struct Mode {
  std::string id;
  std::string name;
  int min_satellites = 0;
  std::optional<int> target_cases;              ///< "至少 11 案（暫訂）"
  std::vector<std::string> product_boundaries;  ///< cradle_to_gate, cradle_to_grave
  std::vector<std::string> forms;
  Funding funding;
  std::string cite;
};

enum class FieldType {
  text,
  ubn,
  integer,
  number,
  percent,
  boolean,
  date,
  month,
  choice,
  consent,
  document,
  list
};

struct FormField {
  std::string id;
  std::string label;
  FieldType type = FieldType::text;
  std::string key;  ///< dotted path in the application document, e.g. "factory.ubn"
  bool required = false;
  std::vector<std::string> options;  ///< for choice
  std::string cite;
};

struct Form {
  std::string id;
  std::string name;
  std::vector<FormField> fields;
  std::string cite;
};

/// The catalogue of eligibility rules; the definition chooses, scopes and parameterizes them.
enum class RuleKind {
  registered_manufacturer,          ///< manufacturer with a factory registration or exemption
  not_first_batch_emitter,          ///< not in the first batch of mandatory reporting emitters
  no_renewable_power_project,       ///< offset services exclude renewable-power projects
  product_made_at_factory_address,  ///< footprint product's production site = factory address
  product_not_funded_elsewhere,     ///< target product not funded by a similar program
  guidance_unit_registered,         ///< registered in one of `values` (SD1 categories)
  guidance_unit_certified_staff,    ///< at least `min` full-time certified staff
  participation_matrix,             ///< DEM-4: earlier role → roles allowed now
  max_approved_per_unit,            ///< at most `min` approved cases per guidance unit
  one_case_per_company,             ///< one case per company (unified business number)
  one_service_unless_mid_sized,     ///< one service item, mid-sized enterprises any number
  min_satellites,                   ///< at least the mode's satellites
  satellites_manufacturers,         ///< satellites: manufacturers in Taiwan, first tier, no traders
  product_boundary,                 ///< the product's boundary allowed for the mode
  consents_given,                   ///< every consent field of the service's forms is given
  before_deadline,                  ///< submitted before the service's or program's deadline
};

struct EligibilityRule {
  RuleKind kind = RuleKind::registered_manufacturer;
  std::string id;                  ///< the rule's id in the file
  std::vector<std::string> scope;  ///< service or mode ids; empty = every application
  int min = 0;
  std::vector<std::string> values;
  std::string reason;  ///< the refusal's wording, from the seed
  std::string cite;
};

/// DEM-4: for an earlier role, which roles are allowed now. "different_product" allows the role
/// only with a target product other than the earlier one.
struct ParticipationEntry {
  std::string earlier;
  std::string now;
  std::string allowed;  ///< yes, no, different_product
};

/// A priority class matches when every condition holds; the first matching class of the list
/// is the application's class, and an application matching none comes after all of them.
struct PriorityCondition {
  std::string fact;  ///< sme, supply_chain_member, cbam_affected, earlier_offset_experience, …
  bool value = true;
  std::vector<std::string> stage_in;  ///< when set: the chosen stage is one of these
};

struct PriorityClass {
  std::string id;
  std::string name;
  std::vector<PriorityCondition> all_of;
  std::vector<PriorityCondition> any_of;
};

struct PriorityRule {
  std::vector<std::string> services;
  std::vector<PriorityClass> classes;
  std::string cite;
};

struct RubricItem {
  std::string id;
  std::string group;
  std::string name;
  int max = 0;
  bool satellite_points = false;  ///< computed from the satellite count, not scored by hand
  std::string cite;
};

struct Rubric {
  std::string mode;
  std::vector<RubricItem> items;
  std::string cite;
  int total() const;
};

struct SatellitePoints {
  int base_count = 5;
  int base_points = 10;
  int per_extra = 1;
  int max_points = 15;
  std::string cite;
};

struct ReviewRules {
  int pass_score = 70;       ///< a reviewer's total ≥ this counts as passing (70 分(含)以上)
  std::string quorum_cite;   ///< attending ≥ half of the committee
  std::string qualify_cite;  ///< more than half of attending reviewers pass it
  std::string order_cite;    ///< rank sum, first places, total score, lots
  std::vector<Rubric> rubrics;
  SatellitePoints satellite_points;
};

enum class DueAnchor { approval, kickoff, execution_end, midpoint, fixed, program_end };

struct DueRule {
  DueAnchor anchor = DueAnchor::approval;
  int months = 0;  ///< added to the anchor (may be negative)
  int days = 0;    ///< added after the months (negative: before)
  Date fixed;      ///< for DueAnchor::fixed
};

struct Duty {
  std::string id;
  std::string title;
  std::vector<std::string> modes;  ///< empty = every mode / service
  DueRule due;
  int min_count = 0;
  double min_hours = 0;
  int min_participants = 0;
  bool per_satellite = false;
  int every_days = 0;   ///< a recurring duty (weekly reports: 7)
  int every_years = 0;  ///< a yearly duty (follow-up) repeated `min_count` times
  std::vector<std::string> evidence;
  std::string cite;
};

struct ChangeLimit {
  std::string id;
  std::string what;
  std::vector<std::string> modes;  ///< empty = every mode
  int max_per_case = 0;
  std::optional<Date> by;
  std::string cite;
};

struct Program {
  std::string id;
  std::string name;
  int year = 0;
  std::string sponsor;
  std::string source;  ///< the seed document
  std::optional<Deadline> application_deadline;
  std::optional<Date> execution_end;
  int follow_up_years = 0;
  std::string follow_up_cite;
  int default_request_days = 0;  ///< days to complete missing documents when a request names none
  std::string request_cite;
  std::vector<Service> services;
  std::vector<Mode> modes;
  std::vector<Form> forms;
  std::vector<EligibilityRule> eligibility;
  std::vector<ParticipationEntry> participation;
  std::vector<PriorityRule> priority;
  ReviewRules review;
  std::vector<Duty> duties;
  std::vector<ChangeLimit> changes;

  const Service* find_service(std::string_view service_id) const;
  const Mode* find_mode(std::string_view mode_id) const;
  const Form* find_form(std::string_view form_id) const;
  const Rubric* find_rubric(std::string_view mode_id) const;
};

/// String ids of the enums, as written in definition files.
std::string_view rule_kind_id(RuleKind kind);
std::optional<RuleKind> find_rule_kind(std::string_view id);
std::string_view field_type_id(FieldType type);
std::optional<FieldType> find_field_type(std::string_view id);
std::optional<DueAnchor> find_due_anchor(std::string_view id);
std::string_view due_anchor_id(DueAnchor anchor);

}  // namespace cl::program
