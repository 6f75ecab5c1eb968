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

  unsigned int DeliveryStatistics::Count(DeliveryState state) const
  {
    const auto found = count.find(state);
    return found == count.end() ? 0 : found->second;
  }

  unsigned int DeliveryStatistics::Unfinished() const
  {
    return Count(DeliveryState::Pending) + Count(DeliveryState::Sending) + Count(DeliveryState::Verifying);
  }

  const char* ToString(DeliveryState state) { return NameOf(deliveryStates, state); }
  bool Parse(const std::string& text, DeliveryState& state) { return ValueOf(deliveryStates, text, state); }
  const char* ToString(BatchState state) { return NameOf(batchStates, state); }
  bool Parse(const std::string& text, BatchState& state) { return ValueOf(batchStates, text, state); }
}
