#pragma once

#include <string>
#include <vector>

// Removes what a PDF says about itself, not what it shows: the values (and keys) of its document information
// dictionaries (Author, Title, Subject, Keywords, Creator, Producer, CreationDate, ModDate, any key, in every
// revision), its XMP metadata streams (/Type /Metadata, or what a /Metadata entry names) and the file
// identifiers of its trailers (/ID, which tools derive from paths and times). Everything is overwritten in
// place with blanks of the same length, so every byte offset (the cross-reference tables) stays valid.
// What cannot be scrubbed that way is refused (WrapError, in words a person understands): an encrypted PDF, a
// document information dictionary inside a compressed object stream, attached files.
namespace Ratatoskr::Core::PdfMetadataScrubber
{
  // Scrubs `pdf` in place (same length). Returns what was removed, in words (counts, no value), e.g.
  // "the document information (Author, Title...)". Throws WrapError.
  std::vector<std::string> Scrub(std::string& pdf);
}
