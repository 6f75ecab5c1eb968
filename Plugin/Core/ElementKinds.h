#pragma once

#include <dcmtk/dcmdata/dcelem.h>

#include <cstdint>

// What a tag is, for the engine's decisions: its number, curve and overlay groups, the Code Sequence
// Macro's attributes, pixel-like bulk data. Internal to the engine's InstanceAnonymization*.cpp files.
namespace Ratatoskr::Core::ElementKinds
{
  inline uint32_t TagOf(const DcmElement& element)
  {
    const DcmTagKey key = const_cast<DcmElement&>(element).getTag();
    return (static_cast<uint32_t>(key.getGroup()) << 16) | key.getElement();
  }

  inline bool IsCurveGroup(uint16_t group)
  {
    return (group & 0xff00) == 0x5000 && group % 2 == 0;
  }

  inline bool IsOverlayGroup(uint16_t group)
  {
    return (group & 0xff00) == 0x6000 && group % 2 == 0;
  }

  // Code Sequence Macro attributes: coded concepts, never identifying.
  inline bool IsCodeAttribute(uint32_t tag)
  {
    return (tag >> 16) == 0x0008 && (tag & 0xffff) >= 0x0100 && (tag & 0xffff) <= 0x0122;
  }

  inline bool IsPixelOrOverlayData(uint32_t tag)
  {
    const uint16_t group = static_cast<uint16_t>(tag >> 16);
    const uint16_t element = static_cast<uint16_t>(tag & 0xffff);
    return tag == 0x7fe00010 || tag == 0x7fe00008 || tag == 0x7fe00009 ||
           (IsOverlayGroup(group) && element == 0x3000) || IsCurveGroup(group);
  }
}
