#pragma once
/// @file
/// Split criteria of scikit-learn's CART (sklearn/tree/_criterion.pyx, 1.2),
/// single-output: regression (squared error and Friedman's MSE) and
/// classification (Gini and entropy). A criterion holds the weighted sums of
/// the node rows [start, end) and of the left part [start, pos).
///
/// The arithmetic follows the reference step by step — which side `update`
/// accumulates from, the order of every product — because the best split is
/// the strictly largest proxy score, and on tied data the last bits decide.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// What every criterion reads: the targets (regression values or class
/// labels stored as 0..k-1), optional row weights (null = all 1), and the
/// row order the splitter maintains.
struct CriterionData {
  const double* y = nullptr;
  const double* sample_weight = nullptr;
  const std::int64_t* rows = nullptr;
  double weighted_n_samples = 0.0;  // Σ of all weights (zeros included)
};

/// State common to both families: the node range and the weights of the
/// node, its left part and its right part.
class CriterionBase {
 public:
  double weighted_n_node_samples = 0.0;
  double weighted_n_left = 0.0;
  double weighted_n_right = 0.0;

 protected:
  double weight(std::int64_t row) const noexcept {
    return data_.sample_weight ? data_.sample_weight[row] : 1.0;
  }
  /// The reference's base impurity_improvement: the weighted decrease,
  /// scaled by the node's share of the total weight.
  double weighted_decrease(double parent, double left, double right) const noexcept {
    return (weighted_n_node_samples / data_.weighted_n_samples) *
           (parent - (weighted_n_right / weighted_n_node_samples * right) -
            (weighted_n_left / weighted_n_node_samples * left));
  }

  CriterionData data_{};
  std::size_t start_ = 0, pos_ = 0, end_ = 0;
};

/// Mean squared error; `friedman` switches the proxy and the reported
/// improvement to Friedman's (W_R·S_L − W_L·S_R)² form.
template <bool friedman>
class SquaredErrorCriterion : public CriterionBase {
 public:
  static constexpr bool is_classification = false;

  explicit SquaredErrorCriterion(CriterionData data) { data_ = data; }

  void init(std::size_t start, std::size_t end) noexcept {
    start_ = start;
    end_ = end;
    sq_sum_total_ = 0.0;
    sum_total_ = 0.0;
    weighted_n_node_samples = 0.0;
    for (std::size_t p = start; p < end; ++p) {
      const std::int64_t i = data_.rows[p];
      const double w = weight(i);
      const double y = data_.y[i];
      const double wy = w * y;
      sum_total_ += wy;
      sq_sum_total_ += wy * y;
      weighted_n_node_samples += w;
    }
    reset();
  }

  void reset() noexcept {
    sum_left_ = 0.0;
    sum_right_ = sum_total_;
    weighted_n_left = 0.0;
    weighted_n_right = weighted_n_node_samples;
    pos_ = start_;
  }

  /// Moves the boundary to new_pos, summing from whichever end is nearer.
  void update(std::size_t new_pos) noexcept {
    if (new_pos - pos_ <= end_ - new_pos) {
      for (std::size_t p = pos_; p < new_pos; ++p) {
        const std::int64_t i = data_.rows[p];
        const double w = weight(i);
        sum_left_ += w * data_.y[i];
        weighted_n_left += w;
      }
    } else {
      sum_left_ = sum_total_;
      weighted_n_left = weighted_n_node_samples;
      for (std::size_t p = end_; p-- > new_pos;) {
        const std::int64_t i = data_.rows[p];
        const double w = weight(i);
        sum_left_ -= w * data_.y[i];
        weighted_n_left -= w;
      }
    }
    weighted_n_right = weighted_n_node_samples - weighted_n_left;
    sum_right_ = sum_total_ - sum_left_;
    pos_ = new_pos;
  }

  double node_impurity() const noexcept {
    const double mean = sum_total_ / weighted_n_node_samples;
    return sq_sum_total_ / weighted_n_node_samples - mean * mean;
  }

  double proxy_impurity_improvement() const noexcept {
    if constexpr (friedman) {
      const double diff = weighted_n_right * sum_left_ - weighted_n_left * sum_right_;
      return diff * diff / (weighted_n_left * weighted_n_right);
    } else {
      return sum_left_ * sum_left_ / weighted_n_left + sum_right_ * sum_right_ / weighted_n_right;
    }
  }

  void children_impurity(double& left, double& right) const noexcept {
    double sq_sum_left = 0.0;
    for (std::size_t p = start_; p < pos_; ++p) {
      const std::int64_t i = data_.rows[p];
      const double y = data_.y[i];
      sq_sum_left += weight(i) * y * y;
    }
    const double sq_sum_right = sq_sum_total_ - sq_sum_left;
    const double mean_left = sum_left_ / weighted_n_left;
    const double mean_right = sum_right_ / weighted_n_right;
    left = sq_sum_left / weighted_n_left - mean_left * mean_left;
    right = sq_sum_right / weighted_n_right - mean_right * mean_right;
  }

