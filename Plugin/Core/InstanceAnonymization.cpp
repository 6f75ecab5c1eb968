#include "Core/InstanceAnonymization.h"

#include "Core/DateShift.h"
#include "Core/DeidentificationMarker.h"
#include "Core/DicomValues.h"
#include "Core/ElementKinds.h"
#include "Core/TagDictionary.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <algorithm>
#include <map>
#include <memory>
#include <regex>
#include <stdexcept>

namespace Ratatoskr::Core
{
  using namespace ElementKinds;

  namespace
  {
    const uint32_t TimezoneOffsetFromUtc = 0x00080201;

    std::string DummyValue(DcmEVR vr)
    {
      switch (vr)
      {
        case EVR_DA: return "19000101";
        case EVR_TM: return "000000";
        case EVR_DT: return "19000101000000";
        case EVR_AS: return "000Y";
        case EVR_DS: case EVR_IS: return "0";
        case EVR_UR: return "urn:anonymized";
        case EVR_PN: return "ANONYMIZED";
        default: return DicomValues::IsNumericBinaryVr(vr) ? "0" : "ANONYMIZED";
      }
    }

    // The actions of the IOD layer: built once, shared by every instance (immutable).
    struct IodLayerActions
    {
      AttributeAction empty;           // a required Type 2 attribute the table removes
      AttributeAction dummy;           // a required Type 1 attribute the table removes or empties
      AttributeAction contentKeep;     // dummy content, by Profiles/iod-requirements.json
      AttributeAction contentRemap;
      AttributeAction contentDummy;
      AttributeAction contentRemove;

      IodLayerActions()
      {
        const std::pair<AttributeAction*, ActionKind> kinds[] = {
          {&empty, ActionKind::Empty}, {&dummy, ActionKind::Dummy}, {&contentKeep, ActionKind::Keep},
          {&contentRemap, ActionKind::RemapUid}, {&contentDummy, ActionKind::Dummy},
          {&contentRemove, ActionKind::Remove}};
        for (const auto& [action, kind] : kinds)
        {
          action->kind = kind;
          action->origin = "dummy content";
        }
        empty.origin = "IOD Type 2";
        dummy.origin = "IOD Type 1";
      }
    };

    const IodLayerActions& IodActions()
    {
      static const IodLayerActions actions;
      return actions;
    }

    std::map<uint32_t, std::string> PrivateCreators(const std::vector<DcmElement*>& elements)
    {
      std::map<uint32_t, std::string> creators;
      for (DcmElement* element : elements)
      {
        const uint32_t tag = TagOf(*element);
        const uint16_t group = static_cast<uint16_t>(tag >> 16);
        const uint16_t number = static_cast<uint16_t>(tag & 0xffff);
        if (group % 2 == 1 && number >= 0x0010 && number <= 0x00ff)
        {
          std::string creator = DicomValues::GetText(*element);
          if (creator.empty())
          {
            creator = DicomValues::Trim(DicomValues::GetBytes(*element, 64));
          }
          creators[(static_cast<uint32_t>(group) << 8) | number] = DicomValues::Trim(creator);
        }
      }
      return creators;
    }
  }

  InstanceAnonymization::InstanceAnonymization(const ResolvedProfile& profile, const Pseudonymizer& pseudonymizer,
                                               const AnonymizationContext& context, AnonymizationReport& report,
                                               std::vector<PreviewEntry>* preview) :
    profile_(profile),
    pseudonymizer_(pseudonymizer),
    session_(pseudonymizer),
    context_(context),
    report_(report),
    preview_(preview)
  {
    removeAction_.kind = ActionKind::Remove;
    removeAction_.origin = "overlay removed";
  }

  void InstanceAnonymization::Warn(const std::string& warning)
  {
    if (warnings_.insert(warning).second)
    {
      report_.warnings.push_back(warning);
    }
  }

