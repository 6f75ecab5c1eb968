#include "Core/InstanceAnonymization.h"

#include "Core/DicomValues.h"
#include "Core/ElementKinds.h"
#include "Core/TagDictionary.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

// InstanceAnonymization, the operator's preview: what each attribute was and became.
namespace Ratatoskr::Core
{
  using namespace ElementKinds;

  std::string InstanceAnonymization::Describe(DcmElement& element)
  {
    const DcmEVR vr = element.getVR();
    if (DicomValues::IsSequenceVr(vr))
    {
      DcmSequenceOfItems* sequence = dynamic_cast<DcmSequenceOfItems*>(&element);
      return "<sequence, " + std::to_string(sequence == nullptr ? 0 : sequence->card()) + " items>";
    }
    if (DicomValues::IsBulkVr(vr))
    {
      return "<" + std::to_string(element.getLength()) + " bytes>";
    }
    return DicomValues::GetText(element);
  }

  void InstanceAnonymization::Record(DcmElement& element, const AttributeAction& action)
  {
    if (preview_ == nullptr)
    {
      return;
    }
    const uint32_t tag = TagOf(element);
    PreviewEntry entry;
    entry.path = CurrentPath(tag);
    entry.tag = TagDictionary::FormatTag(tag).substr(1, 9);
    entry.keyword = TagDictionary::KeywordOf(tag);
    entry.action = ToString(action.kind);
    entry.origin = action.origin;
    entry.before = Describe(element);
    preview_->push_back(entry);
  }

  // The output's value of every recorded path, looked up by path once everything is done: later steps
  // (dummies, the PS3.15 marks, a settled BurnedInAnnotation...) may replace elements, so no pointer
  // taken during the walk is kept.
  void InstanceAnonymization::FillPreviewAfter(DcmItem& dataset)
  {
    if (preview_ == nullptr)
    {
      return;
    }
    std::map<std::string, std::vector<PreviewEntry*>> wanted;
    for (PreviewEntry& entry : *preview_)
    {
      wanted[entry.path].push_back(&entry);
    }
    std::function<void(DcmItem&, const std::string&)> visit = [&](DcmItem& item, const std::string& prefix) {
      for (unsigned long i = 0; i < item.card(); ++i)
      {
        DcmElement* element = item.getElement(i);
        const std::string path = prefix + TagDictionary::DisplayName(TagOf(*element));
        const auto found = wanted.find(path);
        if (found != wanted.end())
        {
          const std::string after = Describe(*element);
          for (PreviewEntry* entry : found->second)
          {
            entry->present = true;
            entry->after = after;
          }
        }
        if (DcmSequenceOfItems* sequence = dynamic_cast<DcmSequenceOfItems*>(element))
        {
          for (unsigned long j = 0; j < sequence->card(); ++j)
          {
            visit(*sequence->getItem(j), path + "[" + std::to_string(j) + "].");
          }
        }
      }
    };
    visit(dataset, "");
  }
}
