#include "Store/OutboxEntry.h"

#include "Store/EnumNames.h"

namespace Ratatoskr
{
  namespace
  {
    const EnumName<OutboxState> outboxStates[] = {
      {OutboxState::Pending, "Pending"}, {OutboxState::Delivered, "Delivered"},
      {OutboxState::Failed, "Failed"},   {OutboxState::Disabled, "Disabled"},
    };
  }

  unsigned int OutboxStatistics::Count(OutboxState state) const
  {
    const auto found = count.find(state);
    return found == count.end() ? 0 : found->second;
  }

  const char* ToString(OutboxState state) { return NameOf(outboxStates, state); }
  bool Parse(const std::string& text, OutboxState& state) { return ValueOf(outboxStates, text, state); }
}