  std::string InstanceAnonymization::CurrentPath(uint32_t tag) const
  {
    std::string path;
    for (size_t i = 0; i < path_.size(); ++i)
    {
      path += TagDictionary::DisplayName(path_[i]) + "[" + std::to_string(itemIndex_[i]) + "].";
    }
    return path + TagDictionary::DisplayName(tag);
  }

  // --- The walk (before it: InstanceAnonymizationPreparation.cpp; after it: InstanceAnonymizationCompletion.cpp) -----------------------------------------------------------------------------------

  void InstanceAnonymization::Walk(DcmItem& item, bool clean)
  {
    std::vector<DcmElement*> elements;
    elements.reserve(item.card());
    for (DcmObject* object = item.nextInContainer(nullptr); object != nullptr; object = item.nextInContainer(object))
    {
      elements.push_back(static_cast<DcmElement*>(object));
    }
    bool hasPrivate = false;
    for (DcmElement* element : elements)
    {
      hasPrivate = hasPrivate || (TagOf(*element) >> 16) % 2 == 1;
    }
    const std::map<uint32_t, std::string> creators =
      hasPrivate ? PrivateCreators(elements) : std::map<uint32_t, std::string>();
    for (DcmElement* element : elements)
    {
      const uint32_t tag = TagOf(*element);
      if ((tag >> 16) % 2 == 1)
      {
        // Private: (gggg,00xx) creators, (gggg,xxyy) data of block xx.
        const uint16_t group = static_cast<uint16_t>(tag >> 16);
        const uint16_t number = static_cast<uint16_t>(tag & 0xffff);
        const AttributeAction* rule = profile_.Rules().HasExplicitRule(tag) ? profile_.Rules().Find(tag, path_) : nullptr;
        if (rule != nullptr)
        {
          Apply(item, *element, *rule, clean, false);
          continue;
        }
        bool keep = false;
        std::string origin;
        if (number >= 0x0010 && number <= 0x00ff)
        {
          const auto found = creators.find((static_cast<uint32_t>(group) << 8) | number);
          const std::string creator = found == creators.end() ? std::string() : found->second;
          keep = (profile_.PrivateTags() == PrivateTagPolicy::RetainSafe && profile_.SafePrivate().HasCreator(group, creator)) ||
                 (profile_.PrivateTags() == PrivateTagPolicy::KeepCreators && profile_.PrivateCreators().count(creator) != 0);
          origin = "private creator";
        }
        else if (number >= 0x1000)
        {
          const auto found = creators.find((static_cast<uint32_t>(group) << 8) | (number >> 8));
          if (found != creators.end())
          {
            keep = (profile_.PrivateTags() == PrivateTagPolicy::RetainSafe &&
                    profile_.SafePrivate().Contains(group, found->second, static_cast<uint8_t>(number & 0xff))) ||
                   (profile_.PrivateTags() == PrivateTagPolicy::KeepCreators &&
                    profile_.PrivateCreators().count(found->second) != 0);
          }
          origin = std::string("private ") + ToString(profile_.PrivateTags());
        }
        AttributeAction action;
        action.kind = keep ? ActionKind::Keep : ActionKind::Remove;
        action.origin = origin.empty() ? "private" : origin;
        if (keep && element->getVR() == EVR_UI && !profile_.HasOption(DeidentificationOption::RetainUIDs))
        {
          action.kind = ActionKind::RemapUid;   // kept private UIDs follow the remapping of the references
        }
        Apply(item, *element, action, clean, false);
        continue;
      }
      HandleElement(item, *WithDictionaryVr(item, *element), clean);
    }
  }

