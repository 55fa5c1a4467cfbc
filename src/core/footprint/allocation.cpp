#include "core/footprint/allocation.hpp"

#include <cmath>

#include "core/common/assert.hpp"

namespace cl::footprint {

std::vector<double> normalize_shares(std::span<const double> quantities) {
  double sum = 0.0;
  for (double quantity : quantities) sum += quantity;
  CL_ASSERT(sum > 0.0);
  std::vector<double> shares;
  shares.reserve(quantities.size());
  for (double quantity : quantities) shares.push_back(quantity / sum);
  return shares;
}

Result<std::map<std::string, double>> allocation_shares(const SharedLine& line) {
  const RecordRef where = line.where;
  if (line.products.empty()) {
    return fail(ErrorCode::footprint_shares,
                "shared line '" + line.id + "' lists no products to allocate over; give each " +
                    "product's " + std::string(basis_id(line.basis)),
                where);
  }
  std::vector<double> quantities;
  for (const auto& [product, quantity] : line.products) {
    if (!std::isfinite(quantity) || quantity < 0.0) {
      return fail(ErrorCode::footprint_shares,
                  "shared line '" + line.id + "': product '" + product + "' has " +
                      std::string(basis_id(line.basis)) + " " + format_amount(quantity) +
                      "; each must be a number of 0 or more",
                  where);
    }
    quantities.push_back(quantity);
  }
  double sum = 0.0;
  for (double quantity : quantities) sum += quantity;
  if (sum <= 0.0) {
    return fail(ErrorCode::footprint_shares,
                "shared line '" + line.id + "': every product's " +
                    std::string(basis_id(line.basis)) + " is 0, so nothing can be allocated",
                where);
  }
  if (line.basis == AllocationBasis::shares && std::abs(sum - 1.0) > kShareTolerance) {
    return fail(ErrorCode::footprint_shares,
                "shared line '" + line.id + "': the shares sum to " + format_amount(sum) +
                    ", not 1; correct them so that they add up to 1 (100 %), or give each "
                    "product's mass, hours or value instead",
                where);
  }
  const auto shares = normalize_shares(quantities);
  std::map<std::string, double> out;
  std::size_t index = 0;
  for (const auto& entry : line.products) out[entry.first] = shares[index++];
  return out;
}

}  // namespace cl::footprint
