#include "Store/StoreError.h"

namespace Ratatoskr
{
  const char* ToString(StoreError::Kind kind)
  {
    switch (kind)
    {
      case StoreError::Kind::Busy:       return "Busy";
      case StoreError::Kind::Corrupt:    return "Corrupt";
      case StoreError::Kind::Io:         return "Io";
      case StoreError::Kind::Constraint: return "Constraint";
      case StoreError::Kind::Other:      return "Other";
    }
    return "Other";
  }
}
