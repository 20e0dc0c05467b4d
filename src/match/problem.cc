#include "match/problem.h"

#include <algorithm>

#include <fmt/format.h>

namespace xiezuo::match {

uint32_t PackOccupation(std::string_view code) {
  // d-dd-dd-dd; group codes ("6-18", "6-18-02") pack with zeros.
  if (code.empty() || code[0] < '1' || code[0] > '9') return 0;
  uint32_t v = static_cast<uint32_t>(code[0] - '0');
  size_t pos = 1;
  for (int part = 0; part < 3; ++part) {
    v *= 100;
    if (pos == code.size()) continue;
    if (pos + 3 > code.size() || code[pos] != '-') return 0;
    char a = code[pos + 1], b = code[pos + 2];
    if (a < '0' || a > '9' || b < '0' || b > '9') return 0;
    v += static_cast<uint32_t>((a - '0') * 10 + (b - '0'));
    pos += 3;
  }
  return pos == code.size() ? v : 0;
}

std::string UnpackOccupation(uint32_t p) {
  return fmt::format("{}-{:02d}-{:02d}-{:02d}", p / 1000000, p / 10000 % 100, p / 100 % 100,
                     p % 100);
}

uint32_t PackRegion(std::string_view code) {
  if (code.size() < 6) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 6; ++i) {
    if (code[i] < '0' || code[i] > '9') return 0;
    v = v * 10 + static_cast<uint32_t>(code[i] - '0');
  }
  return v >= 110000 ? v : 0;
}

bool RegionIn(uint32_t code, uint32_t area) {
  if (area == 0 || code == 0) return false;
  if (area % 10000 == 0) return code / 10000 == area / 10000;
  if (area % 100 == 0) return code / 100 == area / 100;
  return code == area;
}

const char* SkipReasonName(SkipReason r) {
  switch (r) {
    case SkipReason::kWorkerAge: return "worker_age";
    case SkipReason::kWorkerNoOccupation: return "worker_no_occupation";
    case SkipReason::kWorkerNoHome: return "worker_no_home";
    case SkipReason::kWorkerNegativeFloor: return "worker_wage_floor";
    case SkipReason::kPostingNoOccupation: return "posting_no_occupation";
    case SkipReason::kPostingNoPlace: return "posting_no_place";
    case SkipReason::kPostingPayRange: return "posting_pay_range";
    case SkipReason::kPostingAgeRange: return "posting_age_range";
    case SkipReason::kCount: break;
  }
  return "unknown";
}

namespace {
uint16_t Clamp16(int v) { return static_cast<uint16_t>(std::clamp(v, 0, 65535)); }
uint8_t Clamp8(int v) { return static_cast<uint8_t>(std::clamp(v, 0, 255)); }
}  // namespace

bool Problem::AddWorker(const WorkerRecord& w) {
  auto skip = [&](SkipReason r) {
    ++skipped[static_cast<int>(r)];
    if (skip_log.size() < 1000) {
      skip_log.push_back(fmt::format("worker {} skipped: {}", w.id, SkipReasonName(r)));
    }
    return false;
  };
  if (w.age < 16 || w.age > 70) return skip(SkipReason::kWorkerAge);
  if (w.home_county == 0) return skip(SkipReason::kWorkerNoHome);
  if (w.wage_floor < 0 || w.wage_floor > 60000) return skip(SkipReason::kWorkerNegativeFloor);
  uint32_t occ[kMaxOcc] = {};
  int n = 0;
  for (uint32_t o : w.occupations) {
    if (o == 0 || n == kMaxOcc || std::find(occ, occ + n, o) != occ + n) continue;
    occ[n++] = o;
  }
  if (n == 0) return skip(SkipReason::kWorkerNoOccupation);
  worker_id.push_back(w.id);
  w_age.push_back(Clamp8(w.age));
  w_home.push_back(w.home_county);
  for (uint32_t o : occ) w_occ.push_back(o);
  int m = 0;
  for (uint32_t r : w.wanted) {
    if (r == 0 || m == kMaxWanted) continue;
    w_wanted.push_back(r);
    ++m;
  }
  for (; m < kMaxWanted; ++m) w_wanted.push_back(0);
  w_floor.push_back(Clamp16(w.wage_floor));
  w_certs.push_back(w.certificates);
  w_flags.push_back(w.flags);
  w_status.push_back(static_cast<uint8_t>(w.status));
  return true;
}

