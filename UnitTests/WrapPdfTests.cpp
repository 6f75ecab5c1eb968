// PDFs made DICOM: the metadata scrubber (document information, XMP, identifiers, in place; refusals) and the
// Encapsulated PDF instance. The PDFs are written by the tests, with markers where metadata lives.
#include "TestSupport.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"
#include "Core/PdfMetadataScrubber.h"
#include "Core/PdfToEncapsulatedPdf.h"
#include "Core/WrapContext.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <map>
#include <vector>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  const std::vector<std::string> Markers = {"AUTHORMARKER", "TITLEMARKER", "KEYMARKER", "INDIRECTMARKER",
                                            "XMPMARKER", "XMPZIPMARKER", "D:20191231", "IDMARKER"};

  std::string Hex(const std::string& text)
  {
    std::string hex;
    char digits[3];
    for (const unsigned char c : text)
    {
      std::snprintf(digits, sizeof(digits), "%02X", c);
      hex += digits;
    }
    return hex;
  }

  std::string Deflate(const std::string& data)
  {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    EXPECT_EQ(compress(reinterpret_cast<Bytef*>(&out[0]), &size, reinterpret_cast<const Bytef*>(data.data()),
                       static_cast<uLong>(data.size())), Z_OK);
    out.resize(size);
    return out;
  }

  std::string Stream(const std::string& dictionary, const std::string& data)
  {
    return "<< " + dictionary + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
  }

  // A PDF of objects 1..n (bodies as given) with a classic cross-reference table and `trailer` entries.
  std::string BuildPdf(const std::vector<std::string>& bodies, const std::string& trailer)
  {
    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < bodies.size(); i++)
    {
      offsets.push_back(pdf.size());
      pdf += std::to_string(i + 1) + " 0 obj\n" + bodies[i] + "\nendobj\n";
    }
    const size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f \n";
    for (const size_t offset : offsets)
    {
      char line[32];
      std::snprintf(line, sizeof(line), "%010zu 00000 n \n", offset);
      pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(bodies.size() + 1) + " /Root 1 0 R " + trailer + " >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
  }

  std::string Xmp(const std::string& marker)
  {
    return "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
           "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description dc:creator=\"" + marker +
           "\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
  }

  // A one-page PDF with metadata everywhere: /Info (literal, hex, custom key, a value in an object of its
  // own), an XMP stream of the catalog, a Flate-compressed XMP stream of the page, trailer /ID.
  std::string MarkedPdf()
  {
    const std::string content = "BT /F1 24 Tf 20 100 Td (Visible text stays) Tj ET";
    return BuildPdf(
      {"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 6 0 R /Metadata 8 0 R >>",
       Stream("/Type /Metadata /Subtype /XML", Xmp("XMPMARKER")),
       "<< /Author (AUTHORMARKER \\(nested\\) (paren)) /Title <" + Hex("TITLEMARKER") +
         "> /KEYMARKER (x) /Subject 7 0 R /CreationDate (D:20191231120000+01'00') >>",
       Stream("", content),
       "(INDIRECTMARKER)",
       Stream("/Type /Metadata /Subtype /XML /Filter /FlateDecode", Deflate(Xmp("XMPZIPMARKER")))},
      "/Info 5 0 R /ID [<" + Hex("IDMARKER1") + "> (IDMARKER2)]");
  }

  // Every in-use entry of the (last) classic cross-reference table points to "N G obj" of its number.
  void ExpectValidXref(const std::string& pdf)
  {
    const size_t startxref = pdf.rfind("startxref");
    ASSERT_NE(startxref, std::string::npos);
    const size_t xref = std::stoul(pdf.substr(startxref + 9));
    ASSERT_EQ(pdf.compare(xref, 4, "xref"), 0);
    size_t at = pdf.find('\n', xref) + 1;
    unsigned long first = 0, count = 0;
    ASSERT_EQ(std::sscanf(pdf.c_str() + at, "%lu %lu", &first, &count), 2);
    at = pdf.find('\n', at) + 1;
    size_t checked = 0;
    for (unsigned long i = 0; i < count; i++, at += 20)
    {
      unsigned long offset = 0, generation = 0;
      char kind = 0;
      ASSERT_EQ(std::sscanf(pdf.c_str() + at, "%lu %lu %c", &offset, &generation, &kind), 3);
      if (kind == 'n')
      {
        const std::string expected = std::to_string(first + i) + " " + std::to_string(generation) + " obj";
        EXPECT_EQ(pdf.compare(offset, expected.size(), expected), 0) << "entry " << first + i;
        checked++;
      }
    }
    EXPECT_GT(checked, 0u);
  }

  void ExpectNoMarker(const std::string& bytes)
  {
    for (const std::string& marker : Markers)
    {
      EXPECT_EQ(bytes.find(marker), std::string::npos) << marker;
    }
    EXPECT_EQ(bytes.find(Hex("TITLEMARKER")), std::string::npos);
    EXPECT_EQ(bytes.find(Hex("IDMARKER1")), std::string::npos);
  }

  std::string RefusalOf(std::string pdf)
  {
    try
    {
      PdfMetadataScrubber::Scrub(pdf);
    }
    catch (const WrapError& e)
    {
      return e.what();
    }
    return "";
  }
}