  DcmElement* InstanceAnonymization::WithDictionaryVr(DcmItem& item, DcmElement& element)
  {
    if (element.getVR() != EVR_UN)
    {
      return &element;
    }
    // A public attribute written as UN (e.g. by a tool that did not know it): re-create it with the VR
    // of the dictionary so that the profile applies to its value (UIDs remapped, dates shifted...).
    const DcmTagKey key = element.getTag();
    const DcmTag tag(key);
    const DcmEVR vr = tag.getEVR();
    if (!DicomValues::IsStringVr(vr))
    {
      return &element;   // binary or sequence content stays opaque (removed or leak-checked as bytes)
    }
    const std::string bytes = DicomValues::GetBytes(element, 1024 * 1024);
    DcmElement* converted = nullptr;
    if (DcmItem::newDicomElement(converted, key).bad() || converted == nullptr)
    {
      return &element;
    }
    std::unique_ptr<DcmElement> owned(converted);
    if (owned->putOFStringArray(OFString(bytes.c_str(), bytes.size())).bad() || item.insert(owned.get(), OFTrue).bad())
    {
      return &element;
    }
    return owned.release();   // the dataset owns it now; the UN element was deleted by insert()
  }

  void InstanceAnonymization::HandleElement(DcmItem& item, DcmElement& element, bool clean)
  {
    const uint32_t tag = TagOf(element);
    const uint16_t group = static_cast<uint16_t>(tag >> 16);
    const uint16_t number = static_cast<uint16_t>(tag & 0xffff);
    if (number == 0x0000 || group == 0x0002)
    {
      // Group lengths (recomputed on write) and stray file meta elements.
      std::unique_ptr<DcmElement> removed(item.remove(&element));
      return;
    }
    if (tag == 0x00080005)
    {
      Keep(element, false, true);   // Specific Character Set stays as it is
      return;
    }
    const AttributeAction* action = profile_.Rules().Find(tag, path_);
    bool graphics = false;
    if (action == nullptr && (dummyContent_ || profile_.Whitelist()))
    {
      // Inside dummy content, or an attribute the IOD requires that the whitelist does not list: the
      // table's action, else a required Type 2 attribute is emptied and the rest follows the dummy
      // content rules (structure and coded concepts kept, text replaced).
      const IodType required = dummyContent_ ? IodType::None : RequiredType(tag);
      if (dummyContent_ || required != IodType::None)
      {
        action = profile_.TableAction(tag);
        if (action != nullptr)
        {
          action = &ConformToIod(tag, *action);
        }
        else
        {
          action = (required == IodType::Type2) ? &IodActions().empty
                                                : &ConformToIod(tag, DummyContentRule(tag, element.getVR()));
        }
      }
    }
    else if (action != nullptr && (action->kind == ActionKind::Remove || action->kind == ActionKind::Empty) &&
             action == profile_.Rules().FindTableAction(tag))
    {
      action = &ConformToIod(tag, *action);   // explicit rules apply as written
    }
    if (action == nullptr)
    {
      if (IsCurveGroup(group))
      {
        action = &profile_.CurveData();
        graphics = true;
      }
      else if (IsOverlayGroup(group) && number == 0x3000)
      {
        action = &profile_.OverlayData();
        graphics = true;
      }
      else if (IsOverlayGroup(group) && number == 0x4000)
      {
        action = &profile_.OverlayComments();
      }
      else if (IsOverlayGroup(group) && profile_.OverlayData().kind != ActionKind::Keep &&
               profile_.OverlayData().kind != ActionKind::Clean)
      {
        action = &removeAction_;   // no overlay data: the rest of the overlay module goes too
      }
      else
      {
        action = &profile_.DefaultAction();
      }
    }
    Apply(item, element, *action, clean, graphics);
  }

  IodType InstanceAnonymization::RequiredType(uint32_t tag) const
  {
    if (iod_ == nullptr)
    {
      return IodType::None;
    }
    if (path_.empty() && std::find(pointerTargets_.begin(), pointerTargets_.end(), tag) != pointerTargets_.end())
    {
      return IodType::Type1;
    }
    return iod_->Find(tag, path_);
  }

