#pragma once
/// @file
/// The drift family in one include: DriftMonitor, DriftReport and the
/// statistics they are built on (docs/drift.md).

#include "fepipe/core/drift_baseline.hpp"
#include "fepipe/drift/monitor.hpp"
#include "fepipe/drift/report.hpp"
#include "fepipe/drift/statistics.hpp"
