#include "Store/DeliveryRecord.h"

#include "Store/EnumNames.h"

namespace Ratatoskr
{
  namespace
  {
    const EnumName<DeliveryState> deliveryStates[] = {
      {DeliveryState::Pending, "Pending"},     {DeliveryState::Sending, "Sending"},
      {DeliveryState::Verifying, "Verifying"}, {DeliveryState::Delivered, "Delivered"},
      {DeliveryState::Failed, "Failed"},       {DeliveryState::Canceled, "Canceled"},
    };

    const EnumName<BatchState> batchStates[] = {
      {BatchState::Pending, "Pending"}, {BatchState::Sending, "Sending"}, {BatchState::Sent, "Sent"},
      {BatchState::Failed, "Failed"},   {BatchState::Unknown, "Unknown"},
    };
  }

  const char* ToString(DeliveryState state) { return NameOf(deliveryStates, state); }
  bool Parse(const std::string& text, DeliveryState& state) { return ValueOf(deliveryStates, text, state); }
  const char* ToString(BatchState state) { return NameOf(batchStates, state); }
  bool Parse(const std::string& text, BatchState& state) { return ValueOf(batchStates, text, state); }
}
