#include "Core/PdfMetadataScrubber.h"

#include "Core/Errors.h"
#include "Core/PdfObjects.h"

#include <zlib.h>

#include <algorithm>
#include <map>
#include <set>

namespace Ratatoskr::Core::PdfMetadataScrubber
{
  namespace
  {
    using Pdf::Kind;
    using Pdf::Value;

    const char* const PrintAgain = "; print it to a new PDF first (printing to a PDF writes a new file without "
                                   "this), then drop the new one";
    // An object stream decoded to find which objects it holds is bounded (its header comes first, but zlib
    // gives no way to stop at /First without inflating up to it).
    const size_t MaximumObjectStream = 64 * 1024 * 1024;

    void Fill(std::string& pdf, size_t begin, size_t end, char c = ' ')
    {
      std::fill(pdf.begin() + static_cast<std::ptrdiff_t>(begin), pdf.begin() + static_cast<std::ptrdiff_t>(end), c);
    }

    // An empty value of the same kind, padded with spaces to the same length.
    void Blank(std::string& pdf, const Value& value)
    {
      const size_t length = value.end - value.begin;
      switch (value.kind)
      {
        case Kind::Dictionary:
          Fill(pdf, value.begin + 2, value.end - 2);
          break;
        case Kind::Array:
          Fill(pdf, value.begin + 1, value.end - 1);
          break;
        case Kind::String:
          Fill(pdf, value.begin + 1, value.end);
          pdf[value.begin + 1] = ')';
          break;
        case Kind::HexString:
          Fill(pdf, value.begin + 1, value.end);
          pdf[value.begin + 1] = '>';
          break;
        case Kind::Name:
          Fill(pdf, value.begin + 1, value.end);
          break;
        case Kind::Number:
          Fill(pdf, value.begin, value.end);
          pdf[value.begin] = '0';
          break;
        case Kind::Reference:
        case Kind::Keyword:
          if (length >= 4)
          {
            Fill(pdf, value.begin, value.end);
            pdf.replace(value.begin, 4, "null");
          }
          break;
        case Kind::Null:
        case Kind::Boolean:
          break;
      }
    }

    void CollectReferences(const Value& value, std::set<unsigned long long>& numbers)
    {
      if (value.kind == Kind::Reference)
      {
        numbers.insert(value.number);
      }
      for (const Value& item : value.items)
      {
        CollectReferences(item, numbers);
      }
      for (const Pdf::Entry& entry : value.entries)
      {
        CollectReferences(entry.value.front(), numbers);
      }
    }

    // References named by a /Metadata key (at any depth) go to `metadata`; attached files (an /EmbeddedFiles
    // name tree, an /EmbeddedFile stream) set `embeddedFiles`.
    void Survey(const Value& value, std::set<unsigned long long>& metadata, bool& embeddedFiles)
    {
      for (const Value& item : value.items)
      {
        Survey(item, metadata, embeddedFiles);
      }
      for (const Pdf::Entry& entry : value.entries)
      {
        const Value& inner = entry.value.front();
        if (entry.key == "Metadata" && inner.kind == Kind::Reference)
        {
          metadata.insert(inner.number);
        }
        if (entry.key == "EmbeddedFiles" || (entry.key == "Type" && inner.kind == Kind::Name &&
                                             inner.text == "EmbeddedFile"))
        {
          embeddedFiles = true;
        }
        Survey(inner, metadata, embeddedFiles);
      }
    }

    bool Inflate(const std::string& data, std::string& output)
    {
      z_stream stream{};
      if (inflateInit(&stream) != Z_OK)
      {
        return false;
      }
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      stream.avail_in = static_cast<uInt>(data.size());
      char buffer[64 * 1024];
      int status = Z_OK;
      while (status == Z_OK && output.size() < MaximumObjectStream)
      {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof(buffer);
        status = inflate(&stream, Z_NO_FLUSH);
        output.append(buffer, sizeof(buffer) - stream.avail_out);
        if (status == Z_BUF_ERROR && stream.avail_in == 0)
        {
          break;   // truncated: what was decoded is all there is
        }
      }
      inflateEnd(&stream);
      return status == Z_STREAM_END || status == Z_OK || status == Z_BUF_ERROR;
    }

    // The object numbers an object stream (/Type /ObjStm) holds: its header, N pairs "number offset".
    // False when the stream cannot be decoded here (another filter than FlateDecode).
    bool ObjectStreamNumbers(const std::string& pdf, const Pdf::Object& object, std::set<unsigned long long>& numbers)
    {
      const std::string raw = pdf.substr(object.streamBegin, object.streamEnd - object.streamBegin);
      std::string data;
      const Value* filter = object.value.Find("Filter");
      if (filter != nullptr && filter->kind == Kind::Array && filter->items.size() == 1)
      {
        filter = &filter->items.front();
      }
      if (filter == nullptr)
      {
        data = raw;
      }
      else if (filter->kind != Kind::Name || filter->text != "FlateDecode" || object.value.Find("DecodeParms") != nullptr ||
               !Inflate(raw, data))
      {
        return false;
      }
      const Value* first = object.value.Find("First");
      size_t headerEnd = data.size();
      if (first != nullptr && first->kind == Kind::Number)
      {
        headerEnd = std::min(headerEnd, static_cast<size_t>(std::strtoull(first->text.c_str(), nullptr, 10)));
      }
      // The header read as the array of an object of a tiny PDF, by the same parser.
      const Pdf::File parsed = Pdf::Parse("%PDF-\n1 0 obj\n[" + data.substr(0, headerEnd) + "]\nendobj\n");
      for (const Pdf::Object& inner : parsed.objects)
      {
        for (size_t i = 0; i + 1 < inner.value.items.size(); i += 2)
        {
          if (inner.value.items[i].kind == Kind::Number)
          {
            numbers.insert(std::strtoull(inner.value.items[i].text.c_str(), nullptr, 10));
          }
        }
      }
      return true;
    }

