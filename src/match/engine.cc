#include "match/engine.h"

#include <algorithm>
#include <array>
#include <map>
#include <queue>
#include <thread>

#include <fmt/format.h>

namespace xiezuo::match {

const char* RuleName(Rule r) {
  switch (r) {
    case Rule::kOk: return "ok";
    case Rule::kWorkerNotAvailable: return "worker_not_available";
    case Rule::kPostingNotLive: return "posting_not_live";
    case Rule::kBlacklisted: return "enterprise_blacklisted";
    case Rule::kAgeOutOfRange: return "age_out_of_range";
    case Rule::kMissingCertificate: return "missing_certificate";
    case Rule::kPlaceNotAcceptable: return "place_not_acceptable";
    case Rule::kPayBelowFloor: return "pay_below_floor";
    case Rule::kCoupleNeedsTwo: return "couple_needs_two";
  }
  return "unknown";
}

namespace {

int LodgingComponent(bool wants, bool lodging, int dorm) {
  if (!wants) return 50;
  if (!lodging) return 0;
  if (dorm == 0) return 70;
  return std::clamp(100 - 10 * (dorm - 4), 40, 100);
}
int BoardComponent(bool wants, bool board) { return !wants ? 50 : board ? 100 : 0; }
int EnterpriseComponent(int retention, int complaints, bool arrears) {
  int v = retention < 0 ? 60 : retention;
  v -= 15 * complaints;
  if (arrears) v -= 30;
  return std::clamp(v, 0, 100);
}
int InspectionComponent(int inspection) { return inspection < 0 ? 50 : inspection; }
int TravelComponent(int hours, bool same_city) {
  if (same_city) return 100;
  if (hours <= 0) return 50;
  return std::clamp(100 - 4 * hours, 0, 100);
}

// 5500 → "5,500"
std::string Yuan(int v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace

namespace {

// Keeps the best `limit` (score, index) pairs, a higher score first and a
// lower index on equal scores, so the kept set does not depend on the order
// of the offers (candidate generation visits postings best bound first):
// a heap whose front is the worst kept.
struct TopK {
  size_t limit;
  std::vector<std::pair<int32_t, uint32_t>> heap;
  // A function object, not a function pointer, so the heap code inlines it.
  struct BetterT {
    bool operator()(const std::pair<int32_t, uint32_t>& a, const std::pair<int32_t, uint32_t>& b) const {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    }
  };
  static constexpr BetterT Better{};
  void Offer(int32_t s, uint32_t p) {
    if (heap.size() < limit) {
      heap.emplace_back(s, p);
      std::push_heap(heap.begin(), heap.end(), Better);
    } else if (Better({s, p}, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), Better);
      heap.back() = {s, p};
      std::push_heap(heap.begin(), heap.end(), Better);
    }
  }
  // True when a pair scoring at most `bound` cannot enter the list.
  bool Excludes(int32_t bound) const { return heap.size() >= limit && bound < heap.front().first; }
  // Best first; ties by index for determinism.
  std::vector<std::pair<int32_t, uint32_t>> Sorted() {
    std::sort(heap.begin(), heap.end(), Better);
    return std::move(heap);
  }
};

}  // namespace

namespace {

// Fit of a worker's occupation o (0 = none) to a posting's po.
int OccupationFit(uint32_t o, uint32_t po) {
  if (o == 0) return 0;
  return o == po                       ? 100
         : o / 100 == po / 100         ? 70
         : o / 10000 == po / 10000     ? 40
         : o / 1000000 == po / 1000000 ? 10
                                       : 0;
}

}  // namespace

Engine::Engine(const Problem& problem, const Policy& policy, int today)
    : prob_(problem), policy_(policy), today_(today) {
  const size_t P = prob_.num_postings();
  static_score_.resize(4 * P);
  live_.resize(P);
  const Weights& wt = policy_.weights;
  for (uint32_t j = 0; j < P; ++j) {
    uint16_t f = prob_.p_flags[j];
    live_[j] = (f & kPublished) && prob_.p_openings[j] > 0 &&
               (prob_.p_valid_until[j] == 0 || prob_.p_valid_until[j] >= today_);
    int base = wt.inspection * InspectionComponent(prob_.p_inspection[j]) +
               wt.enterprise * EnterpriseComponent(prob_.p_retention[j], prob_.p_complaints[j],
                                                   f & kArrearsHistory);
    for (int v = 0; v < 4; ++v) {
      bool wl = v & 1, wb = v & 2;
      static_score_[4 * j + v] = base +
                                 wt.lodging * LodgingComponent(wl, f & kLodging, prob_.p_dorm[j]) +
                                 wt.board * BoardComponent(wb, f & kBoard);
    }
  }
  prec_.resize(P);
  for (uint32_t j = 0; j < P; ++j) {
    PostingRec& r = prec_[j];
    uint16_t f = prob_.p_flags[j];
    for (int v = 0; v < 4; ++v) r.stat[v] = static_score_[4 * j + v];
    r.occ = prob_.p_occ[j];
    r.county = prob_.p_county[j];
    r.req_certs = prob_.p_req_certs[j];
    r.any_certs = prob_.p_req_certs[j] | prob_.p_pref_certs[j];
    r.wage_min = prob_.p_wage_min[j];
    r.flags = f;
    r.age_min = prob_.p_age_min[j];
    r.age_max = prob_.p_age_max[j];
    r.open = live_[j] && !(f & kBlacklisted);
    r.couple_ok = (f & kCoupleOk) && prob_.p_openings[j] >= 2;
  }
  BuildIndex();
  BuildFeatures();
}

// What the hot loop of candidate generation needs of one worker, loaded
// once; each visited posting is then one PostingRec.
struct Engine::Visitor {
  const Engine* eng;
  uint32_t w;
  TopK* top;
  uint32_t occ[Problem::kMaxOcc];
  uint32_t wanted[Problem::kMaxWanted];
  uint32_t home, certs;
  int floor;
  uint16_t wflags;
  uint8_t age;
  int variant;
  int32_t prio;
  int32_t rest_max;  // the most the certificate, pay, place and travel add
  // Travel depends on the city only: one lookup per bucket.
  uint32_t city = UINT32_MAX;
  int32_t travel = 0;

