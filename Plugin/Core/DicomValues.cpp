#include "Core/DicomValues.h"

#include <dcmtk/dcmdata/dcelem.h>

namespace Ratatoskr::Core::DicomValues
{
  bool IsStringVr(DcmEVR vr)
  {
    switch (vr)
    {
      case EVR_AE: case EVR_AS: case EVR_CS: case EVR_DA: case EVR_DS: case EVR_DT: case EVR_IS:
      case EVR_LO: case EVR_LT: case EVR_PN: case EVR_SH: case EVR_ST: case EVR_TM: case EVR_UC:
      case EVR_UI: case EVR_UR: case EVR_UT:
        return true;
      default:
        return false;
    }
  }

  bool IsFreeTextVr(DcmEVR vr)
  {
    switch (vr)
    {
      case EVR_AE: case EVR_LO: case EVR_LT: case EVR_PN: case EVR_SH: case EVR_ST: case EVR_UC:
      case EVR_UR: case EVR_UT:
        return true;
      default:
        return false;
    }
  }

  bool IsSequenceVr(DcmEVR vr)
  {
    return vr == EVR_SQ || vr == EVR_pixelSQ;
  }

  bool IsNumericBinaryVr(DcmEVR vr)
  {
    switch (vr)
    {
      case EVR_US: case EVR_SS: case EVR_UL: case EVR_SL: case EVR_FL: case EVR_FD: case EVR_AT:
      case EVR_UV: case EVR_SV: case EVR_xs: case EVR_lt:
        return true;
      default:
        return false;
    }
  }

  bool IsBulkVr(DcmEVR vr)
  {
    return !IsStringVr(vr) && !IsNumericBinaryVr(vr) && !IsSequenceVr(vr);
  }

  std::string GetText(DcmElement& element)
  {
    const DcmEVR vr = element.getVR();
    if (IsStringVr(vr))
    {
      // Direct access to the stored characters: no normalized copy through OFString.
      char* text = nullptr;
      Uint32 length = 0;
      if (element.getString(text, length).bad() || text == nullptr)
      {
        return std::string();
      }
      while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\0'))
      {
        --length;
      }
      return std::string(text, length);
    }
    if (!IsNumericBinaryVr(vr))
    {
      return std::string();
    }
    OFString value;
    if (element.getOFStringArray(value, OFTrue).bad())
    {
      return std::string();
    }
    return std::string(value.c_str(), value.length());
  }

  std::string GetBytes(DcmElement& element, size_t limit)
  {
    const Uint32 length = element.getLength();
    if (length == 0 || length > limit)
    {
      return std::string();
    }
    Uint8* bytes = nullptr;
    if (element.getUint8Array(bytes).bad() || bytes == nullptr)
    {
      return std::string();
    }
    return std::string(reinterpret_cast<const char*>(bytes), length);
  }

  size_t MaxLength(DcmEVR vr)
  {
    switch (vr)
    {
      case EVR_AE: case EVR_CS: case EVR_SH: case EVR_DS: return 16;
      case EVR_AS: return 4;
      case EVR_DA: return 8;
      case EVR_DT: return 26;
      case EVR_IS: return 12;
      case EVR_LO: case EVR_UI: return 64;
      case EVR_PN: return 64 * 3 + 2;
      case EVR_TM: return 14;
      case EVR_ST: return 1024;
      case EVR_LT: return 10240;
      default: return 0;
    }
  }

  std::vector<std::string> SplitValues(const std::string& value)
  {
    std::vector<std::string> values;
    size_t start = 0;
    for (;;)
    {
      const size_t next = value.find('\\', start);
      values.push_back(value.substr(start, next == std::string::npos ? std::string::npos : next - start));
      if (next == std::string::npos)
      {
        return values;
      }
      start = next + 1;
    }
  }

  std::string JoinValues(const std::vector<std::string>& values)
  {
    std::string joined;
    for (size_t i = 0; i < values.size(); ++i)
    {
      if (i > 0)
      {
        joined.push_back('\\');
      }
      joined += values[i];
    }
    return joined;
  }

  std::string Trim(const std::string& value)
  {
    return std::string(TrimView(value));
  }

  std::string_view TrimView(std::string_view value)
  {
    size_t begin = 0;
    size_t end = value.size();
    while (begin < end && (value[begin] == ' ' || value[begin] == '\0'))
    {
      ++begin;
    }
    while (end > begin && (value[end - 1] == ' ' || value[end - 1] == '\0'))
    {
      --end;
    }
    return value.substr(begin, end - begin);
  }

  bool SetText(DcmElement& element, const std::string& value)
  {
    const DcmEVR vr = element.getVR();
    const size_t max = MaxLength(vr);
    std::string bounded = value;
    if (max != 0)
    {
      std::vector<std::string> values = SplitValues(value);
      for (std::string& one : values)
      {
        if (one.size() > max)
        {
          one.resize(max);
        }
      }
      bounded = JoinValues(values);
    }
    return element.putOFStringArray(OFString(bounded.c_str(), bounded.size())).good();
  }
}
