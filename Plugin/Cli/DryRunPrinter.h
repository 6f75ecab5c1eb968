#pragma once

#include "Cli/FileDiscovery.h"
#include "Cli/FileResult.h"

#include <ostream>
#include <vector>

// Prints Anonymizer::Preview() results: per file, every attribute the profile changes, with the
// value before and after. This is the one output of the tool that shows original values (the
// operator asked to see them); attributes kept unchanged are only counted.
namespace Ratatoskr::Cli
{
  void PrintPreview(std::ostream& out, const FileTask& task, const Json::Value& preview);

  void PrintPreviews(std::ostream& out, const std::vector<FileTask>& tasks, const std::vector<FileResult>& results);
}
