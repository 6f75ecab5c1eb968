#include "Core/ValueTemplate.h"

#include <cctype>
#include <stdexcept>

namespace Ratatoskr::Core
{
  namespace
  {
    bool IsPlaceholderName(const std::string& name)
    {
      if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0])))
      {
        return false;
      }
      for (char c : name)
      {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
        {
          return false;
        }
      }
      return true;
    }
  }

  ValueTemplate ValueTemplate::Parse(const std::string& text)
  {
    ValueTemplate result;
    result.text_ = text;
    std::string literal;
    size_t i = 0;
    while (i < text.size())
    {
      const char c = text[i];
      if (c == '{' && i + 1 < text.size() && text[i + 1] == '{')
      {
        literal.push_back('{');
        i += 2;
      }
      else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}')
      {
        literal.push_back('}');
        i += 2;
      }
      else if (c == '{')
      {
        const size_t close = text.find('}', i);
        if (close == std::string::npos)
        {
          throw std::invalid_argument("unclosed '{' in value template");
        }
        if (!literal.empty())
        {
          result.parts_.push_back(Part{literal, {}});
          literal.clear();
        }
        Part part;
        const std::string inner = text.substr(i + 1, close - i - 1);
        size_t start = 0;
        for (;;)
        {
          const size_t bar = inner.find('|', start);
          const std::string name = inner.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
          if (!IsPlaceholderName(name))
          {
            throw std::invalid_argument("bad placeholder name '" + name +
                                        "' (letters, digits and '_', starting with a letter)");
          }
          part.alternatives.push_back(name);
          if (bar == std::string::npos)
          {
            break;
          }
          start = bar + 1;
        }
        result.parts_.push_back(part);
        i = close + 1;
      }
      else if (c == '}')
      {
        throw std::invalid_argument("unmatched '}' in value template (write '}}' for a literal brace)");
      }
      else
      {
        literal.push_back(c);
        ++i;
      }
    }
    if (!literal.empty())
    {
      result.parts_.push_back(Part{literal, {}});
    }
    return result;
  }

  std::vector<std::string> ValueTemplate::Names() const
  {
    std::vector<std::string> names;
    for (const Part& part : parts_)
    {
      names.insert(names.end(), part.alternatives.begin(), part.alternatives.end());
    }
    return names;
  }

  std::string ValueTemplate::Render(const std::function<bool(const std::string&, std::string&)>& lookup) const
  {
    std::string result;
    for (const Part& part : parts_)
    {
      if (part.alternatives.empty())
      {
        result += part.literal;
        continue;
      }
      bool found = false;
      for (const std::string& name : part.alternatives)
      {
        std::string value;
        if (lookup(name, value))
        {
          result += value;
          found = true;
          break;
        }
      }
      if (!found)
      {
        std::string names;
        for (const std::string& name : part.alternatives)
        {
          names += (names.empty() ? "" : "|") + name;
        }
        throw std::out_of_range("placeholder {" + names + "} has no value");
      }
    }
    return result;
  }
}
