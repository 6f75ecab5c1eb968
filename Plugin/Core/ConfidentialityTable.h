#pragma once

#include "Core/DeidentificationOption.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// DICOM PS3.15 Table E.1-1 as read from Resources/Reference/ps3.15-e1-1.json: one row per attribute
// (or pattern) with the action code of the Basic Profile and of each option column.
namespace Ratatoskr::Core
{
  enum class TableRowKind
  {
    Attribute,        // one tag
    CurveData,        // (50XX,XXXX)
    OverlayData,      // (60XX,3000)
    OverlayComments,  // (60XX,4000)
    PrivateAttributes // (GGGG,EEEE) where GGGG is odd
  };

  struct TableRow
  {
    TableRowKind kind = TableRowKind::Attribute;
    uint32_t tag = 0;             // (group << 16) | element, for kind == Attribute
    std::string keyword;          // may be empty (e.g. command group rows)
    std::string vr;               // as in the table, e.g. "PN", "OB or OW"; may be empty
    std::string basic;            // e.g. "X", "Z/D", "X/Z/U*"
    std::map<DeidentificationOption, std::string> options;  // non-blank option cells
  };

  class ConfidentialityTable
  {
  public:
    // Path under which the table is embedded (and its place in the source tree).
    static const char* const EmbeddedPath;   // "Resources/Reference/ps3.15-e1-1.json"

    // Throws ProfileError (file = origin) if the JSON is not the expected table.
    static std::shared_ptr<const ConfidentialityTable> Parse(const std::string& json, const std::string& origin);
    static std::shared_ptr<const ConfidentialityTable> LoadFile(const std::string& path);
    // From the embedded resource; throws ProfileError if it is not embedded.
    static std::shared_ptr<const ConfidentialityTable> LoadEmbedded();

    const std::vector<TableRow>& Rows() const { return rows_; }
    const TableRow* FindByTag(uint32_t tag) const;
    const TableRow* FindByKeyword(const std::string& keyword) const;
    const TableRow* Pattern(TableRowKind kind) const;   // nullptr if the table lacks it
    const std::string& Edition() const { return edition_; }

  private:
    std::vector<TableRow> rows_;
    std::map<uint32_t, size_t> byTag_;
    std::map<std::string, size_t> byKeyword_;
    std::map<TableRowKind, size_t> patterns_;
    std::string edition_;
  };
}
