#include "Core/PdfObjects.h"

#include "Core/Errors.h"

#include <cstring>

namespace Ratatoskr::Core::Pdf
{
  namespace
  {
    const char* const Unreadable = "this PDF cannot be read: ";
    const char* const PrintAgain = "; print it to a new PDF first";

    bool IsWhite(char c)
    {
      return c == '\0' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
    }

    bool IsDelimiter(char c)
    {
      return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
             c == '/' || c == '%';
    }

    bool IsRegular(char c)
    {
      return !IsWhite(c) && !IsDelimiter(c);
    }

    bool IsInteger(const std::string& text)
    {
      if (text.empty() || text.size() > 18)
      {
        return false;
      }
      for (const char c : text)
      {
        if (c < '0' || c > '9')
        {
          return false;
        }
      }
      return true;
    }

    // An IsInteger() text's value (at most 18 digits: no overflow).
    unsigned long long ToNumber(const std::string& text)
    {
      unsigned long long value = 0;
      for (const char c : text)
      {
        value = value * 10 + static_cast<unsigned long long>(c - '0');
      }
      return value;
    }

    bool IsNumber(const std::string& text)
    {
      size_t i = (!text.empty() && (text[0] == '+' || text[0] == '-')) ? 1 : 0;
      bool digit = false;
      bool dot = false;
      for (; i < text.size(); i++)
      {
        if (text[i] >= '0' && text[i] <= '9')
        {
          digit = true;
        }
        else if (text[i] == '.' && !dot)
        {
          dot = true;
        }
        else
        {
          return false;
        }
      }
      return digit;
    }

    class Parser
    {
    public:
      explicit Parser(const std::string& pdf) : pdf_(pdf), size_(pdf.size()) {}

      File Run()
      {
        const size_t header = pdf_.substr(0, 1024).find("%PDF-");
        if (header == std::string::npos)
        {
          throw WrapError("this is not a PDF file (no \"%PDF-\" header at its start)");
        }
        File file;
        position_ = header;
        while (SkipWhite())
        {
          const size_t start = position_;
          if (TryObject(file))
          {
            continue;
          }
          position_ = start;
          const Value token = Scalar();
          if (token.kind == Kind::Keyword && token.text == "trailer")
          {
            SkipWhite();
            if (position_ < size_ && Peek("<<"))
            {
              file.trailers.push_back(Parse(0));
            }
          }
          if (position_ == start)
          {
            position_++;   // a stray delimiter (')', '>', '}'...) between objects
          }
        }
        return file;
      }

    private:
      bool Peek(const char* text) const
      {
        const size_t length = std::strlen(text);
        return position_ + length <= size_ && pdf_.compare(position_, length, text) == 0;
      }

      // Skips white space and comments; false at the end of the file.
      bool SkipWhite()
      {
        while (position_ < size_)
        {
          const char c = pdf_[position_];
          if (IsWhite(c))
          {
            position_++;
          }
          else if (c == '%')
          {
            while (position_ < size_ && pdf_[position_] != '\n' && pdf_[position_] != '\r')
            {
              position_++;
            }
          }
          else
          {
            return true;
          }
        }
        return false;
      }

      // "N G obj" value ["stream" data "endstream"] ["endobj"], at the position; false (position anywhere)
      // when the position does not start such an object.
      bool TryObject(File& file)
      {
        Object object;
        object.begin = position_;
        const Value number = Scalar();
        if (number.kind != Kind::Number || !IsInteger(number.text) || !SkipWhite())
        {
          return false;
        }
        const Value generation = Scalar();
        if (generation.kind != Kind::Number || !IsInteger(generation.text) || !SkipWhite())
        {
          return false;
        }
        const Value keyword = Scalar();
        if (keyword.kind != Kind::Keyword || keyword.text != "obj")
        {
          return false;
        }
        object.number = ToNumber(number.text);
        object.generation = ToNumber(generation.text);
        if (!SkipWhite())
        {
          throw WrapError(std::string(Unreadable) + "it ends inside an object" + PrintAgain);
        }
        if (Peek("endobj"))
        {
          object.value.begin = object.value.end = position_;   // an empty object: null
        }
        else
        {
          object.value = Parse(0);
        }
        const size_t afterValue = position_;
        if (SkipWhite() && Peek("stream") && object.value.kind == Kind::Dictionary)
        {
          position_ += 6;
          ReadStream(object);
        }
        else
        {
          position_ = afterValue;
        }
        if (SkipWhite() && Peek("endobj"))
        {
          position_ += 6;
        }
        file.objects.push_back(std::move(object));
        return true;
      }

      void ReadStream(Object& object)
      {
        if (Peek("\r\n"))
        {
          position_ += 2;
        }
        else if (Peek("\n") || Peek("\r"))
        {
          position_ += 1;
        }
        object.hasStream = true;
        object.streamBegin = position_;
        const Value* length = object.value.Find("Length");
        if (length != nullptr && length->kind == Kind::Number && IsInteger(length->text))
        {
          const unsigned long long declared = ToNumber(length->text);
          if (declared <= size_ - position_)
          {
            size_t end = position_ + static_cast<size_t>(declared);
            size_t after = end;
            while (after < size_ && IsWhite(pdf_[after]) && after - end < 4)
            {
              after++;
            }
            if (pdf_.compare(after, 9, "endstream") == 0)
            {
              object.streamEnd = end;
              position_ = after + 9;
              return;
            }
          }
        }
        // No usable /Length (indirect, or wrong): the data runs to the next "endstream".
        const size_t end = pdf_.find("endstream", position_);
        if (end == std::string::npos)
        {
          throw WrapError(std::string(Unreadable) + "a stream has no end (damaged or cut short)" + PrintAgain);
        }
        size_t dataEnd = end;
        if (dataEnd > position_ && pdf_[dataEnd - 1] == '\n')
        {
          dataEnd--;
        }
        if (dataEnd > position_ && pdf_[dataEnd - 1] == '\r')
        {
          dataEnd--;
        }
        object.streamEnd = dataEnd;
        position_ = end + 9;
      }

