#include "Core/InstanceAnonymization.h"

#include "Core/Crypto.h"
#include "Core/DicomValues.h"
#include "Core/ElementKinds.h"
#include "Core/DeidentificationMarker.h"
#include "Core/TagDictionary.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <memory>
#include <string>
#include <vector>

// InstanceAnonymization, after the walk: kept UID references, deferred cleaning, the file meta header,
// the leak scan and the report.
namespace Ratatoskr::Core
{
  using namespace ElementKinds;

  namespace
  {
    const size_t LeakScanBulkLimit = 64 * 1024;
    const size_t DigestChunk = 64 * 1024;

    // SHA-256 of the dataset's encoding as it stands, in its own transfer syntax (DCMTK makes the syntax a
    // dataset is written in its current one: another would change the output's): the same input and key
    // give the same dataset, hence the same digest.
    std::string DatasetDigest(DcmItem& dataset)
    {
      E_TransferSyntax xfer = EXS_LittleEndianExplicit;
      if (DcmDataset* whole = dynamic_cast<DcmDataset*>(&dataset))
      {
        if (whole->getCurrentXfer() != EXS_Unknown)
        {
          xfer = whole->getCurrentXfer();
        }
      }
      std::string bytes;
      std::vector<char> chunk(DigestChunk);
      DcmOutputBufferStream stream(chunk.data(), chunk.size());
      const auto take = [&]() {
        void* buffer = nullptr;
        offile_off_t length = 0;
        stream.flushBuffer(buffer, length);
        bytes.append(static_cast<const char*>(buffer), static_cast<size_t>(length));
      };
      dataset.transferInit();
      OFCondition status = EC_StreamNotifyClient;
      while (status == EC_StreamNotifyClient)
      {
        status = dataset.write(stream, xfer, EET_ExplicitLength, nullptr);
        take();
      }
      while (status.good() && !stream.isFlushed())   // what a compression filter (deflate) still holds
      {
        stream.flush();
        take();
      }
      dataset.transferEnd();
      return Crypto::ToHex(Crypto::Sha256(bytes));   // what DCMTK could encode: as deterministic
    }
  }

  void InstanceAnonymization::FixKeptUidReferences()
  {
    for (DcmElement* element : keptUids_)
    {
      const std::string original = DicomValues::GetText(*element);
      std::vector<std::string> values = DicomValues::SplitValues(original);
      bool changed = false;
      for (std::string& value : values)
      {
        const std::string trimmed = DicomValues::Trim(value);
        if (remappedOriginals_.count(trimmed) != 0)
        {
          value = MapUid(trimmed);
          changed = true;
        }
      }
      if (changed)
      {
        // A kept attribute refers to a UID that was remapped elsewhere: follow it, so that the
        // reference still resolves and the original UID does not survive.
        DicomValues::SetText(*element, DicomValues::JoinValues(values));
        report_.remapped++;
      }
      else if ((TagOf(*element) >> 16) % 2 == 0)
      {
        identifying_.AddKept(EVR_UI, original, false);
      }
    }
  }

  void InstanceAnonymization::CleanDeferred()
  {
    for (DcmElement* element : deferredClean_)
    {
      std::string value = DicomValues::GetText(*element);
      if (identifying_.Clean(value))
      {
        DicomValues::SetText(*element, value);
        report_.replaced++;
      }
      else
      {
        report_.kept++;
      }
    }
  }