  const AttributeAction& InstanceAnonymization::ConformToIod(uint32_t tag, const AttributeAction& action) const
  {
    if (action.kind != ActionKind::Remove && action.kind != ActionKind::Empty)
    {
      return action;
    }
    switch (RequiredType(tag))
    {
      case IodType::Type1:
        return IodActions().dummy;
      case IodType::Type2:
        return action.kind == ActionKind::Remove ? IodActions().empty : action;
      default:
        return action;
    }
  }

  const AttributeAction& InstanceAnonymization::DummyContentRule(uint32_t tag, DcmEVR vr) const
  {
    if (DicomValues::IsSequenceVr(vr))
    {
      return IodActions().contentDummy;   // a nested sequence: its items are dummy content too
    }
    if (IsCodeAttribute(tag) && (path_.empty() || profile_.TableAction(path_.back()) == nullptr))
    {
      // A coded concept (concept names, units, findings...). Directly in the item of a sequence that
      // Table E.1-1 lists (Person Identification Code Sequence...) codes are identifying: dummies.
      return IodActions().contentKeep;
    }
    if (profile_.Iod() == nullptr)
    {
      return IodActions().contentRemove;
    }
    switch (profile_.Iod()->DummyContentFor(tag, vr))
    {
      case DummyContentAction::Keep: return IodActions().contentKeep;
      case DummyContentAction::RemapUid: return IodActions().contentRemap;
      case DummyContentAction::Dummy: return IodActions().contentDummy;
      default: return IodActions().contentRemove;
    }
  }

  void InstanceAnonymization::WalkDummyItems(DcmSequenceOfItems& sequence)
  {
    // PS3.15 D on a sequence: items with dummy content. The original items keep their structure and
    // what is not identifying (coded concepts, numbers, code strings, remapped UIDs); everything the
    // table lists follows its action, and text, names, dates and times become dummies.
    const bool outer = dummyContent_;
    dummyContent_ = true;
    WalkSequence(sequence, false);
    dummyContent_ = outer;
    report_.replaced++;
  }

  void InstanceAnonymization::WalkSequence(DcmSequenceOfItems& sequence, bool clean)
  {
    path_.push_back(TagOf(sequence));
    itemIndex_.push_back(0);
    for (unsigned long i = 0; i < sequence.card(); ++i)
    {
      itemIndex_.back() = i;
      Walk(*sequence.getItem(i), clean);
    }
    itemIndex_.pop_back();
    path_.pop_back();
  }