      // One value at the position (after white space), possibly a reference "N G R", array or dictionary.
      Value Parse(unsigned int depth)
      {
        if (depth > MaximumDepth)
        {
          throw WrapError(std::string(Unreadable) + "its objects nest deeper than " + std::to_string(MaximumDepth) +
                          " levels" + PrintAgain);
        }
        if (!SkipWhite())
        {
          throw WrapError(std::string(Unreadable) + "it ends inside an object" + PrintAgain);
        }
        Value value;
        value.begin = position_;
        if (Peek("<<"))
        {
          value.kind = Kind::Dictionary;
          position_ += 2;
          while (true)
          {
            if (!SkipWhite())
            {
              throw WrapError(std::string(Unreadable) + "a dictionary has no end" + PrintAgain);
            }
            if (Peek(">>"))
            {
              position_ += 2;
              break;
            }
            const size_t keyBegin = position_;
            const Value key = Scalar();
            if (key.kind != Kind::Name)
            {
              if (position_ == keyBegin)
              {
                position_++;   // a stray delimiter inside the dictionary: skipped
              }
              continue;
            }
            Entry entry;
            entry.key = key.text;
            entry.keyBegin = keyBegin;
            if (!SkipWhite())
            {
              throw WrapError(std::string(Unreadable) + "a dictionary has no end" + PrintAgain);
            }
            if (Peek(">>"))
            {
              Value null;
              null.begin = null.end = position_;
              entry.value.push_back(null);
            }
            else
            {
              entry.value.push_back(Parse(depth + 1));
            }
            value.entries.push_back(std::move(entry));
          }
        }
        else if (pdf_[position_] == '[')
        {
          value.kind = Kind::Array;
          position_++;
          while (true)
          {
            if (!SkipWhite())
            {
              throw WrapError(std::string(Unreadable) + "an array has no end" + PrintAgain);
            }
            if (pdf_[position_] == ']')
            {
              position_++;
              break;
            }
            const size_t before = position_;
            value.items.push_back(Parse(depth + 1));
            if (position_ == before)
            {
              position_++;   // a stray delimiter
            }
          }
        }
        else
        {
          value = Scalar();
          if (value.kind == Kind::Number && IsInteger(value.text))
          {
            // "N G R"?
            const size_t after = position_;
            if (SkipWhite())
            {
              const Value generation = Scalar();
              if (generation.kind == Kind::Number && IsInteger(generation.text) && SkipWhite())
              {
                const Value r = Scalar();
                if (r.kind == Kind::Keyword && r.text == "R")
                {
                  value.kind = Kind::Reference;
                  value.number = ToNumber(value.text);
                  value.generation = ToNumber(generation.text);
                  value.end = position_;
                  return value;
                }
              }
            }
            position_ = after;
          }
          return value;
        }
        value.end = position_;
        return value;
      }

      // One token that is not an array or dictionary: string, hex string, name, number or keyword. A
      // delimiter that starts none of these is not consumed (the position stays).
      Value Scalar()
      {
        Value value;
        value.begin = position_;
        const char c = pdf_[position_];
        if (c == '(')
        {
          value.kind = Kind::String;
          size_t depth = 0;
          while (position_ < size_)
          {
            const char d = pdf_[position_++];
            if (d == '\\')
            {
              position_++;
            }
            else if (d == '(')
            {
              depth++;
            }
            else if (d == ')' && --depth == 0)
            {
              break;
            }
          }
          if (depth != 0 || position_ > size_)
          {
            throw WrapError(std::string(Unreadable) + "a text string has no end" + PrintAgain);
          }
        }
        else if (c == '<' && !Peek("<<"))
        {
          value.kind = Kind::HexString;
          const size_t end = pdf_.find('>', position_);
          if (end == std::string::npos)
          {
            throw WrapError(std::string(Unreadable) + "a hexadecimal string has no end" + PrintAgain);
          }
          position_ = end + 1;
        }
        else if (c == '/')
        {
          value.kind = Kind::Name;
          position_++;
          while (position_ < size_ && IsRegular(pdf_[position_]))
          {
            position_++;
          }
          value.text = pdf_.substr(value.begin + 1, position_ - value.begin - 1);
        }
        else if (IsRegular(c))
        {
          while (position_ < size_ && IsRegular(pdf_[position_]))
          {
            position_++;
          }
          value.text = pdf_.substr(value.begin, position_ - value.begin);
          if (IsNumber(value.text))
          {
            value.kind = Kind::Number;
          }
          else if (value.text == "true" || value.text == "false")
          {
            value.kind = Kind::Boolean;
          }
          else if (value.text == "null")
          {
            value.kind = Kind::Null;
          }
          else
          {
            value.kind = Kind::Keyword;
          }
        }
        else
        {
          value.kind = Kind::Keyword;   // a delimiter out of place: an empty keyword, nothing consumed
        }
        value.end = position_;
        return value;
      }

      const std::string& pdf_;
      const size_t size_;
      size_t position_ = 0;
    };
  }

  const Value* Value::Find(const std::string& key) const
  {
    for (const Entry& entry : entries)
    {
      if (entry.key == key)
      {
        return &entry.value.front();
      }
    }
    return nullptr;
  }

  bool Value::HasName(const std::string& key, const std::string& name) const
  {
    const Value* value = Find(key);
    return value != nullptr && value->kind == Kind::Name && value->text == name;
  }

  File Parse(const std::string& pdf)
  {
    return Parser(pdf).Run();
  }
}
