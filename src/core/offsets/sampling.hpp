// Monitoring by sampling for programmatic projects (方案型, OFS-3) and micro-scale projects'
// simplified sampling (OFS-2), after the CDM "Standard for sampling and surveys for CDM project
// activities and programmes of activities" (EB 65 annex 2; 90/10 confidence/precision for
// CPAs, 95/10 for one plan across CPAs) and the "Guideline: Sampling and surveys for CDM
// project activities and programmes of activities" (CDM-EB67-A06-GUID, version 03.0, 2012),
// whose sample size for estimating a mean by simple random sampling is
//
//     n = z² · N · V² / ((N − 1) · e² + z² · V²)
//
// with N the population, V the coefficient of variation (SD / mean), e the relative precision
// (0.1) and z the two-sided normal quantile of the confidence (1.645 for 90 %). Solving the
// same equation for e gives the precision a sample achieved:
//
//     e = z · V · sqrt((N − n) / ((N − 1) · n)).
#pragma once

#include <cstddef>
#include <vector>

#include "core/common/result.hpp"

namespace cl::offsets {

/// The two-sided standard normal quantile: 0.90 → 1.6449, 0.95 → 1.9600.
double z_value(double confidence);

/// The sample size above, rounded up; offsets.sample_too_small never — this only computes.
/// parse.bad_value for a confidence outside (0, 1), a precision outside (0, 1), a negative CV
/// or an empty population.
Result<std::size_t> required_sample_size(double confidence, double precision, double cv,
                                         std::size_t population);

enum class Conservative { lower, upper };

struct SampleEstimate {
  std::size_t n = 0;
  std::size_t population = 0;
  double mean = 0.0;
  double sd = 0.0;       ///< sample standard deviation (n − 1)
  double cv = 0.0;       ///< observed SD / mean
  double cv_used = 0.0;  ///< the CV the required size was computed with
  std::size_t required_n = 0;
  double achieved_precision = 0.0;  ///< relative, at the confidence
  bool precision_met = true;
  double value_used = 0.0;  ///< the mean, or the conservative bound when precision is not met
};

struct SamplingPlan {
  double confidence = 0.9;
  double precision = 0.1;
  double planned_cv = -1.0;  ///< the CV of the sampling plan; < 0 when none (observed CV used)
  Conservative conservative = Conservative::lower;
};

/// The estimate of a mean from a sample of a population of `population` items. The required
/// size is computed with the plan's CV (or the observed one when the plan has none):
/// offsets.sample_too_small when the sample is smaller. When the achieved precision is worse
/// than the plan's, the conservative bound mean ∓ e_achieved·mean... is used: the bound of the
/// confidence interval on the conservative side (the standard's rule for unmet reliability).
Result<SampleEstimate> estimate_mean(const std::vector<double>& values, std::size_t population,
                                     const SamplingPlan& plan, const RecordRef& where);

}  // namespace cl::offsets
