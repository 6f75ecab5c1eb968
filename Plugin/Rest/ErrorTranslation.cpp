#include "Rest/ErrorTranslation.h"

#include "Delivery/DeliveryError.h"
#include "Intake/IntakeError.h"
#include "Orthanc/HttpError.h"
#include "Orthanc/OrthancGateway.h"
#include "Store/StoreError.h"

namespace Ratatoskr
{
  bool TranslateLayerError(HttpError& error)
  {
    try
    {
      throw;
    }
    catch (const StoreError& e)
    {
      if (e.GetKind() == StoreError::Kind::Busy)
      {
        error = HttpError(503, std::string("The plugin's database is busy: ") + e.what());
      }
      else
      {
        error = HttpError(500, std::string("The plugin's database failed: ") + e.what());
      }
      return true;
    }
    catch (const Delivery::DeliveryError& e)
    {
      int status = 400;
      switch (e.GetKind())
      {
        case Delivery::DeliveryError::Kind::UnknownStudy:
        case Delivery::DeliveryError::Kind::UnknownDelivery:
          status = 404;
          break;
        case Delivery::DeliveryError::Kind::WrongState:
          status = 409;
          break;
        case Delivery::DeliveryError::Kind::UnknownDestination:
        case Delivery::DeliveryError::Kind::NotDeidentified:
          status = 400;
          break;
      }
      error = HttpError(status, e.what());
      return true;
    }
    catch (const Intake::IntakeError& e)
    {
      Json::Value details;
      details["Reason"] = Intake::IntakeError::Code(e.GetReason());
      error = HttpError(Intake::IntakeError::Status(e.GetReason()), e.what(), details);
      return true;
    }
    catch (const GatewayError& e)
    {
      error = HttpError(502, std::string("Orthanc refused: ") + e.what());
      return true;
    }
    catch (...)
    {
      return false;
    }
  }
}
