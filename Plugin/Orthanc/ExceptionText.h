#pragma once

#include <string>

namespace Ratatoskr
{
  // What the exception being handled says, whatever its type: std::exception, the Orthanc Framework's
  // OrthancException (which is not a std::exception) or anything else. Call it only inside a catch
  // block; every callback from Orthanc into the plugin ends with `catch (...)` and this, so that no
  // exception ever reaches Orthanc's C code (std::terminate would take Orthanc down).
  std::string DescribeCurrentException();
}
