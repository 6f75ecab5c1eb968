#include "Store/InviteRecord.h"

namespace Ratatoskr
{
  const char* ToString(UploadState state)
  {
    return state == UploadState::Open ? "Open" : "Finished";
  }

  bool ParseUploadState(const std::string& text, UploadState& state)
  {
    if (text == "Open")
    {
      state = UploadState::Open;
      return true;
    }
    if (text == "Finished")
    {
      state = UploadState::Finished;
      return true;
    }
    return false;
  }
}
