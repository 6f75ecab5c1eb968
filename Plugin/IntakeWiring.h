#pragma once

#include "Delivery/PollingWorker.h"
#include "Intake/InvitePolicy.h"

#include <memory>
#include <string>

namespace Ratatoskr
{
  struct Application;

  // The invite side of a running plugin (into `app`): invites, the receiver of uploaded instances and the
  // finisher of uploads. `baseUrl`: where the public page is reached ("" when the public listener is off).
  void BuildIntake(Application& app, const Intake::InvitePolicy& policy, const std::string& baseUrl);

  // The background thread that finishes uploads left idle for the policy's IdleFinishMinutes.
  std::unique_ptr<Delivery::PollingWorker> MakeIdleUploadWorker(Application& app, const Intake::InvitePolicy& policy);
}
