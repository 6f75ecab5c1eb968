#pragma once

#include "Core/WrappedInstance.h"

#include <string>

// A PDF as an Encapsulated PDF instance (1.2.840.10008.5.1.4.1.1.104.1, Modality DOC), its metadata removed
// first (PdfMetadataScrubber): MIMETypeOfEncapsulatedDocument application/pdf, the scrubbed file as
// EncapsulatedDocument (OB, padded to an even length; EncapsulatedDocumentLength the unpadded one),
// BurnedInAnnotation YES (what a document shows is what it is), DocumentTitle empty, ConversionType WSD.
namespace Ratatoskr::Core::PdfToEncapsulatedPdf
{
  // Throws WrapError (not a PDF, or one that cannot be scrubbed: the scrubber's reason). `pdf` is scrubbed in
  // place (moved in, the caller's copy is not needed: a large file is held once, not twice).
  WrapResult Convert(std::string pdf, const WrapContext& context);
}
