#pragma once

#include <string>

namespace Ratatoskr
{
  struct RestRequest;

  struct ListArguments
  {
    unsigned int limit = 100;
    unsigned int since = 0;  // entries skipped, newest first
  };

  // ?limit= (1-1000, default 100) and ?since= of the list routes; HttpError 400 otherwise.
  ListArguments ReadListArguments(const RestRequest& request);
}
