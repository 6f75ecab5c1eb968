#include "Core/ProfileResolver.h"

#include "Core/Errors.h"
#include "Core/TagDictionary.h"

#include <algorithm>
#include <vector>

namespace Ratatoskr::Core
{
  namespace
  {
    // The chain from the named profile up to its root base.
    std::vector<const ProfileLayer*> Chain(const std::string& name, const std::map<std::string, ProfileLayer>& layers)
    {
      std::vector<const ProfileLayer*> chain;
      const auto first = layers.find(name);
      if (first == layers.end())
      {
        throw ProfileError(name, "", "unknown profile");
      }
      const ProfileLayer* current = &first->second;
      for (;;)
      {
        for (const ProfileLayer* seen : chain)
        {
          if (seen->name == current->name)
          {
            throw ProfileError(chain.back()->origin, "Extends", "cycle in Extends (" + name + " ... " +
                               chain.back()->name + " -> " + current->name + ")");
          }
        }
        chain.push_back(current);
        if (!current->extends)
        {
          return chain;
        }
        const auto base = layers.find(*current->extends);
        if (base == layers.end())
        {
          throw ProfileError(current->origin, "Extends", "unknown base profile \"" + *current->extends + "\"");
        }
        current = &base->second;
      }
    }

    AttributeAction TableAction(const TableRow& row, const std::set<DeidentificationOption>& options,
                                const std::string& origin)
    {
      const std::string code = EffectiveTableCode(row, options);
      AttributeAction action;
      if (!ActionOfTableCode(code, action.kind))
      {
        throw ProfileError(origin, "table row " + (row.keyword.empty() ? TagDictionary::FormatTag(row.tag) : row.keyword),
                           "unknown action code \"" + code + "\"");
      }
      if (row.vr == "SQ" && code.size() > 1 && code[0] == 'X' && action.kind != ActionKind::RemapUid)
      {
        // X/Z, X/D, X/Z/D on a sequence: an empty sequence is no valid encoding of a Type 3 sequence
        // such as ReferencedStudySequence (dciodvfy: "number of Items 0"), and a dummy one has no use
        // where the IOD does not need it: remove it. Where the IOD of the instance requires it, the
        // engine empties it (Type 2) or gives it dummy items (Type 1) instead (IodRequirements).
        action.kind = ActionKind::Remove;
      }
      action.origin = "table " + code;
      return action;
    }

    // Rules that keep information the table (with the options) would remove break the Basic claim.
    bool RuleRetainsMore(const ProfileRuleDefinition& rule, const AttributeRuleSet& rules)
    {
      switch (rule.action.kind)
      {
        case ActionKind::Remove:
        case ActionKind::Empty:
        case ActionKind::Dummy:
        case ActionKind::Replace:
        case ActionKind::Pseudonymize:
        case ActionKind::RemapUid:
          return false;
        default:
          break;
      }
      const AttributeAction* table = rules.FindTableAction(rule.path.tag);
      if (table == nullptr)
      {
        return false;   // not in the table: kept by the Basic Profile anyway
      }
      if (table->kind == ActionKind::Keep)
      {
        return false;
      }
      if (table->kind == ActionKind::Clean)
      {
        return rule.action.kind != ActionKind::Clean && rule.action.kind != ActionKind::ShiftDate &&
               rule.action.kind != ActionKind::TruncateDate;
      }
      return true;
    }
  }

  std::string EffectiveTableCode(const TableRow& row, const std::set<DeidentificationOption>& options)
  {
    bool keep = false;
    for (const auto& [option, code] : row.options)
    {
      if (options.count(option) != 0)
      {
        if (code == "C")
        {
          return "C";
        }
        if (code == "K")
        {
          keep = true;
        }
      }
    }
    return keep ? "K" : row.basic;
  }

  bool ActionOfTableCode(const std::string& code, ActionKind& kind)
  {
    if (code == "X") kind = ActionKind::Remove;
    else if (code == "Z" || code == "X/Z") kind = ActionKind::Empty;
    else if (code == "D" || code == "X/D" || code == "Z/D" || code == "X/Z/D") kind = ActionKind::Dummy;
    else if (code == "K") kind = ActionKind::Keep;
    else if (code == "C") kind = ActionKind::Clean;
    else if (code == "U" || code == "X/Z/U*" || code == "X/Z/U") kind = ActionKind::RemapUid;
    else return false;
    return true;
  }

