#include "io/pact.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

namespace cl::io {
namespace {

using footprint::Dqr;
using nlohmann::json;

json dqr_json(const Dqr& dqr) {
  return {{"technologicalDQR", pact_decimal(dqr.technological)},
          {"temporalDQR", pact_decimal(dqr.temporal)},
          {"geographicalDQR", pact_decimal(dqr.geographical)},
          {"completenessDQR", pact_decimal(dqr.completeness)},
          {"reliabilityDQR", pact_decimal(dqr.reliability)}};
}

/// "2024-12-31" → "2025-01-01T00:00:00Z": a study's inclusive last day as PACT's exclusive end.
std::string day_after(const std::string& date) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (std::sscanf(date.c_str(), "%d-%d-%d", &year, &month, &day) != 3 || month < 1 || month > 12 ||
      day < 1 || day > 31) {
    return date;  // not a date: the validator reports the field
  }
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = month == 2 && leap ? 29 : kDays[(month - 1) % 12];
  if (++day > last) {
    day = 1;
    if (++month > 12) {
      month = 1;
      ++year;
    }
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT00:00:00Z", year, month, day);
  return buffer;
}

std::string start_of(const std::string& date) {
  return date.find('T') == std::string::npos ? date + "T00:00:00Z" : date;
}

std::string stages_description(const footprint::Study& study) {
  std::string out = std::string(footprint::boundary_id(study.boundary)) + ": ";
  const auto stages = footprint::boundary_stages(study.boundary);
  for (std::size_t index = 0; index < stages.size(); ++index) {
    out += (index == 0 ? "" : ", ") + std::string(footprint::stage_id(stages[index]));
  }
  return out;
}

}  // namespace

std::string pact_decimal(double value) {
  if (value == 0.0) return "0";  // also −0
  char buffer[512];
  const auto done = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return std::string(buffer, done.ptr);
}

json pact_from_study(const footprint::Study& study, const footprint::Profile& profile,
                     const footprint::FootprintResult& result, const PactMeta& meta) {
  const double amount = study.unitary_amount;
  // kg CO2e per `amount` declared units: the study computes per one declared unit.
  const double fossil = result.total * amount;
  const double other_biogenic = result.biogenic_co2 * amount;
  // CO2 withdrawn by the product's biogenic carbon, 44/12 kg CO2 per kg C, as a negative value.
  const double withdrawal = -study.biogenic_carbon_content * amount * 44.0 / 12.0;
  json pcf = {
      {"declaredUnit", study.declared_unit},
      {"unitaryProductAmount", pact_decimal(amount)},
      {"pCfExcludingBiogenic", pact_decimal(fossil)},
      {"pCfIncludingBiogenic", pact_decimal(fossil + other_biogenic + withdrawal)},
      {"fossilGhgEmissions", pact_decimal(fossil)},
      {"fossilCarbonContent", pact_decimal(study.fossil_carbon_content * amount)},
      {"biogenicCarbonContent", pact_decimal(study.biogenic_carbon_content * amount)},
      {"dLucGhgEmissions", "0"},
      {"landManagementGhgEmissions", "0"},
      {"otherBiogenicGhgEmissions", pact_decimal(other_biogenic)},
      {"biogenicCarbonWithdrawal", pact_decimal(withdrawal)},
      {"characterizationFactors", study.gwp},
      {"ipccCharacterizationFactorsSources", json::array({study.gwp})},
      {"crossSectoralStandards", json::array({profile.pact_standard})},
      {"boundaryProcessesDescription", stages_description(study)},
      {"referencePeriodStart", start_of(study.period_start)},
      {"referencePeriodEnd", day_after(study.period_end)},
      {"geographyCountry", study.country},
      {"exemptedEmissionsPercent", pact_decimal(result.exempted_percent)},
      {"packagingEmissionsIncluded", study.packaging_included},
      {"primaryDataShare", pact_decimal(result.primary_data_share)},
  };
  if (study.mass_per_declared_unit) {
    pcf["productMassPerDeclaredUnit"] = pact_decimal(*study.mass_per_declared_unit);
  }
  if (!profile.sector_rules.empty()) {
    pcf["productOrSectorSpecificRules"] =
        json::array({{{"operator", "Other"}, {"ruleNames", profile.sector_rules}}});
  }
  if (!study.exemptions.empty()) {
    std::string text;
    for (const auto& item : study.exemptions) {
      text += (text.empty() ? "" : "; ") + item.description + " (" +
              footprint::format_amount(item.percent) + " %)";
    }
    pcf["exemptedEmissionsDescription"] = text;
  }
  std::string allocation;
  for (const auto& line : study.shared) {
    allocation += (allocation.empty() ? "" : "; ") + line.id + " by " +
                  std::string(footprint::basis_id(line.basis));
  }
  if (!allocation.empty()) pcf["allocationRulesDescription"] = allocation;
  std::set<std::pair<std::string, std::string>> sources;
  for (const auto& line : study.lines) {
    if (line.factor && !line.factor->source.document.empty()) {
      sources.insert({line.factor->source.document, line.factor->source.version});
    }
  }
  for (const auto& line : study.shared) {
    if (line.factor && !line.factor->source.document.empty()) {
      sources.insert({line.factor->source.document, line.factor->source.version});
    }
  }
  if (!sources.empty()) {
    json list = json::array();
    for (const auto& [name, version] : sources) {
      list.push_back({{"name", name}, {"version", version}});
    }
    pcf["secondaryEmissionFactorSources"] = list;
  }
  if (result.quality) {
    json dqi = dqr_json(result.quality->dqr);
    dqi["coveragePercent"] = pact_decimal(result.quality->coverage_percent);
    pcf["dqi"] = dqi;
  }
  if (study.assurance) {
    const auto& a = *study.assurance;
    json assurance = json::object();
    const std::pair<const char*, const std::string*> fields[] = {
        {"coverage", &a.coverage},        {"level", &a.level},
        {"boundary", &a.boundary},        {"providerName", &a.provider_name},
        {"completedAt", &a.completed_at}, {"standardName", &a.standard_name},
        {"comments", &a.comments}};
    for (const auto& [name, value] : fields) {
      if (!value->empty()) assurance[name] = *value;
    }
    pcf["assurance"] = assurance;
  }
  json document = {
      {"id", meta.id},
      {"specVersion", kPactSpecVersion},
      {"created", meta.created},
      {"status", meta.status},
      {"companyName", study.company_name},
      {"companyIds", study.company_ids},
      {"productDescription",
       study.product_description.empty() ? study.product_name : study.product_description},
      {"productIds", study.product_ids},
      {"productNameCompany", study.product_name},
      {"comment", profile.report_wording},
      {"pcf", pcf},
  };
  if (!study.cpc.empty()) {
    document["productClassifications"] = json::array({"urn:cpc:" + study.cpc});
    document["productCategoryCpc"] = study.cpc;  // deprecated name, for 2.x readers
  }
  return document;
}

json pact_from_supplier(const footprint::SupplierFootprint& supplier, const PactMeta& meta) {
  json pcf = {
      {"declaredUnit", supplier.declared_unit},
      {"unitaryProductAmount", pact_decimal(supplier.unitary_amount)},
      {"pCfExcludingBiogenic", pact_decimal(supplier.pcf_excluding_biogenic)},
      {"fossilGhgEmissions", pact_decimal(supplier.pcf_excluding_biogenic)},
      {"fossilCarbonContent", "0"},
      {"biogenicCarbonContent", "0"},
      {"ipccCharacterizationFactorsSources", json::array({supplier.gwp})},
      {"crossSectoralStandards", supplier.standards},
      {"referencePeriodStart", supplier.reference_period_start},
      {"referencePeriodEnd", supplier.reference_period_end},
      {"geographyCountry", supplier.country},
      {"exemptedEmissionsPercent", "0"},
      {"packagingEmissionsIncluded", false},
  };
  if (supplier.pcf_including_biogenic) {
    pcf["pCfIncludingBiogenic"] = pact_decimal(*supplier.pcf_including_biogenic);
  }
  if (supplier.primary_data_share) {
    pcf["primaryDataShare"] = pact_decimal(*supplier.primary_data_share);
  }
  if (supplier.dqr) {
    json dqi = dqr_json(*supplier.dqr);
    dqi["coveragePercent"] = "100";
    pcf["dqi"] = dqi;
  }
  return {
      {"id", meta.id.empty() ? supplier.pact_id : meta.id},
      {"specVersion", kPactSpecVersion},
      {"created", meta.created.empty() ? supplier.date : meta.created},
      {"status", meta.status},
      {"companyName", supplier.supplier},
      {"companyIds", json::array({supplier.company_id})},
      {"productDescription", supplier.part},
      {"productIds", json::array({supplier.product_id})},
      {"productNameCompany", supplier.part},
      {"pcf", pcf},
  };
}

}  // namespace cl::io