  void InstanceAnonymization::Apply(DcmItem& item, DcmElement& element, const AttributeAction& action, bool clean,
                                    bool graphics)
  {
    Record(element, action);
    const DcmEVR vr = element.getVR();
    const bool sequence = DicomValues::IsSequenceVr(vr);
    const bool explicitAction = (&action != &profile_.DefaultAction());
    switch (action.kind)
    {
      case ActionKind::Keep:
        Keep(element, clean, explicitAction);
        break;

      case ActionKind::Remove:
        Remove(item, element);
        break;

      case ActionKind::Empty:
        Empty(element);
        break;

      case ActionKind::Dummy:
        if (sequence)
        {
          WalkDummyItems(static_cast<DcmSequenceOfItems&>(element));
        }
        else if (DicomValues::IsBulkVr(vr))
        {
          if (RequiredType(TagOf(element)) == IodType::Type1)
          {
            SetDummyBytes(item, element);
          }
          else
          {
            Empty(element);   // no dummy binary value where the IOD does not need one
          }
        }
        else if (vr == EVR_UI)
        {
          RemapUids(element);
        }
        else
        {
          CollectOriginal(element);
          SetProduced(element, DummyValue(vr));
          report_.replaced++;
        }
        break;

      case ActionKind::Clean:
        if (sequence)
        {
          WalkSequence(static_cast<DcmSequenceOfItems&>(element), true);
          report_.kept++;
        }
        else if (vr == EVR_DA || vr == EVR_DT)
        {
          ShiftDate(element);
        }
        else if (vr == EVR_UI)
        {
          RemapUids(element);
        }
        else if (TagOf(element) == TimezoneOffsetFromUtc)
        {
          CleanTimezoneOffset(item, element);
        }
        else if (DicomValues::IsFreeTextVr(vr))
        {
          deferredClean_.push_back(&element);
        }
        else if (DicomValues::IsBulkVr(vr))
        {
          if (graphics)
          {
            Warn("overlay or curve data kept under CleanGraphics: its bitmap is not inspected");
            Keep(element, false, true);
          }
          else
          {
            Remove(item, element);   // binary content cannot be cleaned
          }
        }
        else
        {
          Keep(element, false, true);
        }
        break;

      case ActionKind::RemapUid:
        if (sequence)
        {
          WalkSequence(static_cast<DcmSequenceOfItems&>(element), clean);
        }
        else if (DicomValues::IsStringVr(vr) || vr == EVR_UN)
        {
          RemapUids(element);
        }
        else
        {
          Keep(element, false, true);
        }
        break;

      case ActionKind::Replace:
        if (sequence)
        {
          Empty(element);
        }
        else
        {
          std::string value;
          try
          {
            value = action.value.Render([this](const std::string& name, std::string& out) { return Lookup(name, out); });
          }
          catch (const std::out_of_range& e)
          {
            throw AnonymizationError("cannot replace " + CurrentPath(TagOf(element)) + ": " + e.what());
          }
          CollectOriginal(element);
          SetProduced(element, value);
          report_.replaced++;
        }
        break;

      case ActionKind::Pseudonymize:
      {
        const std::string original = DicomValues::Trim(DicomValues::GetText(element));
        if (sequence || original.empty())
        {
          Keep(element, clean, true);
          break;
        }
        CollectOriginal(element);
        SetProduced(element, session_.Pseudonym("value", original, action.length, action.format));
        report_.replaced++;
        break;
      }

      case ActionKind::ShiftDate:
        if (vr == EVR_DA || vr == EVR_DT)
        {
          ShiftDate(element);
        }
        else
        {
          Keep(element, false, true);   // TM: a whole-day shift leaves the time of day as it is
        }
        break;

      case ActionKind::RegexReplace:
      {
        const std::string original = DicomValues::GetText(element);
        const std::string replaced = std::regex_replace(original, *action.pattern, action.replacement);
        if (replaced != original)
        {
          DicomValues::SetText(element, replaced);
          report_.replaced++;
        }
        else
        {
          report_.kept++;
        }
        break;
      }

      case ActionKind::TruncateDate:
      {
        const std::string original = DicomValues::GetText(element);
        std::string truncated;
        const bool keepMonth = action.precision == DatePrecision::Month;
        const bool ok = (vr == EVR_DA) ? DateShift::TruncateDa(original, keepMonth, truncated)
                                       : DateShift::TruncateDt(original, keepMonth, truncated);
        CollectOriginal(element);
        if (!ok)
        {
          Warn("a date that is not valid was emptied in " + CurrentPath(TagOf(element)));
          element.clear();
          report_.emptied++;
        }
        else
        {
          DicomValues::SetText(element, truncated);
          MarkWritten(element);
          report_.replaced++;
        }
        break;
      }
    }
  }

  void InstanceAnonymization::Keep(DcmElement& element, bool clean, bool explicitKeep)
  {
    const DcmEVR vr = element.getVR();
    if (DicomValues::IsSequenceVr(vr))
    {
      WalkSequence(static_cast<DcmSequenceOfItems&>(element), clean);
    }
    else if (clean && !explicitKeep && DicomValues::IsFreeTextVr(vr))
    {
      deferredClean_.push_back(&element);
      return;
    }
    else if (vr == EVR_UI)
    {
      keptUids_.push_back(&element);   // decided after the walk (see FixKeptUidReferences)
    }
    else if ((DicomValues::IsStringVr(vr) || DicomValues::IsNumericBinaryVr(vr)) && (TagOf(element) >> 16) % 2 == 0)
    {
      // What a public attribute the profile keeps holds is not a leak. Private contents are opaque:
      // they never excuse a value, so a patient ID copied into a kept private tag is still found.
      identifying_.AddKept(vr, DicomValues::GetText(element), vr == EVR_CS || IsCodeAttribute(TagOf(element)));
    }
    if (explicitKeep)
    {
      report_.kept++;
    }
  }