  Visitor(const Engine* e, uint32_t worker, TopK* t) : eng(e), w(worker), top(t) {
    const Problem& pr = e->prob_;
    for (int i = 0; i < Problem::kMaxOcc; ++i) occ[i] = pr.w_occ[size_t{w} * Problem::kMaxOcc + i];
    for (int i = 0; i < Problem::kMaxWanted; ++i)
      wanted[i] = pr.w_wanted[size_t{w} * Problem::kMaxWanted + i];
    home = pr.w_home[w];
    certs = pr.w_certs[w];
    floor = pr.w_floor[w];
    wflags = pr.w_flags[w];
    age = pr.w_age[w];
    variant = ((wflags & kWantsLodging) ? 1 : 0) | ((wflags & kWantsBoard) ? 2 : 0);
    int pv = 0;
    if (wflags & kPoverty) pv = std::max(pv, e->policy_.priority_poverty);
    if (wflags & kDisabled) pv = std::max(pv, e->policy_.priority_disabled);
    prio = 100 * pv;
    const Weights& wt = e->policy_.weights;
    rest_max = 100 * (wt.certificate + wt.pay + wt.place + wt.travel) + prio;
  }

  void operator()(uint32_t p) {
    const PostingRec& r = eng->prec_[p];
    if (!r.open) return;
    if (age < r.age_min || age > r.age_max) return;
    if (r.req_certs & ~certs) return;
    // PlaceOk.
    bool want = false;
    if (wflags & kWorkFromHome) {
      if (!(r.flags & kRemoteOk)) return;
      want = true;
    } else if (r.flags & kRemoteOk) {
    } else if (wflags & kLocalOnly) {
      if (r.county != home) return;
      want = true;
    } else if (wanted[0] != 0) {
      for (int i = 0; i < Problem::kMaxWanted && wanted[i] != 0; ++i) {
        if (RegionIn(r.county, wanted[i])) {
          want = true;
          break;
        }
      }
      if (!want) return;
    }
    if (r.wage_min < floor && !(wflags & kAllowBelowFloor)) return;
    if ((wflags & kCouple) && !r.couple_ok) return;
    uint32_t c = (r.flags & kRemoteOk) ? 0 : r.county / 100;
    if (c != city) {
      city = c;
      travel = eng->policy_.weights.travel * eng->TravelOf(w, p);
    }
    const Weights& wt = eng->policy_.weights;
    int fit = 0;
    for (int i = 0; i < Problem::kMaxOcc; ++i) fit = std::max(fit, OccupationFit(occ[i], r.occ));
    int pay = r.wage_min;
    int pay_c = floor == 0 ? 50 : pay < floor ? 0 : std::min(100, 50 + 100 * (pay - floor) / floor);
    int32_t s = r.stat[variant] + wt.occupation * fit + ((r.any_certs & certs) ? wt.certificate * 100 : 0) +
                wt.pay * pay_c + wt.place * (want ? 100 : 50) + travel + prio;
    top->Offer(s, p);
  }
  size_t found() const { return top->heap.size(); }
};

void Engine::BuildFeatures() {
  static_assert(Problem::kMaxOcc == 2, "WorkerFeatures holds two occupations");
  const uint32_t W = static_cast<uint32_t>(prob_.num_workers());
  std::map<std::array<uint32_t, 6>, uint32_t> places;
  std::unordered_map<uint32_t, uint16_t> homes, occs;
  occ_code_ = {0};
  bool overflow = false;
  auto intern16 = [&](std::unordered_map<uint32_t, uint16_t>& ids, std::vector<uint32_t>& reps,
                      uint32_t key, uint32_t rep) -> uint16_t {
    if (ids.size() >= UINT16_MAX) {
      overflow = true;
      return 0;
    }
    auto [it, fresh] = ids.try_emplace(key, static_cast<uint16_t>(reps.size()));
    if (fresh) reps.push_back(rep);
    return it->second;
  };
  std::vector<WorkerFeatures> by_worker(W);
  std::vector<uint32_t> place_of(W);
  for (uint32_t w = 0; w < W; ++w) {
    WorkerFeatures& f = by_worker[w];
    uint16_t wf = prob_.w_flags[w];
    f.certs = prob_.w_certs[w];
    f.worker = w;
    f.floor = prob_.w_floor[w];
    f.age = prob_.w_age[w];
    f.bits = static_cast<uint8_t>(
        ((wf & kWantsLodging) ? kFLodging : 0) | ((wf & kWantsBoard) ? kFBoard : 0) |
        ((wf & kPoverty) ? kFPoverty : 0) | ((wf & kDisabled) ? kFDisabled : 0) |
        ((wf & kCouple) ? kFCouple : 0) | ((wf & kAllowBelowFloor) ? kFBelowOk : 0) |
        (prob_.w_status[w] != static_cast<uint8_t>(WorkerStatus::kAvailable) ? kFUnavailable : 0));
    // What PlaceOk reads: the two place flags, the home county when local
    // only, the wanted regions otherwise.
    std::array<uint32_t, 6> key{};
    key[0] = wf & (kWorkFromHome | kLocalOnly);
    if (wf & kWorkFromHome) {
    } else if (wf & kLocalOnly) {
      key[1] = prob_.w_home[w];
    } else {
      for (int i = 0; i < Problem::kMaxWanted; ++i)
        key[2 + i] = prob_.w_wanted[size_t{w} * Problem::kMaxWanted + i];
    }
    auto [it, fresh] = places.try_emplace(key, static_cast<uint32_t>(place_rep_.size()));
    if (fresh) place_rep_.push_back(w);
    place_of[w] = it->second;
    f.home = intern16(homes, home_rep_, prob_.w_home[w], w);
    for (int i = 0; i < 2; ++i) {
      uint32_t o = prob_.w_occ[size_t{w} * Problem::kMaxOcc + i];
      f.occ[i] = o == 0 ? 0 : intern16(occs, occ_code_, o, o);
    }
  }
  if (overflow) return;  // RankWorkers falls back to RankWorkersSlow
  // Counting sort by place class, stable: by worker within a class.
  place_begin_.assign(place_rep_.size() + 1, 0);
  for (uint32_t w = 0; w < W; ++w) ++place_begin_[place_of[w] + 1];
  for (size_t c = 0; c + 1 < place_begin_.size(); ++c) place_begin_[c + 1] += place_begin_[c];
  features_.resize(W);
  std::vector<uint32_t> fill(place_begin_.begin(), place_begin_.end() - 1);
  for (uint32_t w = 0; w < W; ++w) features_[fill[place_of[w]]++] = by_worker[w];
}

bool Engine::PlaceOk(uint32_t w, uint32_t p, bool* wanted) const {
  uint16_t wf = prob_.w_flags[w];
  uint16_t pf = prob_.p_flags[p];
  *wanted = false;
  if (wf & kWorkFromHome) {
    *wanted = (pf & kRemoteOk) != 0;
    return *wanted;
  }
  if (pf & kRemoteOk) return true;  // remote work suits anyone who may travel
  uint32_t county = prob_.p_county[p];
  if (wf & kLocalOnly) {
    *wanted = county == prob_.w_home[w];
    return *wanted;
  }
  const uint32_t* wr = &prob_.w_wanted[size_t{w} * Problem::kMaxWanted];
  if (wr[0] == 0) return true;  // no preference: anywhere
  for (int i = 0; i < Problem::kMaxWanted && wr[i] != 0; ++i) {
    if (RegionIn(county, wr[i])) {
      *wanted = true;
      return true;
    }
  }
  return false;
}

Rule Engine::CheckRules(uint32_t w, uint32_t p) const {
  if (prob_.w_status[w] != static_cast<uint8_t>(WorkerStatus::kAvailable)) {
    return Rule::kWorkerNotAvailable;
  }
  if (!live_[p]) return Rule::kPostingNotLive;
  uint16_t pf = prob_.p_flags[p], wf = prob_.w_flags[w];
  if (pf & kBlacklisted) return Rule::kBlacklisted;
  int age = prob_.w_age[w];
  if (age < prob_.p_age_min[p] || age > prob_.p_age_max[p]) return Rule::kAgeOutOfRange;
  if (prob_.p_req_certs[p] & ~prob_.w_certs[w]) return Rule::kMissingCertificate;
  bool wanted;
  if (!PlaceOk(w, p, &wanted)) return Rule::kPlaceNotAcceptable;
  if (prob_.p_wage_min[p] < prob_.w_floor[w] && !(wf & kAllowBelowFloor)) {
    return Rule::kPayBelowFloor;
  }
  if ((wf & kCouple) && (!(pf & kCoupleOk) || prob_.p_openings[p] < 2)) {
    return Rule::kCoupleNeedsTwo;
  }
  return Rule::kOk;
}

int Engine::PayComponent(uint32_t w, uint32_t p) const {
  int floor = prob_.w_floor[w], pay = prob_.p_wage_min[p];
  if (floor == 0) return 50;
  if (pay < floor) return 0;
  return std::min(100, 50 + 100 * (pay - floor) / floor);
}


int Engine::OccupationComponent(uint32_t w, uint32_t p) const {
  uint32_t po = prob_.p_occ[p];
  int best = 0;
  for (int i = 0; i < Problem::kMaxOcc; ++i) {
    best = std::max(best, OccupationFit(prob_.w_occ[size_t{w} * Problem::kMaxOcc + i], po));
  }
  return best;
}

ScoreParts Engine::Parts(uint32_t w, uint32_t p) const {
  ScoreParts s;
  uint16_t wf = prob_.w_flags[w], pf = prob_.p_flags[p];
  s.occupation = OccupationComponent(w, p);
  s.certificate = ((prob_.p_req_certs[p] | prob_.p_pref_certs[p]) & prob_.w_certs[w]) ? 100 : 0;
  s.pay = PayComponent(w, p);
  bool wanted = false;
  PlaceOk(w, p, &wanted);
  s.place = wanted ? 100 : 50;
  uint32_t city = CityOf(prob_.p_county[p]);
  bool same_city = (pf & kRemoteOk) || CityOf(prob_.w_home[w]) == city;
  s.travel = TravelComponent(prob_.TravelHours(prob_.w_home[w], city), same_city);
  s.lodging = LodgingComponent(wf & kWantsLodging, pf & kLodging, prob_.p_dorm[p]);
  s.board = BoardComponent(wf & kWantsBoard, pf & kBoard);
  s.inspection = InspectionComponent(prob_.p_inspection[p]);
  s.enterprise =
      EnterpriseComponent(prob_.p_retention[p], prob_.p_complaints[p], pf & kArrearsHistory);
  int prio = 0;
  if (wf & kPoverty) prio = std::max(prio, policy_.priority_poverty);
  if (wf & kDisabled) prio = std::max(prio, policy_.priority_disabled);
  s.priority = 100 * prio;
  const Weights& wt = policy_.weights;
  s.total = int64_t{wt.occupation} * s.occupation + wt.certificate * s.certificate +
            wt.pay * s.pay + wt.place * s.place + wt.travel * s.travel + wt.lodging * s.lodging +
            wt.board * s.board + wt.inspection * s.inspection + wt.enterprise * s.enterprise +
            s.priority;
  return s;
}

int Engine::TravelOf(uint32_t w, uint32_t p) const {
  return TravelToCity(w, (prob_.p_flags[p] & kRemoteOk) ? 0 : CityOf(prob_.p_county[p]));
}

int Engine::TravelToCity(uint32_t w, uint32_t city) const {
  bool same_city = city == 0 || CityOf(prob_.w_home[w]) == city;
  return TravelComponent(prob_.travel_hours.empty() ? 0 : prob_.TravelHours(prob_.w_home[w], city),
                         same_city);
}

int32_t Engine::Score(uint32_t w, uint32_t p) const { return ScoreWithTravel(w, p, TravelOf(w, p)); }

int32_t Engine::ScoreWithTravel(uint32_t w, uint32_t p, int travel) const {
  // The hot path: the posting-only parts come precomputed.
  uint16_t wf = prob_.w_flags[w];
  const Weights& wt = policy_.weights;
  int v = ((wf & kWantsLodging) ? 1 : 0) | ((wf & kWantsBoard) ? 2 : 0);
  int32_t s = static_score_[4 * size_t{p} + v];
  s += wt.occupation * OccupationComponent(w, p);
  if ((prob_.p_req_certs[p] | prob_.p_pref_certs[p]) & prob_.w_certs[w]) s += wt.certificate * 100;
  s += wt.pay * PayComponent(w, p);
  bool wanted = false;
  PlaceOk(w, p, &wanted);
  s += wt.place * (wanted ? 100 : 50);
  s += wt.travel * travel;
  int prio = 0;
  if (wf & kPoverty) prio = std::max(prio, policy_.priority_poverty);
  if (wf & kDisabled) prio = std::max(prio, policy_.priority_disabled);
  return s + 100 * prio;
}

Reasons Engine::Explain(uint32_t w, uint32_t p) const {
  std::vector<std::string> zh, en;
  uint16_t wf = prob_.w_flags[w], pf = prob_.p_flags[p];
  int lo = prob_.p_wage_min[p], hi = prob_.p_wage_max[p], floor = prob_.w_floor[w];
  std::string pay_zh = lo == hi ? Yuan(lo) : Yuan(lo) + "–" + Yuan(hi);
  if (floor == 0) {
    zh.push_back("月薪" + pay_zh + "元");
    en.push_back("pay " + pay_zh + " yuan/month");
  } else if (lo >= floor) {
    zh.push_back("月薪" + pay_zh + "元 ≥ 期望" + Yuan(floor) + "元");
    en.push_back("pay " + pay_zh + " yuan/month ≥ wanted " + Yuan(floor));
  } else {
    zh.push_back("月薪" + pay_zh + "元，低于期望" + Yuan(floor) + "元（本人接受）");
    en.push_back("pay " + pay_zh + " yuan/month, below the wanted " + Yuan(floor) +
                 " (accepted by the worker)");
  }
  if (pf & kLodging) {
    int d = prob_.p_dorm[p];
    zh.push_back(d > 0 ? fmt::format("包住，{}人间", d) : "包住");
    en.push_back(d > 0 ? fmt::format("dormitory, {} to a room", d) : "dormitory");
  } else if (wf & kWantsLodging) {
    zh.push_back("不包住");
    en.push_back("no dormitory");
  }
  if (pf & kBoard) {
    zh.push_back("包吃");
    en.push_back("meals provided");
  }
  auto occ_name = [&](uint32_t o) {
    auto it = prob_.occupation_names.find(o);
    return it == prob_.occupation_names.end() ? UnpackOccupation(o) : it->second;
  };
  int occ = OccupationComponent(w, p);
  std::string on = occ_name(prob_.p_occ[p]);
  if (occ == 100) {
    zh.push_back(on + "对口");
    en.push_back(on + ": same occupation");
  } else if (occ >= 40) {
    zh.push_back(on + "与所报工种相近");
    en.push_back(on + ": close to the wanted occupation");
  } else if (occ > 0) {
    zh.push_back(on + "与所报工种同一大类");
    en.push_back(on + ": same major group as the wanted occupation");
  }
  if (((prob_.p_req_certs[p] | prob_.p_pref_certs[p]) & prob_.w_certs[w]) != 0) {
    zh.push_back("持有岗位所需证书");
    en.push_back("holds the certificate the job asks for");
  }
  bool wanted = false;
  PlaceOk(w, p, &wanted);
  uint32_t city = CityOf(prob_.p_county[p]);
  auto region_name = [&](uint32_t r) {
    auto it = prob_.region_names.find(r);
    return it == prob_.region_names.end() ? std::to_string(r) : it->second;
  };
  if (pf & kRemoteOk) {
    zh.push_back("可居家工作");
    en.push_back("can be done from home");
  } else if (wf & kLocalOnly) {
    zh.push_back("在户籍县内就业");
    en.push_back("in the home county");
  } else if (wanted) {
    std::string cn = region_name(city);
    zh.push_back(cn + "为意向地区");
    en.push_back(cn + " is a wanted region");
  }
  int hours = prob_.TravelHours(prob_.w_home[w], city);
  if (hours > 0 && !(pf & kRemoteOk)) {
    zh.push_back(fmt::format("距家约{}小时车程", hours));
    en.push_back(fmt::format("about {} h from home", hours));
  }
  int insp = prob_.p_inspection[p];
  if (insp >= 0) {
    zh.push_back(fmt::format("驻外站核验{}分", insp));
    en.push_back(fmt::format("station inspection {}/100", insp));
  }
  int ret = prob_.p_retention[p];
  if (ret >= 0) {
    zh.push_back(fmt::format("企业三个月留存率{}%", ret));
    en.push_back(fmt::format("3-month retention {}%", ret));
  }
  if (prob_.p_complaints[p] > 0) {
    zh.push_back(fmt::format("近一年投诉{}次", prob_.p_complaints[p]));
    en.push_back(fmt::format("{} complaint(s) in the last year", prob_.p_complaints[p]));
  }
  if (pf & kArrearsHistory) {
    zh.push_back("企业曾有欠薪记录（已结清）");
    en.push_back("the employer once owed wages (settled)");
  }
  if ((wf & kPoverty) && policy_.priority_poverty > 0) {
    zh.push_back("脱贫劳动力优先");
    en.push_back("priority: poverty-alleviated worker");
  }
  if ((wf & kDisabled) && policy_.priority_disabled > 0) {
    zh.push_back("残疾人优先");
    en.push_back("priority: worker with a disability");
  }
  Reasons r;
  for (size_t i = 0; i < zh.size(); ++i) {
    if (i) {
      r.zh += "；";
      r.en += "; ";
    }
    r.zh += zh[i];
    r.en += en[i];
  }
  return r;
}

void Engine::BuildIndex() {
  const uint32_t P = static_cast<uint32_t>(prob_.num_postings());
  // (bucket, key per level, posting): sorted, it lays the postings out
  // bucket by bucket and block by block.
  struct Entry {
    uint64_t bucket;
    uint64_t key[kLevels];
    uint32_t p;
  };
  std::vector<Entry> entries;
  for (uint32_t j = 0; j < P; ++j) {
    const PostingRec& r = prec_[j];
    if (!r.open) continue;  // postings no worker may be offered stay out
    uint32_t city = (r.flags & kRemoteOk) ? 0 : CityOf(r.county);
    entries.push_back({(uint64_t{r.occ} << 32) | city,
                       {(uint64_t{r.age_max} << 40) | (uint64_t{r.couple_ok} << 32) | r.any_certs,
                        static_cast<uint64_t>(r.wage_min / kPayBand)},
                       j});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.bucket != b.bucket) return a.bucket < b.bucket;
    for (int l = 0; l < kLevels; ++l)
      if (a.key[l] != b.key[l]) return a.key[l] < b.key[l];
    return a.p < b.p;
  });
  for (auto& o : order_) o.resize(entries.size());
  auto empty = [] { return Block{0, 0, {INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN}, 0, ~0u, 0, 255, 0, 0}; };
  auto absorb = [](Block& b, const Block& c) {
    for (int v = 0; v < 4; ++v) b.stat_best[v] = std::max(b.stat_best[v], c.stat_best[v]);
    b.any_certs |= c.any_certs;
    b.req_common &= c.req_common;
    b.wage_hi = std::max(b.wage_hi, c.wage_hi);
    b.age_lo = std::min(b.age_lo, c.age_lo);
    b.age_hi = std::max(b.age_hi, c.age_hi);
    b.couple |= c.couple;
  };
  // Builds the block of `level` over entries [i, …) that share the bucket and
  // the keys of the levels above; returns it with i moved past them.
  auto build = [&](auto& self, size_t& i, int level) -> Block {
    const Entry& first = entries[i];
    auto same = [&](const Entry& e) {
      if (e.bucket != first.bucket) return false;
      for (int l = 0; l <= level; ++l)
        if (e.key[l] != first.key[l]) return false;
      return true;
    };
    Block b = empty();
    if (level == kLevels - 1) {
      b.begin = static_cast<uint32_t>(i);
      for (; i < entries.size() && same(entries[i]); ++i) {
        const PostingRec& r = prec_[entries[i].p];
        Block one{0, 0, {r.stat[0], r.stat[1], r.stat[2], r.stat[3]}, r.any_certs, r.req_certs, r.wage_min,
                  r.age_min, r.age_max, r.couple_ok};
        absorb(b, one);
        for (int v = 0; v < 4; ++v) order_[v][i] = {r.stat[v], entries[i].p};
      }
      b.end = static_cast<uint32_t>(i);
      for (int v = 0; v < 4; ++v) {
        std::sort(order_[v].begin() + b.begin, order_[v].begin() + b.end, [](const Slot& x, const Slot& y) {
          return x.stat != y.stat ? x.stat > y.stat : x.posting < y.posting;
        });
      }
      return b;
    }
    // Children are appended to the next level one after another, so they
    // stay contiguous even though their own children are built first.
    std::vector<Block> children;
    while (i < entries.size() && same(entries[i])) children.push_back(self(self, i, level + 1));
    b.begin = static_cast<uint32_t>(levels_[level + 1].size());
    for (const Block& c : children) {
      absorb(b, c);
      levels_[level + 1].push_back(c);
    }
    b.end = static_cast<uint32_t>(levels_[level + 1].size());
    return b;
  };
  for (size_t i = 0; i < entries.size();) {
    const uint64_t key = entries[i].bucket;
    Bucket bucket{static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key), 0, 0};
    std::vector<Block> tops;
    while (i < entries.size() && entries[i].bucket == key) tops.push_back(build(build, i, 0));
    bucket.block_begin = static_cast<uint32_t>(levels_[0].size());
    levels_[0].insert(levels_[0].end(), tops.begin(), tops.end());
    bucket.block_end = static_cast<uint32_t>(levels_[0].size());
    bucket_of_.emplace(key, static_cast<uint32_t>(buckets_.size()));
    buckets_.push_back(bucket);
    auto& occs = occs_by_mid_[bucket.occ / 10000];
    if (std::find(occs.begin(), occs.end(), bucket.occ) == occs.end()) occs.push_back(bucket.occ);
    if (bucket.city != 0 && std::find(cities_.begin(), cities_.end(), bucket.city) == cities_.end()) {
      cities_.push_back(bucket.city);
    }
  }
  std::sort(cities_.begin(), cities_.end());
}