TEST(WrapPdf, TheMarkedPdfHasItsMarkers)
{
  const std::string pdf = MarkedPdf();
  ExpectValidXref(pdf);
  for (const char* marker : {"AUTHORMARKER", "XMPMARKER", "INDIRECTMARKER", "KEYMARKER"})
  {
    EXPECT_NE(pdf.find(marker), std::string::npos) << marker;
  }
}

TEST(WrapPdf, ScrubbingRemovesEveryMarkerInPlace)
{
  const std::string original = MarkedPdf();
  std::string pdf = original;
  const std::vector<std::string> removed = PdfMetadataScrubber::Scrub(pdf);
  EXPECT_EQ(pdf.size(), original.size());
  ExpectNoMarker(pdf);
  ExpectValidXref(pdf);
  EXPECT_NE(pdf.find("(Visible text stays)"), std::string::npos);   // what the document shows stays
  EXPECT_NE(pdf.find("/Type /Metadata"), std::string::npos);
  EXPECT_EQ(pdf.find("/FlateDecode"), std::string::npos);            // the blanked XMP is no Flate data
  ASSERT_EQ(removed.size(), 3u);
  EXPECT_NE(removed[0].find("document information"), std::string::npos);
  EXPECT_NE(removed[1].find("2 streams"), std::string::npos);
  EXPECT_NE(removed[2].find("2 identifiers"), std::string::npos);

  // Still a PDF our parser reads alike: the same objects at the same offsets.
  std::string again = pdf;
  EXPECT_NO_THROW(PdfMetadataScrubber::Scrub(again));
  EXPECT_EQ(again, pdf);
}

TEST(WrapPdf, EveryRevisionOfAnIncrementallyUpdatedPdfIsScrubbed)
{
  std::string pdf = MarkedPdf();
  const size_t previous = std::stoul(pdf.substr(pdf.rfind("startxref") + 9));
  const size_t offset = pdf.size();
  pdf += "9 0 obj\n<< /Author (AUTHORMARKER second revision) >>\nendobj\n";
  const size_t xref = pdf.size();
  char line[32];
  std::snprintf(line, sizeof(line), "%010zu 00000 n \n", offset);
  pdf += "xref\n9 1\n" + std::string(line) + "trailer\n<< /Size 10 /Root 1 0 R /Info 9 0 R /Prev " +
         std::to_string(previous) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  PdfMetadataScrubber::Scrub(pdf);
  ExpectNoMarker(pdf);
  ExpectValidXref(pdf);
}

TEST(WrapPdf, InformationInAnObjectStreamIsRefused)
{
  const std::string header = "5 0 ";
  const std::string objects = header + "<< /Author (AUTHORMARKER) >>";
  for (const bool compressed : {false, true})
  {
    const std::string data = compressed ? Deflate(objects) : objects;
    const std::string pdf = BuildPdf(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>", "null", "null",
       "null", Stream(std::string("/Type /ObjStm /N 1 /First ") + std::to_string(header.size()) +
                      (compressed ? " /Filter /FlateDecode" : ""), data)},
      "/Info 5 0 R");
    const std::string refusal = RefusalOf(pdf);
    EXPECT_NE(refusal.find("compressed object stream"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("print it to a new PDF first"), std::string::npos) << refusal;
  }
}

TEST(WrapPdf, AnObjectStreamWithoutTheInformationIsAccepted)
{
  const std::string objects = "7 0 << /Type /Font >>";
  std::string pdf = BuildPdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>", "null",
                              "null", "<< /Author (AUTHORMARKER) >>",
                              Stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", Deflate(objects))},
                             "/Info 5 0 R");
  PdfMetadataScrubber::Scrub(pdf);
  EXPECT_EQ(pdf.find("AUTHORMARKER"), std::string::npos);
}

TEST(WrapPdf, EncryptedAttachedAndNonPdfFilesAreRefused)
{
  const std::string encrypted = BuildPdf({"<< /Type /Catalog >>", "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"},
                                         "/Encrypt 2 0 R");
  EXPECT_NE(RefusalOf(encrypted).find("encrypted"), std::string::npos);
  const std::string attached = BuildPdf({"<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>",
                                         "<< /Names [(list.xls) 3 0 R] >>", Stream("/Type /EmbeddedFile", "data")},
                                        "");
  EXPECT_NE(RefusalOf(attached).find("attached files"), std::string::npos);
  EXPECT_NE(RefusalOf("GIF89a not a pdf").find("not a PDF"), std::string::npos);
  EXPECT_NE(RefusalOf("%PDF-1.4\n1 0 obj\n<< /Length 5 >>\nstream\nabc").find("no end"), std::string::npos);
  std::string deep = "%PDF-1.4\n1 0 obj\n";
  for (int i = 0; i < 10000; i++)
  {
    deep += "[";
  }
  EXPECT_NE(RefusalOf(deep).find("deeper"), std::string::npos);
}

