// An application to a program (docs/formats/program.md "Application"): the factory, the
// guidance unit and satellites of a demonstration case, the target product, the offset project,
// consents, requests for missing documents, and every scalar of the document under its dotted
// path so that the definition's form fields can be checked without code per form.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/program/date.hpp"

namespace cl::program {

/// An earlier participation in the program (DEM-4): the year, the role (satellite,
/// single_factory, central_satellite) and the target product.
struct Participation {
  int year = 0;
  std::string role;
  std::string product;
};

struct Company {
  std::string name;
  std::string ubn;                   ///< 統一編號
  std::string factory_registration;  ///< 工廠登記證號
  std::string address;
  bool manufacturer = false;         ///< a manufacturer with actual production
  bool registration_exempt = false;  ///< proof of exemption from factory registration attached
  bool trader = false;               ///< 貼牌/經銷/代理/貿易, no manufacturing of its own
  bool first_batch_emitter = false;  ///< in MOENV's 2020 first batch of mandatory reporters
  bool mid_sized = false;            ///< 中堅企業
  bool sme = false;
  bool supply_chain_member = false;
  bool cbam_affected = false;
  bool in_taiwan = true;   ///< for a satellite: the factory is in Taiwan
  bool first_tier = true;  ///< for a satellite: supplies the target product directly
  std::vector<Participation> earlier;
};

struct GuidanceUnit {
  std::string name;
  std::string ubn;
  std::vector<std::string> registrations;  ///< technical-service registrations (SD1 …)
  int certified_staff = 0;                 ///< full-time staff with the consultant certificate
  int approved_cases = 0;                  ///< cases already approved this year
};

struct Product {
  std::string name;
  std::string production_address;
  std::string ccc_code;
  std::string boundary;  ///< cradle_to_gate or cradle_to_grave
  bool funded_elsewhere = false;
};

struct OffsetProject {
  bool renewable_power = false;
  bool earlier_offset_experience = false;
  bool site_first_batch = false;  ///< the reduction site is a first-batch emitter
};

struct DocumentRequest {
  std::string document;
  Date requested;
  std::optional<Date> due;  ///< none: requested + the program's default days
  std::optional<Date> received;
};

/// A scalar of the application document under its dotted path ("factory.ubn").
struct FieldValue {
  enum class Kind { null, text, number, boolean, list, map } kind = Kind::null;
  std::string text;  ///< the scalar as written
  int line = 0;
  std::size_t size = 0;  ///< for a list
};

struct Application {
  std::string id;
  DateTime submitted;
  std::vector<std::string> services;  ///< 2023: the service item(s) applied for
  std::string stage;                  ///< onsite offset support: the stage chosen
  std::string mode;                   ///< 2014: central_satellite or single_factory
  Company factory;
  std::optional<GuidanceUnit> unit;
  std::vector<Company> satellites;
  Product product;
  OffsetProject offset;
  bool completed_course = false;  ///< completed the footprint course (training certificate)
  std::map<std::string, bool> consents;
  std::vector<DocumentRequest> requests;
  std::optional<Date> accepted_on;  ///< already given a place (never taken back)
  std::map<std::string, FieldValue> fields;
  int line = 0;  ///< where the application starts in its file
};

}  // namespace cl::program
