#include "Core/DicomBuffer.h"

#include "Core/DeclaredLengthCheck.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcerror.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <cstring>
#include <vector>

namespace Ratatoskr::Core::DicomBuffer
{
  namespace
  {
    const size_t PreambleLength = 128;
    const size_t SignatureLength = 4;
    const size_t WriteChunk = 64 * 1024;

    std::string Describe(const OFCondition& condition)
    {
      // DCMTK condition texts describe the parser state (never element values).
      return condition.text() == nullptr ? std::string("unknown parser error") : std::string(condition.text());
    }
  }

  std::unique_ptr<DcmFileFormat> Read(const void* data, size_t size)
  {
    if (data == nullptr || size == 0)
    {
      throw DicomInputError("empty input");
    }
    if (size < PreambleLength + SignatureLength)
    {
      throw DicomInputError("not a DICOM file: " + std::to_string(size) +
                            " bytes, shorter than the 132-byte preamble and \"DICM\" signature");
    }
    const char* bytes = static_cast<const char*>(data);
    if (std::memcmp(bytes + PreambleLength, "DICM", SignatureLength) != 0)
    {
      throw DicomInputError("not a DICOM Part 10 file: no \"DICM\" signature at offset 128 "
                            "(not DICOM, or a dataset without file meta header)");
    }

    CheckDeclaredLengths(data, size);

    auto file = std::make_unique<DcmFileFormat>();
    DcmInputBufferStream stream;
    stream.setBuffer(data, static_cast<offile_off_t>(size));
    stream.setEos();
    file->transferInit();
    const OFCondition status = file->read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
    file->transferEnd();

    if (status == EC_StreamNotifyClient || (status.bad() && stream.eos()))
    {
      throw DicomInputError("truncated or corrupt DICOM file: an element runs past the end of the data");
    }
    if (status.bad())
    {
      throw DicomInputError("invalid DICOM file: " + Describe(status));
    }
    DcmMetaInfo* meta = file->getMetaInfo();
    if (meta == nullptr || meta->card() == 0 || !meta->tagExists(DcmTagKey(0x0002, 0x0010)))
    {
      throw DicomInputError("invalid DICOM file: the file meta header has no Transfer Syntax UID (0002,0010)");
    }
    DcmDataset* dataset = file->getDataset();
    if (dataset == nullptr || dataset->card() == 0)
    {
      throw DicomInputError("invalid DICOM file: the dataset after the file meta header is empty");
    }
    if (DcmXfer(dataset->getOriginalXfer()).getXfer() == EXS_Unknown)
    {
      throw DicomInputError("invalid DICOM file: unknown transfer syntax");
    }
    return file;
  }

  std::string Write(DcmFileFormat& file)
  {
    DcmDataset* dataset = file.getDataset();
    if (dataset == nullptr)
    {
      throw AnonymizationError("cannot write: no dataset");
    }
    E_TransferSyntax xfer = dataset->getCurrentXfer();
    if (xfer == EXS_Unknown || xfer == EXS_DeflatedLittleEndianExplicit)
    {
      xfer = EXS_LittleEndianExplicit;   // deflated input is written inflated
    }
    if (!dataset->canWriteXfer(xfer, dataset->getOriginalXfer()))
    {
      throw AnonymizationError(std::string("cannot write the dataset in transfer syntax ") +
                               DcmXfer(xfer).getXferName());
    }

    std::string output;
    std::vector<char> chunk(WriteChunk);
    DcmOutputBufferStream stream(chunk.data(), chunk.size());
    file.transferInit();
    OFCondition status = EC_StreamNotifyClient;
    while (status == EC_StreamNotifyClient)
    {
      status = file.write(stream, xfer, EET_ExplicitLength, nullptr, EGL_withoutGL, EPD_noChange, 0, 0, 0,
                          EWM_updateMeta);
      void* buffer = nullptr;
      offile_off_t length = 0;
      stream.flushBuffer(buffer, length);
      if (length > 0)
      {
        output.append(static_cast<const char*>(buffer), static_cast<size_t>(length));
      }
    }
    while (status.good() && !stream.isFlushed())
    {
      stream.flush();
      void* buffer = nullptr;
      offile_off_t length = 0;
      stream.flushBuffer(buffer, length);
      output.append(static_cast<const char*>(buffer), static_cast<size_t>(length));
    }
    file.transferEnd();
    if (status.bad())
    {
      throw AnonymizationError("cannot encode the anonymized file: " + Describe(status));
    }
    return output;
  }
}