  void InstanceAnonymization::ProcessMetaHeader(DcmMetaInfo& meta, DcmItem& dataset)
  {
    std::vector<DcmElement*> elements;
    for (DcmObject* object = meta.nextInContainer(nullptr); object != nullptr; object = meta.nextInContainer(object))
    {
      elements.push_back(static_cast<DcmElement*>(object));
    }
    std::string originalInstance;
    for (DcmElement* element : elements)
    {
      const uint32_t tag = TagOf(*element);
      const uint16_t number = static_cast<uint16_t>(tag & 0xffff);
      if (tag == 0x00020003 && element->ident() == EVR_UI)
      {
        originalInstance = DicomValues::Trim(DicomValues::GetText(*element));
      }
      if ((tag >> 16) != 0x0002)
      {
        // Not a file meta element at all (a damaged header): it must not be written back there.
        CollectOriginal(*element);
        std::unique_ptr<DcmElement> removed(meta.remove(element));
        continue;
      }
      if (number == 0x0010)
      {
        // Transfer Syntax UID: DCMTK writes the one the output is written in (a damaged one, e.g. with a
        // garbled VR, would otherwise stay and make the output unreadable: fuzz finding).
        std::unique_ptr<DcmElement> removed(meta.remove(element));
        continue;
      }
      if ((number == 0x0001 && element->ident() == EVR_OB) || (number == 0x0002 && element->ident() == EVR_UI))
      {
        continue;   // version and SOP class; with another VR they are damaged and DCMTK writes them anew
      }
      if (number == 0x0001 || number == 0x0002)
      {
        std::unique_ptr<DcmElement> removed(meta.remove(element));
        continue;
      }
      if (number == 0x0012 || number == 0x0013)
      {
        // The writer's implementation identifiers: DCMTK writes its own on save.
        std::unique_ptr<DcmElement> removed(meta.remove(element));
        continue;
      }
      // Group length (recomputed), Media Storage SOP Instance UID (rewritten below), source/sending/receiving
      // AE titles, private information: all go.
      CollectOriginal(*element);
      std::unique_ptr<DcmElement> removed(meta.remove(element));
    }
    OFString sopClass, sopInstance;
    if (dataset.findAndGetOFString(DCM_SOPClassUID, sopClass).good())
    {
      meta.putAndInsertString(DCM_MediaStorageSOPClassUID, sopClass.c_str());
    }
    if (dataset.findAndGetOFString(DCM_SOPInstanceUID, sopInstance).good())
    {
      meta.putAndInsertString(DCM_MediaStorageSOPInstanceUID, sopInstance.c_str());
    }
    else
    {
      // No SOP Instance UID in the dataset: the original meta UID remapped, or without one a UID keyed on the
      // dataset's content; never DCMTK's random one, so that a second run writes the same bytes.
      const std::string source = !originalInstance.empty() ? originalInstance : "dataset:" + DatasetDigest(dataset);
      meta.putAndInsertString(DCM_MediaStorageSOPInstanceUID, MapUid(source).c_str());
    }
  }

  void InstanceAnonymization::ScanForLeaks(DcmItem& item, const std::string& prefix, const WrittenElements* written)
  {
    WrittenElements::Trail trail;
    ScanItemForLeaks(item, prefix, written, trail);
  }

  void InstanceAnonymization::ScanItemForLeaks(DcmItem& item, const std::string& prefix, const WrittenElements* written,
                                               WrittenElements::Trail& trail)
  {
    for (DcmObject* object = item.nextInContainer(nullptr); object != nullptr; object = item.nextInContainer(object))
    {
      DcmElement& element = *static_cast<DcmElement*>(object);
      const uint32_t tag = TagOf(element);
      const DcmEVR vr = element.getVR();
      if (DeidentificationMarker::IsMarkerTag(tag >> 16, tag & 0xffff))
      {
        continue;   // what the engine itself wrote
      }
      if (DicomValues::IsSequenceVr(vr))
      {
        DcmSequenceOfItems& sequence = static_cast<DcmSequenceOfItems&>(element);
        for (unsigned long i = 0; i < sequence.card(); ++i)
        {
          trail.emplace_back(tag, i);
          ScanItemForLeaks(*sequence.getItem(i), prefix, written, trail);
          trail.pop_back();
        }
        continue;
      }
      std::string value;
      if (DicomValues::IsStringVr(vr) && vr != EVR_DS && vr != EVR_IS)   // numbers carry no names or IDs
      {
        value = DicomValues::GetText(element);
      }
      else if (DicomValues::IsBulkVr(vr) && !IsPixelOrOverlayData(tag))
      {
        value = DicomValues::GetBytes(element, LeakScanBulkLimit);
      }
      if (value.empty() || !identifying_.Contains(value))
      {
        continue;
      }
      if (written != nullptr && written->Contains(trail, tag))
      {
        continue;   // the engine's own value (e.g. a date shifted onto another original date): not a survivor
      }
      // Names are built only for survivors: no dictionary lookups on the common path.
      std::string path = prefix;
      for (const auto& [sequence, index] : trail)
      {
        path += TagDictionary::DisplayName(sequence) + "[" + std::to_string(index) + "].";
      }
      report_.leaks.push_back(path + TagDictionary::DisplayName(tag));
    }
  }

  void InstanceAnonymization::FillReport(DcmItem& dataset)
  {
    const auto get = [&dataset](const DcmTagKey& tag) {
      OFString value;
      dataset.findAndGetOFString(tag, value);
      return std::string(value.c_str(), value.length());
    };
    report_.newStudyInstanceUid = get(DCM_StudyInstanceUID);
    report_.newSeriesInstanceUid = get(DCM_SeriesInstanceUID);
    report_.newSopInstanceUid = get(DCM_SOPInstanceUID);
    report_.patientPseudonym = patientPseudonym_;
  }
}
