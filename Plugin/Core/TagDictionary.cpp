#include "Core/TagDictionary.h"

#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcdicent.h>
#include <dcmtk/dcmdata/dctag.h>
#include <dcmtk/dcmdata/dchashdi.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

namespace Ratatoskr::Core::TagDictionary
{
  namespace
  {
    // RAII read lock on DCMTK's global dictionary.
    class DictionaryReadLock
    {
    public:
      DictionaryReadLock() : dictionary_(dcmDataDict.rdlock()) {}
      ~DictionaryReadLock() { dcmDataDict.rdunlock(); }
      DictionaryReadLock(const DictionaryReadLock&) = delete;
      DictionaryReadLock& operator=(const DictionaryReadLock&) = delete;
      const DcmDataDictionary& Get() const { return dictionary_; }

    private:
      const DcmDataDictionary& dictionary_;
    };

    DcmTagKey ToKey(uint32_t tag)
    {
      return DcmTagKey(static_cast<Uint16>(tag >> 16), static_cast<Uint16>(tag & 0xffff));
    }
  }

  namespace
  {
    struct KeywordEntry
    {
      uint32_t tag;
      std::string vr;
    };

    // Keyword -> tag of every non-repeating public entry of DCMTK's dictionary, built once on first
    // use and never changed afterwards (DCMTK's own keyword search is a linear scan).
    const std::unordered_map<std::string, KeywordEntry>& KeywordIndex()
    {
      static const std::unordered_map<std::string, KeywordEntry> index = []() {
        std::unordered_map<std::string, KeywordEntry> built;
        DcmDataDictionary& dictionary = dcmDataDict.wrlock();
        for (DcmHashDictIterator it = dictionary.normalBegin(); it != dictionary.normalEnd(); ++it)
        {
          const DcmDictEntry* entry = *it;
          if (entry != nullptr && entry->getTagName() != nullptr && !entry->isRepeating() &&
              entry->getGroup() % 2 == 0)
          {
            built.emplace(entry->getTagName(),
                          KeywordEntry{(static_cast<uint32_t>(entry->getGroup()) << 16) | entry->getElement(),
                                       entry->getVR().getVRName()});
          }
        }
        dcmDataDict.wrunlock();
        return built;
      }();
      return index;
    }
  }

  void Preload()
  {
    KeywordIndex();
  }

  bool FindKeyword(const std::string& keyword, uint32_t& tag, std::string& vr)
  {
    const auto& index = KeywordIndex();
    const auto found = index.find(keyword);
    if (found == index.end())
    {
      return false;
    }
    tag = found->second.tag;
    vr = found->second.vr;
    return true;
  }

  std::string VrOf(uint32_t tag)
  {
    DictionaryReadLock lock;
    const DcmDictEntry* entry = lock.Get().findEntry(ToKey(tag), nullptr);
    return entry == nullptr ? std::string() : std::string(entry->getVR().getVRName());
  }

  std::string KeywordOf(uint32_t tag)
  {
    if ((tag >> 16) % 2 == 1)
    {
      return std::string();
    }
    DictionaryReadLock lock;
    const DcmDictEntry* entry = lock.Get().findEntry(ToKey(tag), nullptr);
    return (entry == nullptr || entry->getTagName() == nullptr) ? std::string() : std::string(entry->getTagName());
  }

  std::string FormatTag(uint32_t tag)
  {
    char text[16];
    std::snprintf(text, sizeof(text), "(%04X,%04X)", static_cast<unsigned int>(tag >> 16),
                  static_cast<unsigned int>(tag & 0xffff));
    return text;
  }

  bool ParseTag(const std::string& input, uint32_t& tag)
  {
    std::string text = input;
    if (text.size() == 11 && text.front() == '(' && text.back() == ')')
    {
      text = text.substr(1, 9);
    }
    if (text.size() == 9 && text[4] == ',')
    {
      text.erase(4, 1);
    }
    if (text.size() != 8)
    {
      return false;
    }
    for (char c : text)
    {
      if (!std::isxdigit(static_cast<unsigned char>(c)))
      {
        return false;
      }
    }
    tag = static_cast<uint32_t>(std::strtoul(text.c_str(), nullptr, 16));
    return true;
  }

  std::string DisplayName(uint32_t tag)
  {
    const std::string keyword = KeywordOf(tag);
    return keyword.empty() ? FormatTag(tag) : keyword;
  }
}
