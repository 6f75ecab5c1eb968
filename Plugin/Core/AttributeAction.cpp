#include "Core/AttributeAction.h"

namespace Ratatoskr::Core
{
  const char* ToString(ActionKind kind)
  {
    switch (kind)
    {
      case ActionKind::Keep: return "Keep";
      case ActionKind::Remove: return "Remove";
      case ActionKind::Empty: return "Empty";
      case ActionKind::Dummy: return "Dummy";
      case ActionKind::Clean: return "Clean";
      case ActionKind::RemapUid: return "RemapUid";
      case ActionKind::Replace: return "Replace";
      case ActionKind::Pseudonymize: return "Pseudonymize";
      case ActionKind::ShiftDate: return "ShiftDate";
      case ActionKind::RegexReplace: return "RegexReplace";
      case ActionKind::TruncateDate: return "TruncateDate";
    }
    return "Keep";
  }

  bool ParseActionKind(const std::string& name, ActionKind& kind)
  {
    for (ActionKind candidate : {ActionKind::Keep, ActionKind::Remove, ActionKind::Empty, ActionKind::Dummy,
                                 ActionKind::Clean, ActionKind::RemapUid, ActionKind::Replace,
                                 ActionKind::Pseudonymize, ActionKind::ShiftDate, ActionKind::RegexReplace,
                                 ActionKind::TruncateDate})
    {
      if (name == ToString(candidate))
      {
        kind = candidate;
        return true;
      }
    }
    return false;
  }
}