TEST(WrapPdf, AnEncapsulatedPdfInstanceHoldsTheScrubbedDocument)
{
  const std::string original = MarkedPdf();
  const WrapResult result = PdfToEncapsulatedPdf::Convert(original, WrapContext());
  ExpectNoMarker(result.dicom);
  auto file = DicomBuffer::Read(result.dicom.data(), result.dicom.size());
  EXPECT_EQ(Get(*file, DCM_SOPClassUID), UID_EncapsulatedPDFStorage);
  EXPECT_EQ(Get(*file, DCM_SOPInstanceUID), result.sopInstanceUid);
  EXPECT_EQ(Get(*file, DCM_SeriesInstanceUID), result.seriesInstanceUid);
  EXPECT_EQ(Get(*file, DCM_StudyInstanceUID), result.studyInstanceUid);
  EXPECT_EQ(result.sopInstanceUid.rfind("2.25.", 0), 0u);
  EXPECT_LE(result.sopInstanceUid.size(), 64u);
  EXPECT_EQ(Get(*file, DCM_Modality), "DOC");
  EXPECT_EQ(Get(*file, DCM_MIMETypeOfEncapsulatedDocument), "application/pdf");
  EXPECT_EQ(Get(*file, DCM_BurnedInAnnotation), "YES");
  EXPECT_EQ(Get(*file, DCM_ConversionType), "WSD");
  EXPECT_EQ(Get(*file, DCM_SeriesNumber), "1");
  EXPECT_EQ(Get(*file, DCM_InstanceNumber), "1");
  for (const DcmTagKey& tag : {DCM_DocumentTitle, DCM_ContentDate, DCM_ContentTime, DCM_AcquisitionDateTime,
                               DCM_ConceptNameCodeSequence, DCM_PatientBirthDate, DCM_PatientSex, DCM_StudyDate,
                               DCM_AccessionNumber, DCM_ReferringPhysicianName, DCM_Manufacturer})
  {
    EXPECT_TRUE(Has(*file, tag)) << DcmTag(tag).getTagName();
  }
  EXPECT_EQ(Get(*file, DCM_PatientName), "");
  EXPECT_EQ(Get(*file, DCM_PatientID).rfind("NEW-", 0), 0u);
  EXPECT_EQ(Get(*file, DCM_EncapsulatedDocumentLength), std::to_string(original.size()));
  const Uint8* bytes = nullptr;
  unsigned long length = 0;
  ASSERT_TRUE(file->getDataset()->findAndGetUint8Array(DCM_EncapsulatedDocument, bytes, &length).good());
  EXPECT_EQ(length % 2, 0u);
  std::string document(reinterpret_cast<const char*>(bytes), original.size());
  std::string scrubbed = original;
  PdfMetadataScrubber::Scrub(scrubbed);
  EXPECT_EQ(document, scrubbed);
  EXPECT_EQ(result.removed.size(), 3u);
}

TEST(WrapPdf, TheSameFileInTheSameStudyGetsTheSameUids)
{
  const std::string pdf = MarkedPdf();
  auto instance = MakeInstance();
  const std::string dicom = ToBytes(*instance);
  const WrapContext study = WrapContext::FromDicom(dicom.data(), dicom.size());
  const WrapResult first = PdfToEncapsulatedPdf::Convert(pdf, study);
  const WrapResult second = PdfToEncapsulatedPdf::Convert(pdf, study);
  EXPECT_EQ(first.dicom, second.dicom);
  EXPECT_EQ(first.studyInstanceUid, Get(*instance, DCM_StudyInstanceUID));
  const WrapResult other = PdfToEncapsulatedPdf::Convert(pdf + "\n", study);
  EXPECT_NE(other.sopInstanceUid, first.sopInstanceUid);
  EXPECT_NE(other.seriesInstanceUid, first.seriesInstanceUid);

  WrapContext seeded;
  seeded.studySeed = "drop-1";
  const WrapResult a = PdfToEncapsulatedPdf::Convert(pdf, seeded);
  const WrapResult b = PdfToEncapsulatedPdf::Convert(pdf + "\n", seeded);
  EXPECT_EQ(a.studyInstanceUid, b.studyInstanceUid);   // one new study for the files of one drop
  EXPECT_NE(a.studyInstanceUid, first.studyInstanceUid);
}