  double impurity_improvement(double parent, double left, double right) const noexcept {
    if constexpr (friedman) {
      const double diff = weighted_n_right * sum_left_ - weighted_n_left * sum_right_;
      return diff * diff / (weighted_n_left * weighted_n_right * weighted_n_node_samples);
    } else {
      return weighted_decrease(parent, left, right);
    }
  }

  /// The node's prediction: the weighted mean.
  void node_value(double* dest) const noexcept { dest[0] = sum_total_ / weighted_n_node_samples; }

 private:
  double sq_sum_total_ = 0.0, sum_total_ = 0.0, sum_left_ = 0.0, sum_right_ = 0.0;
};

enum class ClassImpurity : std::uint8_t { gini, entropy };

/// Gini or entropy (log base 2, as scikit-learn computes it) over weighted
/// class counts; labels are 0..n_classes-1.
template <ClassImpurity kind>
class ClassCountCriterion : public CriterionBase {
 public:
  static constexpr bool is_classification = true;

  ClassCountCriterion(CriterionData data, std::size_t n_classes)
      : sum_total_(n_classes), sum_left_(n_classes), sum_right_(n_classes) {
    data_ = data;
  }

  void init(std::size_t start, std::size_t end) noexcept {
    start_ = start;
    end_ = end;
    weighted_n_node_samples = 0.0;
    for (double& s : sum_total_) s = 0.0;
    for (std::size_t p = start; p < end; ++p) {
      const std::int64_t i = data_.rows[p];
      const double w = weight(i);
      sum_total_[label(i)] += w;
      weighted_n_node_samples += w;
    }
    reset();
  }

  void reset() noexcept {
    for (std::size_t c = 0; c < sum_total_.size(); ++c) {
      sum_left_[c] = 0.0;
      sum_right_[c] = sum_total_[c];
    }
    weighted_n_left = 0.0;
    weighted_n_right = weighted_n_node_samples;
    pos_ = start_;
  }

  void update(std::size_t new_pos) noexcept {
    if (new_pos - pos_ <= end_ - new_pos) {
      for (std::size_t p = pos_; p < new_pos; ++p) {
        const std::int64_t i = data_.rows[p];
        const double w = weight(i);
        sum_left_[label(i)] += w;
        weighted_n_left += w;
      }
    } else {
      for (std::size_t c = 0; c < sum_total_.size(); ++c) sum_left_[c] = sum_total_[c];
      weighted_n_left = weighted_n_node_samples;
      for (std::size_t p = end_; p-- > new_pos;) {
        const std::int64_t i = data_.rows[p];
        const double w = weight(i);
        sum_left_[label(i)] -= w;
        weighted_n_left -= w;
      }
    }
    weighted_n_right = weighted_n_node_samples - weighted_n_left;
    for (std::size_t c = 0; c < sum_total_.size(); ++c) sum_right_[c] = sum_total_[c] - sum_left_[c];
    pos_ = new_pos;
  }

  double node_impurity() const noexcept { return impurity_of(sum_total_, weighted_n_node_samples); }

  void children_impurity(double& left, double& right) const noexcept {
    left = impurity_of(sum_left_, weighted_n_left);
    right = impurity_of(sum_right_, weighted_n_right);
  }

  double proxy_impurity_improvement() const noexcept {
    double left = 0.0, right = 0.0;
    children_impurity(left, right);
    return -weighted_n_right * right - weighted_n_left * left;
  }

  double impurity_improvement(double parent, double left, double right) const noexcept {
    return weighted_decrease(parent, left, right);
  }

  /// The node's weighted class counts.
  void node_value(double* dest) const noexcept {
    for (std::size_t c = 0; c < sum_total_.size(); ++c) dest[c] = sum_total_[c];
  }

 private:
  std::size_t label(std::int64_t row) const noexcept { return static_cast<std::size_t>(data_.y[row]); }

  static double impurity_of(const std::vector<double>& counts, double total) noexcept {
    if constexpr (kind == ClassImpurity::gini) {
      double sq = 0.0;
      for (double c : counts) sq += c * c;
      return 1.0 - sq / (total * total);
    } else {
      double entropy = 0.0;
      for (double c : counts)
        if (c > 0.0) {
          const double p = c / total;
          entropy -= p * (std::log(p) / std::log(2.0));
        }
      return entropy;
    }
  }

  std::vector<double> sum_total_, sum_left_, sum_right_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