bool Problem::AddPosting(const PostingRecord& p) {
  auto skip = [&](SkipReason r) {
    ++skipped[static_cast<int>(r)];
    if (skip_log.size() < 1000) {
      skip_log.push_back(fmt::format("posting {} skipped: {}", p.id, SkipReasonName(r)));
    }
    return false;
  };
  if (p.occupation == 0) return skip(SkipReason::kPostingNoOccupation);
  if (p.county == 0) return skip(SkipReason::kPostingNoPlace);
  if (p.wage_min < 0 || p.wage_max < p.wage_min) return skip(SkipReason::kPostingPayRange);
  if (p.age_min > p.age_max) return skip(SkipReason::kPostingAgeRange);
  posting_id.push_back(p.id);
  p_enterprise.push_back(p.enterprise_id);
  p_occ.push_back(p.occupation);
  p_county.push_back(p.county);
  p_openings.push_back(Clamp16(p.openings));
  p_wage_min.push_back(Clamp16(p.wage_min));
  p_wage_max.push_back(Clamp16(p.wage_max));
  p_age_min.push_back(Clamp8(p.age_min));
  p_age_max.push_back(Clamp8(p.age_max));
  p_dorm.push_back(Clamp8(p.dorm_size));
  p_req_certs.push_back(p.required_certs);
  p_pref_certs.push_back(p.preferred_certs);
  p_valid_until.push_back(p.valid_until_day);
  p_inspection.push_back(static_cast<int8_t>(std::clamp(p.inspection, -1, 100)));
  p_retention.push_back(static_cast<int8_t>(std::clamp(p.retention, -1, 100)));
  p_complaints.push_back(Clamp8(p.complaints));
  p_flags.push_back(p.flags);
  return true;
}

int64_t Problem::total_skipped() const {
  int64_t n = 0;
  for (int64_t s : skipped) n += s;
  return n;
}

void Problem::Finish() {
  index.clear();
  cities_by_mid.clear();
  for (uint32_t j = 0; j < num_postings(); ++j) {
    uint32_t mid = p_occ[j] / 10000;
    uint32_t city = (p_flags[j] & kRemoteOk) ? 0 : CityOf(p_county[j]);
    auto& list = index[(uint64_t{mid} << 32) | city];
    if (list.empty() && city != 0) cities_by_mid[mid].push_back(city);
    list.push_back(j);
  }
  for (auto& [mid, cities] : cities_by_mid) std::sort(cities.begin(), cities.end());
}

size_t Problem::MemoryBytes() const {
  auto b = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  size_t n = b(worker_id) + b(w_age) + b(w_home) + b(w_occ) + b(w_wanted) + b(w_floor) +
             b(w_certs) + b(w_flags) + b(w_status) + b(posting_id) + b(p_enterprise) + b(p_occ) +
             b(p_county) + b(p_openings) + b(p_wage_min) + b(p_wage_max) + b(p_age_min) +
             b(p_age_max) + b(p_dorm) + b(p_req_certs) + b(p_pref_certs) + b(p_valid_until) +
             b(p_inspection) + b(p_retention) + b(p_complaints) + b(p_flags);
  for (const auto& [k, v] : index) n += 16 + b(v);
  return n;
}

uint32_t CertificateDictionary::Bit(const std::string& name) {
  auto it = bits_.find(name);
  if (it == bits_.end()) {
    int bit = std::min<int>(static_cast<int>(bits_.size()), 31);
    it = bits_.emplace(name, bit).first;
  }
  return 1u << it->second;
}

uint32_t CertificateDictionary::Mask(const std::vector<std::string>& names) {
  uint32_t m = 0;
  for (const auto& n : names) m |= Bit(n);
  return m;
}

}  // namespace xiezuo::match
