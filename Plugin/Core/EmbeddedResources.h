#pragma once

#include <cstddef>
#include <string>
#include <vector>

// Files embedded into the binary at build time (Profiles/, WebApp/), addressed by their path
// relative to the source tree, e.g. "Profiles/basic.json". See Resources/CMake/EmbedResources.cmake.
namespace Ratatoskr::Embedded
{
  struct Resource
  {
    const char* path;
    const unsigned char* data;
    size_t size;
  };

  const std::vector<Resource>& All();

  // Returns false if no resource has that path.
  bool Find(const std::string& path, std::string& content);

  // Paths of all resources whose path starts with the given prefix, sorted.
  std::vector<std::string> List(const std::string& prefix);
}