  void InstanceAnonymization::Remove(DcmItem& item, DcmElement& element)
  {
    CollectOriginal(element);
    std::unique_ptr<DcmElement> removed(item.remove(&element));
    report_.removed++;
  }

  void InstanceAnonymization::Empty(DcmElement& element)
  {
    CollectOriginal(element);
    element.clear();
    report_.emptied++;
  }

  void InstanceAnonymization::SetDummyBytes(DcmItem& item, DcmElement& element)
  {
    CollectOriginal(element);
    const DcmEVR vr = element.getVR();
    if ((vr != EVR_OB && vr != EVR_UN) ||
        element.putUint8Array(reinterpret_cast<const Uint8*>(DummyBytes), DummyBytesLength).bad())
    {
      element.clear();
      Warn("no dummy value could be written to " + CurrentPath(TagOf(element)) + ": it was emptied");
      report_.emptied++;
      return;
    }
    DcmElement* length = nullptr;
    if (TagOf(element) == 0x00420011 && item.findAndGetElement(DCM_EncapsulatedDocumentLength, length).good() &&
        length != nullptr)
    {
      length->putUint32(DummyBytesLength);   // in place: the walk still holds the element
    }
    MarkWritten(element);
    report_.replaced++;
  }

  void InstanceAnonymization::SetProduced(DcmElement& element, const std::string& value)
  {
    if (!DicomValues::SetText(element, value))
    {
      element.clear();
      Warn("a replacement value was refused for " + CurrentPath(TagOf(element)) + " and the attribute was emptied");
    }
    identifying_.AddProduced(value);
    MarkWritten(element);
  }

  void InstanceAnonymization::MarkWritten(DcmElement& element)
  {
    written_.Add(path_, itemIndex_, TagOf(element));
  }

  void InstanceAnonymization::RemapUids(DcmElement& element)
  {
    const std::string original = DicomValues::GetText(element);
    std::vector<std::string> values = DicomValues::SplitValues(original);
    bool changed = false;
    for (std::string& value : values)
    {
      const std::string trimmed = DicomValues::Trim(value);
      const std::string& mapped = MapUid(trimmed);
      if (mapped != trimmed)
      {
        remappedOriginals_.insert(trimmed);
        changed = true;
      }
      value = mapped;
    }
    if (!changed)
    {
      keptUids_.push_back(&element);
      return;
    }
    CollectOriginal(element);
    SetProduced(element, DicomValues::JoinValues(values));
    report_.remapped++;
  }

  void InstanceAnonymization::ShiftDate(DcmElement& element)
  {
    const std::string original = DicomValues::GetText(element);
    if (DicomValues::Trim(original).empty())
    {
      return;
    }
    std::string shifted;
    const int days = ShiftDays();
    const bool ok = element.getVR() == EVR_DA ? DateShift::ShiftDa(original, days, shifted)
                                              : DateShift::ShiftDt(original, days, shifted);
    if (!ok)
    {
      CollectOriginal(element);
      Warn("a date that is not valid was emptied in " + CurrentPath(TagOf(element)));
      element.clear();
      report_.emptied++;
      return;
    }
    if (shifted == original)
    {
      identifying_.AddKept(element.getVR(), original, false);
      return;
    }
    CollectOriginal(element);
    DicomValues::SetText(element, shifted);
    MarkWritten(element);   // may equal another original date of the instance: not a survivor
    report_.shifted++;
  }

