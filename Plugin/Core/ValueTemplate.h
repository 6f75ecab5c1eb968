#pragma once

#include <functional>
#include <string>
#include <vector>

// A replacement value with placeholders: "CASE-{CaseId}" or "{CaseId|PatientPseudonym}" (the first
// alternative that has a value wins). "{{" and "}}" are literal braces.
namespace Ratatoskr::Core
{
  class ValueTemplate
  {
  public:
    ValueTemplate() = default;

    // Throws std::invalid_argument (with a reason, no value) on bad syntax.
    static ValueTemplate Parse(const std::string& text);

    const std::string& Text() const { return text_; }

    // All placeholder names used, in order.
    std::vector<std::string> Names() const;

    // lookup(name, out) returns true if the name has a value. Throws std::out_of_range naming the
    // placeholder if none of the alternatives of one placeholder has a value.
    std::string Render(const std::function<bool(const std::string&, std::string&)>& lookup) const;

  private:
    struct Part
    {
      std::string literal;                    // used when alternatives is empty
      std::vector<std::string> alternatives;  // placeholder names
    };

    std::string text_;
    std::vector<Part> parts_;
  };
}
