// The two shipped program definitions (data/programs/), read once, and applications built in
// code from the seeds' own wording, for the program tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/program/application.hpp"
#include "core/program/definition.hpp"
#include "io/program_reader.hpp"

namespace cl::program::test {

inline const Program& load_definition(const std::string& name) {
  Diagnostics diagnostics;
  auto read = io::read_program(std::string(CL_SOURCE_DIR) + "/data/programs/" + name, diagnostics);
  EXPECT_TRUE(read) << (read ? "" : read.error().to_string());
  for (const auto& item : diagnostics.items()) ADD_FAILURE() << item.to_string();
  static std::map<std::string, Program> cache;
  return cache[name] = read ? *read : Program{};
}

inline const Program& sme_2023() {
  static const Program program = load_definition("2023-sme-low-carbon.yaml");
  return program;
}
inline const Program& cfp_2014() {
  static const Program program = load_definition("2014-cfp-demonstration.yaml");
  return program;
}

inline void set_field(Application& application, const std::string& key, const std::string& text,
                      FieldValue::Kind kind = FieldValue::Kind::text) {
  FieldValue value;
  value.kind = kind;
  value.text = text;
  application.fields[key] = value;
}
inline void set_bool(Application& application, const std::string& key, bool value) {
  set_field(application, key, value ? "true" : "false", FieldValue::Kind::boolean);
}
inline void set_list(Application& application, const std::string& key, std::size_t size) {
  FieldValue value;
  value.kind = FieldValue::Kind::list;
  value.size = size;
  application.fields[key] = value;
}

/// A complete inventory-guidance application of 2023 (附表1 filled in, consent given). The
/// unified business number 22099131: weights 1,2,1,2,1,2,4,1 give 2,4,0,18→9,9,2,12→3,1, sum 30.
inline Application sme_application(const std::string& id, const std::string& service,
                                   const std::string& submitted = "2023-03-01") {
  Application a;
  a.id = id;
  a.submitted = *parse_date_time(submitted);
  a.services = {service};
  a.factory.name = "範例金屬工業股份有限公司";
  a.factory.ubn = "22099131";
  a.factory.factory_registration = "99612345";
  a.factory.address = "彰化縣和美鎮彰美路五段 100 號";
  a.factory.manufacturer = true;
  a.factory.sme = true;
  set_field(a, "factory.name", a.factory.name);
  set_bool(a, "factory.mid_sized", false);
  set_field(a, "factory.ubn", a.factory.ubn);
  set_field(a, "factory.factory_registration", a.factory.factory_registration);
  set_field(a, "form.industry_code", "25");
  set_field(a, "factory.address", a.factory.address);
  set_field(a, "form.capital_10k", "5000", FieldValue::Kind::number);
  for (const char* key : {"form.responsible_person", "form.responsible_title", "form.contact",
                          "form.contact_title", "form.phone", "form.email"}) {
    set_field(a, key, "x");
  }
  set_field(a, "form.employees", "85", FieldValue::Kind::number);
  set_field(a, "form.domestic_share", "60", FieldValue::Kind::number);
  set_field(a, "form.export_share", "40", FieldValue::Kind::number);
  set_list(a, "form.products", 2);
  set_bool(a, "consents.personal_data", true);
  return a;
}

/// A 2014 central-satellite application with `satellites` first-tier supplier factories.
inline Application cfp_application(const std::string& id, int satellites = 5,
                                   const std::string& mode = "central_satellite") {
  Application a;
  a.id = id;
  a.submitted = *parse_date_time("2014-02-19T10:00");
  a.mode = mode;
  a.factory.name = "示範電子股份有限公司";
  a.factory.ubn = "04595257";
  a.factory.factory_registration = "99654321";
  a.factory.manufacturer = true;
  a.unit = GuidanceUnit{"綠色顧問股份有限公司", "22099131", {"SD1-ghg"}, 3, 0};
  a.product = {"LED 燈條", "", "", "cradle_to_gate", false};
  for (const char* key :
       {"documents.checklist", "documents.registry_printout", "documents.plan",
        "documents.basic_data", "documents.unit_registration", "documents.staff_certificates"}) {
    set_field(a, key, "file.pdf");
  }
  set_bool(a, "consents.willingness", true);
  set_field(a, "factory.name", a.factory.name);
  set_field(a, "factory.ubn", a.factory.ubn);
  set_field(a, "guidance_unit.name", a.unit->name);
  set_field(a, "guidance_unit.ubn", a.unit->ubn);
  set_field(a, "product.name", a.product.name);
  set_field(a, "product.boundary", a.product.boundary);
  set_field(a, "product.standard", "ISO/TS 14067:2013");
  set_list(a, "satellites", static_cast<std::size_t>(satellites));
  for (int idx = 0; idx < satellites; ++idx) {
    Company satellite;
    satellite.name = "衛星廠 " + std::to_string(idx + 1);
    satellite.ubn = "22099131";
    satellite.manufacturer = true;
    a.satellites.push_back(satellite);
    const std::string prefix = "satellites." + std::to_string(idx) + ".";
    set_field(a, prefix + "name", satellite.name);
    set_field(a, prefix + "ubn", satellite.ubn);
    set_field(a, prefix + "registry_printout", "gcis.pdf");
  }
  return a;
}

}  // namespace cl::program::test
