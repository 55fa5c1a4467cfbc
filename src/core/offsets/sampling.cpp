#include "core/offsets/sampling.hpp"

#include "core/offsets/date.hpp"

#include <cmath>
#include <string>

namespace cl::offsets {

double z_value(double confidence) {
  // Bisection on erf(z / √2) = confidence; 200 halvings reach double precision.
  double low = 0.0;
  double high = 40.0;
  for (int step = 0; step < 200; ++step) {
    const double mid = 0.5 * (low + high);
    if (std::erf(mid / std::sqrt(2.0)) < confidence) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return 0.5 * (low + high);
}

Result<std::size_t> required_sample_size(double confidence, double precision, double cv,
                                         std::size_t population) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    return fail(
        ErrorCode::parse_bad_value,
        "confidence must be between 0 and 1 (e.g. 0.9 for 90 %), got " + format_number(confidence),
        {.field = "confidence"});
  }
  if (!(precision > 0.0 && precision < 1.0)) {
    return fail(
        ErrorCode::parse_bad_value,
        "precision must be between 0 and 1 (e.g. 0.1 for ±10 %), got " + format_number(precision),
        {.field = "precision"});
  }
  if (!(cv >= 0.0) || !std::isfinite(cv)) {
    return fail(ErrorCode::parse_bad_value,
                "the coefficient of variation must be a number ≥ 0 (SD / mean, e.g. 0.5)",
                {.field = "cv"});
  }
  if (population == 0) {
    return fail(ErrorCode::parse_bad_value, "the population must have at least one item",
                {.field = "population"});
  }
  const double z = z_value(confidence);
  const double big_n = static_cast<double>(population);
  const double numerator = z * z * big_n * cv * cv;
  const double denominator = (big_n - 1.0) * precision * precision + z * z * cv * cv;
  if (denominator <= 0.0) return population;  // N = 1 and V = 0: the one item
  // A tiny tolerance keeps an exact integer (e.g. 64.0000000001 from rounding) from becoming 65.
  const double n = numerator / denominator;
  auto size = static_cast<std::size_t>(std::ceil(n - 1e-9));
  if (size < 1) size = 1;
  return std::min(size, population);
}

Result<SampleEstimate> estimate_mean(const std::vector<double>& values, std::size_t population,
                                     const SamplingPlan& plan, const RecordRef& where) {
  SampleEstimate out;
  out.n = values.size();
  out.population = population;
  if (values.size() < 2 && values.size() < population) {
    return fail(ErrorCode::offsets_sample_too_small,
                "a sample needs at least 2 values to estimate its variation; got " +
                    std::to_string(values.size()),
                where);
  }
  if (values.size() > population) {
    return fail(ErrorCode::parse_bad_value,
                "the sample has " + std::to_string(values.size()) +
                    " values but the population only " + std::to_string(population),
                where);
  }
  double sum = 0.0;
  for (double value : values) {
    if (!std::isfinite(value)) {
      return fail(ErrorCode::parse_bad_value, "sample values must be finite numbers", where);
    }
    sum += value;
  }
  const auto n = static_cast<double>(values.size());
  out.mean = sum / n;
  double squares = 0.0;
  for (double value : values) squares += (value - out.mean) * (value - out.mean);
  out.sd = values.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  if (out.mean <= 0.0) {
    return fail(ErrorCode::parse_bad_value,
                "the sample mean must be above 0 for a relative precision", where);
  }
  out.cv = out.sd / out.mean;
  out.cv_used = plan.planned_cv >= 0.0 ? plan.planned_cv : out.cv;
  auto required = required_sample_size(plan.confidence, plan.precision, out.cv_used, population);
  if (!required) return tl::unexpected(required.error());
  out.required_n = *required;
  if (out.n < out.required_n) {
    return fail(ErrorCode::offsets_sample_too_small,
                "the sample has " + std::to_string(out.n) + " values but " +
                    std::to_string(out.required_n) + " are required for " +
                    std::to_string(static_cast<int>(std::lround(plan.confidence * 100))) + "/" +
                    std::to_string(static_cast<int>(std::lround(plan.precision * 100))) +
                    " confidence/precision with CV " + format_number(out.cv_used) +
                    " and a population of " + std::to_string(population) +
                    "; sample more items (CDM sampling standard)",
                where);
  }
  const double z = z_value(plan.confidence);
  const double big_n = static_cast<double>(population);
  out.achieved_precision =
      population > 1 ? z * out.cv * std::sqrt((big_n - n) / ((big_n - 1.0) * n)) : 0.0;
  out.precision_met = out.achieved_precision <= plan.precision + 1e-12;
  const double margin = out.achieved_precision * out.mean;
  out.value_used = out.precision_met                          ? out.mean
                   : plan.conservative == Conservative::lower ? out.mean - margin
                                                              : out.mean + margin;
  return out;
}

}  // namespace cl::offsets
