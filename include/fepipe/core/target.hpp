#pragma once
/// @file
/// The target vector type shared by every fit.

#include <Eigen/Core>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Regression targets, or class labels 0..k-1 for classifiers.
using Target = Eigen::VectorXd;

FEPIPE_NAMESPACE_END