    std::string Count(size_t count, const char* one, const char* many)
    {
      return std::to_string(count) + " " + (count == 1 ? one : many);
    }
  }

  std::vector<std::string> Scrub(std::string& pdf)
  {
    const Pdf::File file = Pdf::Parse(pdf);

    std::vector<const Value*> trailers;
    for (const Value& trailer : file.trailers)
    {
      trailers.push_back(&trailer);
    }
    std::vector<const Pdf::Object*> objectStreams;
    std::multimap<unsigned long long, const Pdf::Object*> byNumber;
    std::set<unsigned long long> metadataNumbers;
    bool embeddedFiles = false;
    for (const Pdf::Object& object : file.objects)
    {
      byNumber.emplace(object.number, &object);
      if (object.value.HasName("Type", "XRef"))
      {
        trailers.push_back(&object.value);   // a cross-reference stream's dictionary is the trailer
      }
      if (object.value.HasName("Type", "ObjStm") && object.hasStream)
      {
        objectStreams.push_back(&object);
      }
      Survey(object.value, metadataNumbers, embeddedFiles);
    }
    for (const Value* trailer : trailers)
    {
      Survey(*trailer, metadataNumbers, embeddedFiles);
      if (trailer->Find("Encrypt") != nullptr)
      {
        throw WrapError("this PDF is encrypted (protected by a password or against copying), so its metadata cannot "
                        "be removed" + std::string(PrintAgain));
      }
    }
    if (embeddedFiles)
    {
      throw WrapError("this PDF has attached files, which could hold anything" + std::string(PrintAgain));
    }

    // Which objects object streams hold, decoded only when there is an information dictionary to look for.
    std::set<unsigned long long> compressed;
    bool undecodable = false;
    const auto isCompressed = [&](unsigned long long number) {
      return undecodable || compressed.count(number) != 0;
    };

    size_t informationCount = 0;
    size_t identifierCount = 0;
    std::set<unsigned long long> informationNumbers;
    for (const Value* trailer : trailers)
    {
      const Value* information = trailer->Find("Info");
      if (information != nullptr && information->kind == Kind::Reference)
      {
        informationNumbers.insert(information->number);
      }
      else if (information != nullptr && information->kind == Kind::Dictionary)
      {
        Blank(pdf, *information);
        informationCount++;
      }
      const Value* identifiers = trailer->Find("ID");
      if (identifiers != nullptr && identifiers->kind == Kind::Array)
      {
        for (const Value& identifier : identifiers->items)
        {
          if ((identifier.kind == Kind::String || identifier.kind == Kind::HexString) && identifier.end - identifier.begin > 2)
          {
            Fill(pdf, identifier.begin + 1, identifier.end - 1, '0');
            identifierCount++;
          }
        }
      }
    }
    if (!informationNumbers.empty())
    {
      for (const Pdf::Object* stream : objectStreams)
      {
        undecodable = undecodable || !ObjectStreamNumbers(pdf, *stream, compressed);
      }
    }

    const char* const Compressed = "this PDF keeps its document information (author, title...) in a compressed "
                                   "object stream, which cannot be cleaned in place";
    for (const unsigned long long number : informationNumbers)
    {
      if (isCompressed(number))
      {
        throw WrapError(std::string(Compressed) + PrintAgain);
      }
      const auto [begin, end] = byNumber.equal_range(number);
      for (auto it = begin; it != end; ++it)
      {
        const Value& information = it->second->value;
        std::set<unsigned long long> referenced;   // values kept in objects of their own
        CollectReferences(information, referenced);
        Blank(pdf, information);
        if (it->second->hasStream)
        {
          Fill(pdf, it->second->streamBegin, it->second->streamEnd);   // not a dictionary as it should be
        }
        informationCount++;
        for (const unsigned long long inner : referenced)
        {
          if (isCompressed(inner))
          {
            throw WrapError(std::string(Compressed) + PrintAgain);
          }
          const auto [innerBegin, innerEnd] = byNumber.equal_range(inner);
          for (auto value = innerBegin; value != innerEnd; ++value)
          {
            if (value->second->hasStream)
            {
              Fill(pdf, value->second->streamBegin, value->second->streamEnd);
            }
            Blank(pdf, value->second->value);
          }
        }
      }
    }

    size_t metadataCount = 0;
    for (const Pdf::Object& object : file.objects)
    {
      if (object.hasStream && (object.value.HasName("Type", "Metadata") || metadataNumbers.count(object.number) != 0))
      {
        // The data becomes spaces, read as they are: the filter goes too (a blank is no valid Flate data).
        Fill(pdf, object.streamBegin, object.streamEnd);
        for (const Pdf::Entry& entry : object.value.entries)
        {
          if (entry.key == "Filter" || entry.key == "DecodeParms")
          {
            Fill(pdf, entry.keyBegin, entry.value.front().end);
          }
        }
        metadataCount++;
      }
    }

    std::vector<std::string> removed;
    if (informationCount > 0)
    {
      removed.push_back("the document information (author, title, dates, producer...): " +
                        Count(informationCount, "dictionary", "dictionaries"));
    }
    if (metadataCount > 0)
    {
      removed.push_back("the XMP metadata: " + Count(metadataCount, "stream", "streams"));
    }
    if (identifierCount > 0)
    {
      removed.push_back("the file identifiers: " + Count(identifierCount, "identifier", "identifiers"));
    }
    return removed;
  }
}
