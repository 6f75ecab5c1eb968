#include "Core/SecretText.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace Ratatoskr::Core
{
  namespace
  {
    const std::string ByteOrderMark = "\xEF\xBB\xBF";

    bool IsBlank(char c)
    {
      return c == ' ' || c == '\t';
    }

    bool IsLineEnd(char c)
    {
      return c == '\n' || c == '\r';
    }

    bool IsForbiddenControl(char c)
    {
      const unsigned char u = static_cast<unsigned char>(c);
      return (u < 0x20 && !IsBlank(c) && !IsLineEnd(c)) || u == 0x7f;
    }

    SecretError CannotRead(int error)   // errno of the failed call, or 0
    {
      return SecretError(error != 0 ? "cannot be read (" + std::string(std::strerror(error)) + ")" : "cannot be read");
    }

    bool IsAllWhitespace(const std::string& text, size_t from)
    {
      for (size_t i = from; i < text.size(); i++)
      {
        if (!IsBlank(text[i]) && !IsLineEnd(text[i]))
        {
          return false;
        }
      }
      return true;
    }
  }

  void CheckSecretLength(const std::string& secret)
  {
    if (secret.size() < MinimumSecretLength)
    {
      throw SecretError("the key must have at least " + std::to_string(MinimumSecretLength) + " characters");
    }
  }

  std::string SecretFromKeyFileText(const std::string& text)
  {
    if (text.size() > MaximumKeyFileSize)
    {
      throw SecretError("the file is larger than " + std::to_string(MaximumKeyFileSize / 1024) +
                        " KiB: it is not a key file");
    }
    const size_t start = text.compare(0, ByteOrderMark.size(), ByteOrderMark) == 0 ? ByteOrderMark.size() : 0;
    for (size_t i = start; i < text.size(); i++)
    {
      if (IsForbiddenControl(text[i]))
      {
        throw SecretError("the file holds control characters: a key file is a line of text "
                          "(for instance the output of \"openssl rand -hex 32\")");
      }
    }
    if (IsAllWhitespace(text, start))
    {
      throw SecretError("the file is empty");
    }

    size_t end = start;
    while (end < text.size() && !IsLineEnd(text[end]))
    {
      end++;
    }
    size_t first = start;
    while (first < end && IsBlank(text[first]))
    {
      first++;
    }
    while (end > first && IsBlank(text[end - 1]))
    {
      end--;
    }
    if (first == end)
    {
      throw SecretError("the first line is empty: the key must be on the first line");
    }
    std::string secret = text.substr(first, end - first);
    CheckSecretLength(secret);
    return secret;
  }

  std::string ReadKeyFile(const std::string& path)
  {
    errno = 0;
    std::ifstream stream(path, std::ios::binary);
    if (!stream)
    {
      throw CannotRead(errno);
    }
    std::string text(MaximumKeyFileSize + 1, '\0');
    stream.read(&text[0], static_cast<std::streamsize>(text.size()));
    if (stream.bad())
    {
      throw CannotRead(errno);   // e.g. a folder: opening works, reading does not
    }
    text.resize(static_cast<size_t>(stream.gcount()));
    return SecretFromKeyFileText(text);
  }
}