template <typename Fn>
void Engine::ForEachPlausible(uint32_t w, Fn&& fn) const {
  // The cities (0 = remote work) to look in.
  uint32_t cities[16];
  int nc = 0;
  auto add_city = [&](uint32_t c) {
    for (int i = 0; i < nc; ++i)
      if (cities[i] == c) return;
    if (nc < 16) cities[nc++] = c;
  };
  const uint16_t wf = prob_.w_flags[w];
  const uint32_t* wr = &prob_.w_wanted[size_t{w} * Problem::kMaxWanted];
  if (wf & kWorkFromHome) {
    add_city(0);
  } else if (wf & kLocalOnly) {
    add_city(CityOf(prob_.w_home[w]));
    add_city(0);
  } else {
    if (wr[0] == 0) {
      for (uint32_t c : cities_) add_city(c);
    }
    for (int i = 0; i < Problem::kMaxWanted && wr[i] != 0; ++i) {
      if (wr[i] % 10000 == 0) {
        for (uint32_t c : cities_)
          if (RegionIn(c, wr[i])) add_city(c);
      } else {
        add_city(CityOf(wr[i]));
      }
    }
    add_city(0);
  }
  uint32_t occs[Problem::kMaxOcc];
  int no = 0;
  for (int i = 0; i < Problem::kMaxOcc; ++i) {
    uint32_t o = prob_.w_occ[size_t{w} * Problem::kMaxOcc + i];
    if (o != 0 && std::find(occs, occs + no, o) == occs + no) occs[no++] = o;
  }

  // What bounds a block's scores for this worker, by the score's parts: the
  // block's best static score, the occupation fit (one per bucket), the
  // certificate if any posting asks for one held, the pay of the block's
  // best-paid posting, the place and the travel (one per city), priority.
  const Weights& wt = policy_.weights;
  const int v = fn.variant, age = fn.age, floor = fn.floor;
  const uint32_t certs = fn.certs;
  const bool couple = wf & kCouple, below_ok = wf & kAllowBelowFloor;
  const bool named_places = (wf & (kLocalOnly | kWorkFromHome)) || wr[0] != 0;
  // The bound of block b (of either level) for this worker, or INT32_MIN
  // when no posting of it can pass the hard rules.
  auto bound_of = [&](const Block& b, int32_t fixed) -> int32_t {
    if (age > b.age_hi || age < b.age_lo || (b.req_common & ~certs) || (couple && !b.couple) ||
        (!below_ok && b.wage_hi < floor)) {
      return INT32_MIN;
    }
    const int pay = floor == 0 ? 50 : b.wage_hi < floor ? 0 : std::min(100, 50 + 100 * (b.wage_hi - floor) / floor);
    return b.stat_best[v] + fixed + ((b.any_certs & certs) ? wt.certificate * 100 : 0) + wt.pay * pay;
  };
  struct Ref {
    int32_t bound;  // the most any posting of the block can score
    int32_t fixed;  // what the bucket adds for this worker
    uint32_t block;
  };
  thread_local std::vector<Ref> refs;
  refs.clear();
  auto add_bucket = [&](uint32_t occ, uint32_t city) {
    auto it = bucket_of_.find((uint64_t{occ} << 32) | city);
    if (it == bucket_of_.end()) return;
    const Bucket& bk = buckets_[it->second];
    int fit = 0;
    for (int i = 0; i < no; ++i) fit = std::max(fit, OccupationFit(occs[i], occ));
    const int place = city == 0 ? ((wf & kWorkFromHome) ? 100 : 50) : named_places ? 100 : 50;
    const int32_t fixed = wt.occupation * fit + wt.place * place + wt.travel * TravelToCity(w, city) + fn.prio;
    for (uint32_t k = bk.block_begin; k < bk.block_end; ++k) {
      int32_t bound = bound_of(levels_[0][k], fixed);
      if (bound != INT32_MIN) refs.push_back({bound, fixed, k});
    }
  };
  // Opens the blocks best bound first (stopping at the first that cannot
  // beat the C-th best: neither can the rest), and in each the leaves best
  // paid first, scanning at most `budget` postings.
  auto visit = [&](size_t budget) {
    // A heap, not a sort: the scan usually stops long before the last block.
    auto by_bound = [](const Ref& a, const Ref& b) { return a.bound < b.bound; };
    std::make_heap(refs.begin(), refs.end(), by_bound);
    const Slot* order = order_[v].data();
    for (auto end = refs.end(); end != refs.begin(); --end) {
      std::pop_heap(refs.begin(), end, by_bound);
      const Ref& ref = *(end - 1);
      if (fn.top->Excludes(ref.bound)) return;
      const Block& b = levels_[0][ref.block];
      for (uint32_t k = b.end; k-- > b.begin;) {
        const Block& leaf = levels_[1][k];
        const int32_t bound = bound_of(leaf, ref.fixed);
        if (bound == INT32_MIN || fn.top->Excludes(bound)) continue;
        // Within a leaf only the static score and the pay band vary.
        const int32_t rest = bound - leaf.stat_best[v];
        for (uint32_t i = leaf.begin; i < leaf.end; ++i) {
          // Best static score first: once one cannot enter, neither can the rest.
          if (fn.top->Excludes(order[i].stat + rest)) break;
          if (budget-- == 0) return;
          fn(order[i].posting);
        }
      }
    }
  };
  for (int i = 0; i < no; ++i)
    for (int c = 0; c < nc; ++c) add_bucket(occs[i], cities[c]);
  visit(SIZE_MAX);
  // Widen to the same mid group when the exact occupations give too few,
  // visiting at most kWidenBudget more postings (a worker whom no exact
  // posting suits must not cost a scan of the whole trade).
  if (fn.found() < static_cast<size_t>(policy_.candidates_per_worker)) {
    refs.clear();
    for (int i = 0; i < no; ++i) {
      auto it = occs_by_mid_.find(occs[i] / 10000);
      if (it == occs_by_mid_.end()) continue;
      for (uint32_t o : it->second) {
        bool seen = std::find(occs, occs + no, o) != occs + no;
        for (int j = 0; j < i && !seen; ++j) seen = occs[j] / 10000 == occs[i] / 10000;
        if (seen) continue;
        for (int c = 0; c < nc; ++c) add_bucket(o, cities[c]);
      }
    }
    visit(kWidenBudget);
  }
}

