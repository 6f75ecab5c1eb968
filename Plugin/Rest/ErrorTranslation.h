#pragma once

namespace Ratatoskr
{
  class HttpError;

  // The REST boundary of the layers below: turns the exception being handled (call it inside a catch
  // block) into the HTTP error it means, when it is one of theirs: StoreError (a locked database is 503,
  // to be retried), GatewayError (Orthanc refused: 502), DeliveryError (404, 400 or 409). Returns false
  // for anything else (an internal error, 500).
  bool TranslateLayerError(HttpError& error);
}