  void InstanceAnonymization::CleanTimezoneOffset(DcmItem& item, DcmElement& element)
  {
    // Times of day stay under Modified Dates (whole-day shifts: Profiles/README.md, "Times under Modified
    // Dates"), and so does the offset that says which instant they are, when it is one; any other text (a
    // place or zone name...) cannot be cleaned into an offset and goes.
    const std::string value = DicomValues::Trim(DicomValues::GetText(element));
    if (value.empty() || DateShift::IsUtcOffset(value))
    {
      Keep(element, false, true);
      return;
    }
    Warn("a Timezone Offset From UTC that is not an offset (+HHMM or -HHMM) was removed from " +
         CurrentPath(TagOf(element)));
    Remove(item, element);
  }

  void InstanceAnonymization::CollectOriginal(DcmElement& element)
  {
    const DcmEVR vr = element.getVR();
    const uint32_t tag = TagOf(element);
    if (DicomValues::IsSequenceVr(vr))
    {
      DcmSequenceOfItems& sequence = static_cast<DcmSequenceOfItems&>(element);
      for (unsigned long i = 0; i < sequence.card(); ++i)
      {
        DcmItem* item = sequence.getItem(i);
        for (DcmObject* object = item->nextInContainer(nullptr); object != nullptr;
             object = item->nextInContainer(object))
        {
          CollectOriginal(*static_cast<DcmElement*>(object));
        }
      }
    }
    else if (IsCodeAttribute(tag) || tag == 0x00080005)
    {
      return;
    }
    const bool isPrivate = (tag >> 16) % 2 == 1;
    const bool isMeta = (tag >> 16) == 0x0002;
    if (isPrivate && (tag & 0xffff) >= 0x0010 && (tag & 0xffff) <= 0x00ff)
    {
      return;   // private creator: a vendor name
    }
    if (!isPrivate && !isMeta && !profile_.IsIdentifyingAttribute(tag))
    {
      return;   // not identifying by itself (descriptors, attributes outside Table E.1-1)
    }
    if (DicomValues::IsStringVr(vr))
    {
      // The patient's identity: person names, the Patient module (group 0010), the accession number.
      const bool patientIdentity = !isPrivate && (vr == EVR_PN || (tag >> 16) == 0x0010 || tag == 0x00080050);
      identifying_.AddOriginal(vr, DicomValues::GetText(element), isPrivate, patientIdentity);
    }
    else if (DicomValues::IsBulkVr(vr) && !IsPixelOrOverlayData(tag))
    {
      identifying_.AddOriginalBytes(DicomValues::GetBytes(element, 4096));
    }
  }

  const std::string& InstanceAnonymization::MapUid(const std::string& uid)
  {
    auto found = uidMap_.find(uid);
    if (found == uidMap_.end())
    {
      found = uidMap_.emplace(uid, session_.MapUid(uid)).first;
    }
    return found->second;
  }

  void InstanceAnonymization::Run(DcmFileFormat& file)
  {
    DcmDataset* dataset = file.getDataset();
    if (dataset == nullptr || dataset->card() == 0)
    {
      throw DicomInputError("the file has no dataset");
    }
    HandleBurnedInAnnotation(*dataset);
    ReadOriginals(*dataset);
    SelectIod(*dataset);
    Walk(*dataset, false);
    SettleBurnedInDocument(*dataset);

    FixKeptUidReferences();
    if (DcmMetaInfo* meta = file.getMetaInfo())
    {
      ProcessMetaHeader(*meta, *dataset);
    }
    identifying_.Finalize();
    CleanDeferred();
    DeidentificationMarker::Mark(*dataset, profile_, pseudonymizer_.KeyId(), pixelsMasked_);
    FillReport(*dataset);

    ScanForLeaks(*dataset, "", &written_);
    if (DcmMetaInfo* meta = file.getMetaInfo())
    {
      ScanForLeaks(*meta, "FileMetaInformation.", nullptr);
    }
    FillPreviewAfter(*dataset);
  }
}