Bipartite Engine::Candidates(int threads) const {
  const uint32_t W = static_cast<uint32_t>(prob_.num_workers());
  threads = std::max(1, threads);
  struct Part {
    std::vector<uint32_t> count;  // per worker of the part
    std::vector<uint32_t> posting;
    std::vector<int32_t> score;
  };
  std::vector<Part> parts(static_cast<size_t>(threads));
  const size_t C = static_cast<size_t>(policy_.candidates_per_worker);
  auto run = [&](int t) {
    uint32_t begin = static_cast<uint32_t>(uint64_t{W} * t / threads);
    uint32_t end = static_cast<uint32_t>(uint64_t{W} * (t + 1) / threads);
    Part& part = parts[static_cast<size_t>(t)];
    part.count.reserve(end - begin);
    part.posting.reserve((end - begin) * C);
    part.score.reserve((end - begin) * C);
    TopK top{C, {}};
    for (uint32_t w = begin; w < end; ++w) {
      top.heap.clear();
      if (prob_.w_status[w] == static_cast<uint8_t>(WorkerStatus::kAvailable)) {
        Visitor visit(this, w, &top);
        ForEachPlausible(w, visit);
      }
      auto best = top.Sorted();
      part.count.push_back(static_cast<uint32_t>(best.size()));
      for (auto& [s, p] : best) {
        part.posting.push_back(p);
        part.score.push_back(s);
      }
      top.heap = std::move(best);
    }
  };
  if (threads == 1) {
    run(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(run, t);
    for (auto& th : pool) th.join();
  }
  Bipartite g;
  g.num_workers = W;
  g.num_postings = static_cast<uint32_t>(prob_.num_postings());
  g.worker_cap = policy_.k;
  g.offsets.reserve(W + 1);
  g.offsets.push_back(0);
  size_t total = 0;
  for (auto& part : parts) total += part.posting.size();
  g.posting.reserve(total);
  g.score.reserve(total);
  for (auto& part : parts) {
    for (uint32_t c : part.count) g.offsets.push_back(g.offsets.back() + c);
    g.posting.insert(g.posting.end(), part.posting.begin(), part.posting.end());
    g.score.insert(g.score.end(), part.score.begin(), part.score.end());
    part = Part();
  }
  g.posting_cap.resize(g.num_postings);
  for (uint32_t p = 0; p < g.num_postings; ++p) {
    g.posting_cap[p] = live_[p] ? static_cast<uint32_t>(policy_.alpha) * prob_.p_openings[p] : 0;
  }
  return g;
}

std::vector<std::pair<uint32_t, int32_t>> Engine::RankWorkersSlow(uint32_t p, size_t limit) const {
  TopK top{limit, {}};
  const uint32_t W = static_cast<uint32_t>(prob_.num_workers());
  if (live_[p] && !(prob_.p_flags[p] & kBlacklisted)) {
    for (uint32_t w = 0; w < W; ++w) {
      if (CheckRules(w, p) == Rule::kOk) top.Offer(Score(w, p), w);
    }
  }
  std::vector<std::pair<uint32_t, int32_t>> out;
  for (auto& [s, w] : top.Sorted()) out.emplace_back(w, s);
  return out;
}

std::vector<std::pair<uint32_t, int32_t>> Engine::RankWorkers(uint32_t p, size_t limit) const {
  if (features_.size() != prob_.num_workers()) return RankWorkersSlow(p, limit);
  TopK top{limit, {}};
  std::vector<std::pair<uint32_t, int32_t>> out;
  if (!live_[p] || (prob_.p_flags[p] & kBlacklisted) || limit == 0) return out;
  // Per-posting tables over the interned ids, each computed with the
  // functions Score and CheckRules use, so the scan only adds them up.
  const Weights& wt = policy_.weights;
  const uint16_t pf = prob_.p_flags[p];
  std::vector<uint8_t> place(place_rep_.size());  // 0 not acceptable, 1 acceptable, 2 wanted
  for (size_t c = 0; c < place_rep_.size(); ++c) {
    bool wanted = false;
    place[c] = PlaceOk(place_rep_[c], p, &wanted) ? (wanted ? 2 : 1) : 0;
  }
  std::vector<int32_t> travel(home_rep_.size());
  for (size_t h = 0; h < home_rep_.size(); ++h) travel[h] = wt.travel * TravelOf(home_rep_[h], p);
  std::vector<int32_t> occ(occ_code_.size());
  for (size_t o = 0; o < occ_code_.size(); ++o) occ[o] = wt.occupation * OccupationFit(occ_code_[o], prob_.p_occ[p]);
  const int32_t place_score[3] = {0, wt.place * 50, wt.place * 100};
  int32_t base[4], prio[4];
  for (int v = 0; v < 4; ++v) {
    base[v] = static_score_[4 * size_t{p} + v];
    int pr = 0;
    if (v & 1) pr = std::max(pr, policy_.priority_poverty);
    if (v & 2) pr = std::max(pr, policy_.priority_disabled);
    prio[v] = 100 * pr;
  }
  const uint8_t age_min = prob_.p_age_min[p], age_max = prob_.p_age_max[p];
  const uint32_t req = prob_.p_req_certs[p], any_cert = req | prob_.p_pref_certs[p];
  const int pay = prob_.p_wage_min[p];
  const bool couple_ok = (pf & kCoupleOk) && prob_.p_openings[p] >= 2;
  const int32_t cert_score = wt.certificate * 100;
  // A worker must reach the k-th best so far (on a tie the lower worker
  // number wins, as in RankWorkersSlow).
  int32_t threshold = INT32_MIN;
  for (size_t c = 0; c < place_rep_.size(); ++c) {
    const uint8_t pl = place[c];
    if (pl == 0) continue;  // the whole class refuses this place
    const int32_t place_s = place_score[pl];
    const WorkerFeatures* end = features_.data() + place_begin_[c + 1];
    for (const WorkerFeatures* x = features_.data() + place_begin_[c]; x != end; ++x) {
      if (x->bits & kFUnavailable) continue;
      if (x->age < age_min || x->age > age_max) continue;
      if (req & ~x->certs) continue;
      if (pay < x->floor && !(x->bits & kFBelowOk)) continue;
      if ((x->bits & kFCouple) && !couple_ok) continue;
      int pay_c = x->floor == 0 ? 50
                  : pay < x->floor ? 0
                                   : std::min(100, 50 + 100 * (pay - x->floor) / x->floor);
      int32_t s = base[x->bits & 3] + std::max(occ[x->occ[0]], occ[x->occ[1]]) +
                  ((any_cert & x->certs) ? cert_score : 0) + wt.pay * pay_c + place_s +
                  travel[x->home] + prio[(x->bits >> 2) & 3];
      if (s < threshold) continue;
      top.Offer(s, x->worker);
      if (top.heap.size() == limit) threshold = top.heap.front().first;
    }
  }
  for (auto& [s, w] : top.Sorted()) out.emplace_back(w, s);
  return out;
}

std::vector<std::pair<uint32_t, int32_t>> Engine::RankPostings(uint32_t w, size_t limit) const {
  TopK top{limit, {}};
  if (prob_.w_status[w] == static_cast<uint8_t>(WorkerStatus::kAvailable)) {
    Visitor visit(this, w, &top);
    ForEachPlausible(w, visit);
  }
  std::vector<std::pair<uint32_t, int32_t>> out;
  for (auto& [s, p] : top.Sorted()) out.emplace_back(p, s);
  return out;
}

}  // namespace xiezuo::match
