#include "match/policy.h"

#include <set>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace xiezuo::match {

int64_t Policy::MaxScore() const {
  const Weights& w = weights;
  int64_t sum = w.occupation + w.certificate + w.pay + w.place + w.travel + w.lodging + w.board +
                w.inspection + w.enterprise;
  return 100 * sum + 100 * std::max(priority_poverty, priority_disabled);
}

namespace {

void CheckRange(Status& st, const char* field, int value, int lo, int hi) {
  if (value >= lo && value <= hi) return;
  if (st.ok()) st = InvalidArgument("匹配策略有误，请修改标出的字段", "The policy has invalid fields");
  st.AddField(field, fmt::format("{} 应在 {} 到 {} 之间（现为 {}）", field, lo, hi, value),
              fmt::format("{} must be between {} and {} (is {})", field, lo, hi, value));
}

}  // namespace

Status ValidatePolicy(const Policy& p) {
  Status st;
  const Weights& w = p.weights;
  CheckRange(st, "weights.occupation", w.occupation, 0, 100);
  CheckRange(st, "weights.certificate", w.certificate, 0, 100);
  CheckRange(st, "weights.pay", w.pay, 0, 100);
  CheckRange(st, "weights.place", w.place, 0, 100);
  CheckRange(st, "weights.travel", w.travel, 0, 100);
  CheckRange(st, "weights.lodging", w.lodging, 0, 100);
  CheckRange(st, "weights.board", w.board, 0, 100);
  CheckRange(st, "weights.inspection", w.inspection, 0, 100);
  CheckRange(st, "weights.enterprise", w.enterprise, 0, 100);
  CheckRange(st, "priority_poverty", p.priority_poverty, 0, 100);
  CheckRange(st, "priority_disabled", p.priority_disabled, 0, 100);
  CheckRange(st, "alpha", p.alpha, 1, 20);
  CheckRange(st, "k", p.k, 1, 50);
  CheckRange(st, "candidates_per_worker", p.candidates_per_worker, 1, 200);
  if (st.ok() && p.version < 1) {
    st = FieldInvalid("version", "策略版本号应为正整数", "version must be a positive integer");
  }
  if (st.ok() && w.occupation + w.certificate + w.pay + w.place + w.travel + w.lodging + w.board +
                         w.inspection + w.enterprise ==
                     0) {
    st = FieldInvalid("weights", "至少一个权重应大于 0", "at least one weight must be positive");
  }
  return st;
}

StatusOr<Policy> PolicyFromJson(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return FieldInvalid("policy", "匹配策略不是有效的 JSON 对象", "policy is not a JSON object");
  }
  Policy p;
  Status st;
  auto get = [&](const nlohmann::json& obj, const char* key, const std::string& field, auto& out) {
    if (!obj.contains(key)) return;
    const auto& v = obj[key];
    if (!v.is_number_integer()) {
      if (st.ok()) st = InvalidArgument("匹配策略有误，请修改标出的字段", "The policy has invalid fields");
      st.AddField(field, field + " 应为整数", field + " must be an integer");
      return;
    }
    out = v.get<std::remove_reference_t<decltype(out)>>();
  };
  get(j, "version", "version", p.version);
  if (j.contains("weights")) {
    const auto& w = j["weights"];
    if (!w.is_object()) return FieldInvalid("weights", "weights 应为对象", "weights must be an object");
    get(w, "occupation", "weights.occupation", p.weights.occupation);
    get(w, "certificate", "weights.certificate", p.weights.certificate);
    get(w, "pay", "weights.pay", p.weights.pay);
    get(w, "place", "weights.place", p.weights.place);
    get(w, "travel", "weights.travel", p.weights.travel);
    get(w, "lodging", "weights.lodging", p.weights.lodging);
    get(w, "board", "weights.board", p.weights.board);
    get(w, "inspection", "weights.inspection", p.weights.inspection);
    get(w, "enterprise", "weights.enterprise", p.weights.enterprise);
  }
  get(j, "priority_poverty", "priority_poverty", p.priority_poverty);
  get(j, "priority_disabled", "priority_disabled", p.priority_disabled);
  get(j, "alpha", "alpha", p.alpha);
  get(j, "k", "k", p.k);
  get(j, "candidates_per_worker", "candidates_per_worker", p.candidates_per_worker);
  // Name every bad field at once: fields of the wrong type kept their
  // defaults, so the range check below names only the others.
  Status range = ValidatePolicy(p);
  if (!st.ok()) {
    for (const auto& f : range.fields()) st.AddField(f);
    return st;
  }
  RETURN_IF_ERROR(range);
  return p;
}

std::string PolicyToJson(const Policy& p) {
  const Weights& w = p.weights;
  nlohmann::json j = {
      {"version", p.version},
      {"weights",
       {{"occupation", w.occupation},
        {"certificate", w.certificate},
        {"pay", w.pay},
        {"place", w.place},
        {"travel", w.travel},
        {"lodging", w.lodging},
        {"board", w.board},
        {"inspection", w.inspection},
        {"enterprise", w.enterprise}}},
      {"priority_poverty", p.priority_poverty},
      {"priority_disabled", p.priority_disabled},
      {"alpha", p.alpha},
      {"k", p.k},
      {"candidates_per_worker", p.candidates_per_worker}};
  return j.dump();
}

StatusOr<Policy> PolicyFromJsonStrict(const std::string& text) {
  static const std::set<std::string> kTop = {"version",          "weights",
                                             "priority_poverty", "priority_disabled",
                                             "alpha",            "k",
                                             "candidates_per_worker"};
  static const std::set<std::string> kWeights = {"occupation", "certificate", "pay",
                                                 "place",      "travel",      "lodging",
                                                 "board",      "inspection",  "enterprise"};
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  Status st;
  auto unknown = [&st](const std::string& field) {
    if (st.ok()) st = InvalidArgument("匹配策略有误，请修改标出的字段", "The policy has invalid fields");
    st.AddField(field, "未知字段 " + field, "unknown field " + field);
  };
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (!kTop.count(key)) unknown(key);
    }
    if (j.contains("weights") && j["weights"].is_object()) {
      for (const auto& [key, value] : j["weights"].items()) {
        if (!kWeights.count(key)) unknown("weights." + key);
      }
    }
  }
  auto parsed = PolicyFromJson(text);
  if (st.ok()) return parsed;
  // Name every bad field at once: the unknown ones and those with bad values.
  if (!parsed.ok()) {
    for (const auto& f : parsed.status().fields()) st.AddField(f);
  }
  return st;
}

}  // namespace xiezuo::match