  std::shared_ptr<const ResolvedProfile> ResolveProfile(const std::string& name,
                                                        const std::map<std::string, ProfileLayer>& layers,
                                                        const ConfidentialityTable& table,
                                                        const SafePrivateTags& safePrivateTags,
                                                        std::shared_ptr<const IodRequirements> iodRequirements)
  {
    const std::vector<const ProfileLayer*> chain = Chain(name, layers);
    const ProfileLayer& leaf = *chain.front();

    ResolvedProfileData data;
    data.name = leaf.name;
    data.sourceFile = leaf.origin;
    data.version = "1";
    data.safePrivateTags = safePrivateTags;
    data.iodRequirements = std::move(iodRequirements);
    data.rulesJson = Json::arrayValue;
    for (const ProfileLayer* layer : chain)
    {
      data.extendsChain.push_back(layer->name);
    }

    std::optional<std::set<std::string>> creators;
    std::optional<PrivateTagPolicy> policy;
    size_t policyLayer = 0;    // depth (1 = root base) of the layer that last set the policy / the options
    size_t optionsLayer = 0;
    size_t depth = 0;
    // Root base first, so that children override.
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    {
      const ProfileLayer& layer = **it;
      ++depth;
      if (layer.version) data.version = *layer.version;
      if (layer.description) data.description = *layer.description;
      if (layer.options)
      {
        data.options = *layer.options;
        optionsLayer = depth;
      }
      if (layer.privateTagPolicy)
      {
        policy = layer.privateTagPolicy;
        policyLayer = depth;
      }
      if (layer.privateCreators) creators = layer.privateCreators;
      if (layer.whitelist) data.whitelist = *layer.whitelist;
      if (layer.burnedInAnnotation) data.burnedInAnnotation = *layer.burnedInAnnotation;
      if (layer.masks) data.masks = *layer.masks;
      if (layer.dateShift) data.dateShift = *layer.dateShift;
      data.safePrivateTags.Merge(layer.extraSafeTags);
    }

    // Consistency of the merged profile.
    using Option = DeidentificationOption;
    if (data.options.count(Option::RetainLongitudinalFullDates) != 0 &&
        data.options.count(Option::RetainLongitudinalModifiedDates) != 0)
    {
      throw ProfileError(leaf.origin, "Options", "RetainLongitudinalFullDates and RetainLongitudinalModifiedDates "
                         "exclude each other");
    }
    // The option RetainSafePrivate and "PrivateTags": {"Policy"} say the same thing: the layer that
    // spoke last wins; saying both differently in one layer is an error.
    const bool safeOption = data.options.count(Option::RetainSafePrivate) != 0;
    if (!policy || (safeOption && optionsLayer > policyLayer))
    {
      policy = safeOption ? PrivateTagPolicy::RetainSafe : policy.value_or(PrivateTagPolicy::Remove);
    }
    if (safeOption && *policy != PrivateTagPolicy::RetainSafe)
    {
      if (optionsLayer == policyLayer)
      {
        throw ProfileError(leaf.origin, "PrivateTags", std::string("option RetainSafePrivate contradicts Policy \"") +
                           ToString(*policy) + "\"");
      }
      data.options.erase(Option::RetainSafePrivate);   // a later layer chose another policy
    }
    if (*policy == PrivateTagPolicy::RetainSafe)
    {
      data.options.insert(Option::RetainSafePrivate);
    }
    if (*policy == PrivateTagPolicy::KeepCreators && (!creators || creators->empty()))
    {
      throw ProfileError(leaf.origin, "PrivateTags", "Policy \"KeepCreators\" needs a non-empty \"Creators\" list");
    }
    data.privateTagPolicy = *policy;
    if (creators)
    {
      data.privateCreators = *creators;
    }
    if (data.burnedInAnnotation == BurnedInAnnotationPolicy::Mask && data.masks.empty())
    {
      throw ProfileError(leaf.origin, "BurnedInAnnotation", "\"Mask\" needs a non-empty \"Masks\" list");
    }

    // Table E.1-1 with the options.
    data.tableJson = Json::objectValue;
    AttributeRuleSet tableRules;
    for (const TableRow& row : table.Rows())
    {
      if (row.kind != TableRowKind::Attribute)
      {
        continue;
      }
      const AttributeAction action = TableAction(row, data.options, table.Edition());
      tableRules.SetTableAction(row.tag, action);
      if (row.options.count(DeidentificationOption::CleanDescriptors) == 0 &&
          row.options.count(DeidentificationOption::CleanStructuredContent) == 0 &&
          row.options.count(DeidentificationOption::CleanGraphics) == 0)
      {
        data.identifyingTags.insert(row.tag);
      }
      Json::Value entry(Json::objectValue);
      entry["Keyword"] = row.keyword;
      entry["Code"] = action.origin.substr(6);
      entry["Action"] = ToString(action.kind);
      data.tableJson[TagDictionary::FormatTag(row.tag).substr(1, 9)] = entry;
    }
    const auto patternAction = [&](TableRowKind kind) {
      const TableRow* row = table.Pattern(kind);
      if (row == nullptr)
      {
        AttributeAction remove;
        remove.kind = ActionKind::Remove;
        remove.origin = "default";
        return remove;
      }
      return TableAction(*row, data.options, table.Edition());
    };
    data.curveData = patternAction(TableRowKind::CurveData);
    data.overlayData = patternAction(TableRowKind::OverlayData);
    data.overlayComments = patternAction(TableRowKind::OverlayComments);
    data.tableRules = tableRules;
    if (!data.whitelist)
    {
      data.rules = tableRules;
    }
    else
    {
      // In whitelist mode only explicit rules keep anything: the table does not apply.
      data.curveData.kind = ActionKind::Remove;
      data.overlayData.kind = ActionKind::Remove;
      data.overlayComments.kind = ActionKind::Remove;
    }

    // Explicit rules, root base first.
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    {
      for (const ProfileRuleDefinition& rule : (*it)->rules)
      {
        data.rules.AddRule(rule.path, rule.action);
        Json::Value written = rule.json;
        written["From"] = (*it)->name;
        data.rulesJson.append(written);
      }
    }
    data.conformsToBasicProfile = (data.privateTagPolicy != PrivateTagPolicy::KeepCreators);
    for (auto it = chain.rbegin(); it != chain.rend() && data.conformsToBasicProfile; ++it)
    {
      for (const ProfileRuleDefinition& rule : (*it)->rules)
      {
        if (RuleRetainsMore(rule, tableRules))
        {
          data.conformsToBasicProfile = false;
          break;
        }
      }
    }
    return std::make_shared<const ResolvedProfile>(std::move(data));
  }
}
