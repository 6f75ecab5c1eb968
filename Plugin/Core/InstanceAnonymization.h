#pragma once

#include "Core/Anonymizer.h"
#include "Core/IdentifyingValues.h"
#include "Core/WrittenElements.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

class DcmElement;
class DcmFileFormat;
class DcmItem;
class DcmMetaInfo;
class DcmSequenceOfItems;

// One anonymization of one instance: all the per-instance state of the engine, used once and thrown
// away (so Anonymizer itself stays stateless and thread-safe). One pass over the dataset applies the
// profile and collects the original identifying values; cleaning of free text, UID reference fix-up,
// the file meta header, the PS3.15 marks and the leak scan follow.
namespace Ratatoskr::Core
{
  struct PreviewEntry
  {
    std::string path;
    std::string tag;
    std::string keyword;
    std::string action;
    std::string origin;
    std::string before;
    bool present = false;   // the path is in the output (after every step, marks included)...
    std::string after;      // ...with this value
  };

  class InstanceAnonymization
  {
  public:
    InstanceAnonymization(const ResolvedProfile& profile, const Pseudonymizer& pseudonymizer,
                          const AnonymizationContext& context, AnonymizationReport& report,
                          std::vector<PreviewEntry>* preview = nullptr);

    InstanceAnonymization(const InstanceAnonymization&) = delete;
    InstanceAnonymization& operator=(const InstanceAnonymization&) = delete;

    // Anonymizes the file in place and fills the report (leaks included). Throws
    // BurnedInAnnotationError, DicomInputError, AnonymizationError; never LeakError.
    void Run(DcmFileFormat& file);

    // Text shown for an element in the preview ("<sequence, 2 items>", "<1024 bytes>", or the value).
    static std::string Describe(DcmElement& element);

  private:
    // What replaces a binary value that must stay (an encapsulated document...): an even number of bytes.
    static constexpr char DummyBytes[] = "ANONYMIZED";
    static constexpr size_t DummyBytesLength = sizeof(DummyBytes) - 1;

    void HandleBurnedInAnnotation(DcmItem& dataset);
    void SettleBurnedInDocument(DcmItem& dataset);
    void ReadOriginals(DcmItem& dataset);
    void SelectIod(DcmItem& dataset);
    bool Lookup(const std::string& name, std::string& value);
    int ShiftDays();

    void Walk(DcmItem& item, bool clean);
    void WalkSequence(DcmSequenceOfItems& sequence, bool clean);
    void WalkDummyItems(DcmSequenceOfItems& sequence);
    void HandleElement(DcmItem& item, DcmElement& element, bool clean);
    DcmElement* WithDictionaryVr(DcmItem& item, DcmElement& element);
    void HandlePrivate(DcmItem& item, DcmElement& element, bool clean);
    void Apply(DcmItem& item, DcmElement& element, const AttributeAction& action, bool clean, bool graphics);

    // The IOD layer (Profiles/iod-requirements.json): what the instance's IOD requires of `tag` at the
    // current path, the action for dummy content, and a table removal or emptying adapted to the IOD.
    IodType RequiredType(uint32_t tag) const;
    const AttributeAction& DummyContentRule(uint32_t tag, DcmEVR vr) const;
    const AttributeAction& ConformToIod(uint32_t tag, const AttributeAction& action) const;

    void Keep(DcmElement& element, bool clean, bool explicitKeep);
    void Remove(DcmItem& item, DcmElement& element);
    void Empty(DcmElement& element);
    void SetDummyBytes(DcmItem& item, DcmElement& element);
    void SetProduced(DcmElement& element, const std::string& value);
    void MarkWritten(DcmElement& element);   // the engine wrote the whole value at this place
    void RemapUids(DcmElement& element);
    void ShiftDate(DcmElement& element);
    void CleanTimezoneOffset(DcmItem& item, DcmElement& element);
    void CollectOriginal(DcmElement& element);

    void FixKeptUidReferences();
    void CleanDeferred();
    void ProcessMetaHeader(DcmMetaInfo& meta, DcmItem& dataset);
    // `written`: where the engine wrote values of its own in `item` (none for the file meta header).
    void ScanForLeaks(DcmItem& item, const std::string& prefix, const WrittenElements* written);
    void ScanItemForLeaks(DcmItem& item, const std::string& prefix, const WrittenElements* written,
                          WrittenElements::Trail& trail);
    const std::string& MapUid(const std::string& uid);   // Pseudonymizer::MapUid, cached per instance
    void FillReport(DcmItem& dataset);

    std::string CurrentPath(uint32_t tag) const;
    void Record(DcmElement& element, const AttributeAction& action);
    void FillPreviewAfter(DcmItem& dataset);
    void Warn(const std::string& warning);

    const ResolvedProfile& profile_;
    const Pseudonymizer& pseudonymizer_;
    Pseudonymizer::Session session_;   // this instance's keyed hashing
    const AnonymizationContext& context_;
    AnonymizationReport& report_;
    std::vector<PreviewEntry>* preview_;

    std::string patientKey_;
    std::string originalStudyUid_;
    std::string originalSeriesUid_;
    std::string patientPseudonym_;
    std::optional<std::string> studyPseudonym_;    // computed when a profile asks for them
    std::optional<std::string> seriesPseudonym_;
    std::optional<int> shiftDays_;
    bool pixelsMasked_ = false;
    bool burnedInDocument_ = false;   // BurnedInAnnotation=YES on an encapsulated document (no pixel data)

    std::vector<uint32_t> path_;            // enclosing sequences, outermost first
    std::vector<unsigned long> itemIndex_;  // item number in each of them
    IdentifyingValues identifying_;
    WrittenElements written_;               // in the dataset: not survivors, whatever they equal
    std::vector<DcmElement*> deferredClean_;
    std::vector<DcmElement*> keptUids_;
    std::set<std::string> remappedOriginals_;
    std::map<std::string, std::string> uidMap_;
    std::set<std::string> warnings_;
    AttributeAction removeAction_;

    const IodRequirementSet* iod_ = nullptr;   // the requirements of this instance's SOP class
    std::vector<uint32_t> pointerTargets_;     // top-level attributes named by Frame Increment Pointer...
    bool dummyContent_ = false;                // walking the items of a sequence that gets a dummy
  };
}
