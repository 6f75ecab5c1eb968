#pragma once

#include <cstddef>
#include <string>

namespace Ratatoskr
{
  // The names of an enum's values as stored and shown (the REST answers use the same words).
  template <typename E>
  struct EnumName
  {
    E value;
    const char* name;
  };

  template <typename E, size_t N>
  const char* NameOf(const EnumName<E> (&names)[N], E value)
  {
    for (const EnumName<E>& n : names)
    {
      if (n.value == value)
      {
        return n.name;
      }
    }
    return "";
  }

  template <typename E, size_t N>
  bool ValueOf(const EnumName<E> (&names)[N], const std::string& text, E& value)
  {
    for (const EnumName<E>& n : names)
    {
      if (text == n.name)
      {
        value = n.value;
        return true;
      }
    }
    return false;
  }
}
