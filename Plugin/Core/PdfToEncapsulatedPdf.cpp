#include "Core/PdfToEncapsulatedPdf.h"

#include "Core/Crypto.h"
#include "Core/Errors.h"
#include "Core/PdfMetadataScrubber.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <limits>

namespace Ratatoskr::Core::PdfToEncapsulatedPdf
{
  WrapResult Convert(std::string pdf, const WrapContext& context)
  {
    // An OB value's length is 32 bits, the last value even.
    if (pdf.size() >= std::numeric_limits<Uint32>::max() - 1)
    {
      throw WrapError("this PDF is larger than a DICOM instance can hold (4 GB)");
    }
    const std::string digest = Crypto::Sha256(pdf);   // of the file as received: the same file, the same UIDs
    std::string& scrubbed = pdf;
    WrapResult result;
    result.removed = PdfMetadataScrubber::Scrub(scrubbed);

    auto file = WrappedInstance::Create(context, UID_EncapsulatedPDFStorage, "DOC", digest, result);
    WrappedInstance::Put(*file, DCM_ConversionType, "WSD");              // SC Equipment (C.8.6.1)
    // Encapsulated Document (C.24.2)
    WrappedInstance::Put(*file, DCM_ContentDate, "");
    WrappedInstance::Put(*file, DCM_ContentTime, "");
    WrappedInstance::Put(*file, DCM_AcquisitionDateTime, "");
    WrappedInstance::Put(*file, DCM_BurnedInAnnotation, "YES");
    WrappedInstance::Put(*file, DCM_DocumentTitle, "");
    WrappedInstance::Put(*file, DCM_MIMETypeOfEncapsulatedDocument, "application/pdf");
    DcmDataset& dataset = *file->getDataset();
    if (dataset.insertEmptyElement(DCM_ConceptNameCodeSequence).bad() ||
        dataset.putAndInsertUint32(DCM_EncapsulatedDocumentLength, static_cast<Uint32>(scrubbed.size())).bad())
    {
      throw WrapError("cannot write the attributes of the new document instance");
    }
    if (scrubbed.size() % 2 != 0)
    {
      scrubbed.push_back('\0');   // OB: an even length (after the %%EOF, where readers ignore it)
    }
    if (dataset.putAndInsertUint8Array(DCM_EncapsulatedDocument, reinterpret_cast<const Uint8*>(scrubbed.data()),
                                       static_cast<unsigned long>(scrubbed.size())).bad())
    {
      throw WrapError("cannot write the PDF into the new document instance");
    }
    std::string().swap(scrubbed);
    WrappedInstance::Write(*file, result);
    return result;
  }
}
