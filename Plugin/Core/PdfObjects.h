#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

// The syntax of a PDF file as far as the metadata scrubber needs it (ISO 32000-1, 7.2-7.5): its top-level
// indirect objects ("N G obj ... endobj", with where a stream's data lies) and its trailer dictionaries, each
// value with the byte range it occupies, read in one pass without decoding anything. Bounded: nesting depth,
// and each byte is read a bounded number of times.
namespace Ratatoskr::Core::Pdf
{
  enum class Kind { Null, Boolean, Number, String, HexString, Name, Array, Dictionary, Reference, Keyword };

  struct Value;

  struct Entry
  {
    std::string key;       // the name without '/' (as written: #xx escapes not decoded)
    size_t keyBegin = 0;   // where the key's '/' is
    std::vector<Value> value;   // exactly one (a vector: Value is incomplete here)
  };

  struct Value
  {
    Kind kind = Kind::Null;
    size_t begin = 0;      // [begin, end) in the file
    size_t end = 0;
    std::string text;      // Name (without '/'), Number, Keyword, Boolean: as written
    std::vector<Value> items;        // Array
    std::vector<Entry> entries;      // Dictionary
    unsigned long long number = 0;        // Reference
    unsigned long long generation = 0;

    // The value of `key` in a dictionary, or nullptr.
    const Value* Find(const std::string& key) const;
    // Whether this is a dictionary whose `key` is the name `name` (e.g. /Type /Metadata).
    bool HasName(const std::string& key, const std::string& name) const;
  };

  struct Object
  {
    unsigned long long number = 0;
    unsigned long long generation = 0;
    size_t begin = 0;            // the offset of "N G obj" (what a cross-reference entry points to)
    Value value;
    bool hasStream = false;
    size_t streamBegin = 0;      // the stream's data: [streamBegin, streamEnd)
    size_t streamEnd = 0;
  };

  struct File
  {
    std::vector<Object> objects;      // in file order (an incremental update can define a number again)
    std::vector<Value> trailers;      // the dictionaries after "trailer" keywords
  };

  constexpr unsigned int MaximumDepth = 64;

  // Throws WrapError when `pdf` is not a PDF file (no "%PDF-" header in its first 1024 bytes), nests deeper
  // than MaximumDepth, or has a stream without its end.
  File Parse(const std::string& pdf);
}
