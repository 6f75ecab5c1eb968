#pragma once

#include "Store/Store.h"

#include <json/value.h>

namespace Ratatoskr
{
  // For "Synchronous": true: waits in the HTTP thread (never in a job worker) until the delivery is
  // Delivered, Failed or Canceled, or until its first attempt failed (then it says when the next one is due),
  // and describes it. Bounded: after `maxSeconds` it answers with the state of the moment.
  Json::Value WaitForFirstOutcome(Store& store, const std::string& deliveryId, unsigned int maxSeconds = 600);
}
