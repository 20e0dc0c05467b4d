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

// Keeps the best `limit` (score, posting) pairs: a min-heap on score.
struct TopK {
  size_t limit;
  std::vector<std::pair<int32_t, uint32_t>> heap;
  void Offer(int32_t s, uint32_t p) {
    if (heap.size() < limit) {
      heap.emplace_back(s, p);
      std::push_heap(heap.begin(), heap.end(), std::greater<>());
    } else if (s > heap.front().first) {
      std::pop_heap(heap.begin(), heap.end(), std::greater<>());
      heap.back() = {s, p};
      std::push_heap(heap.begin(), heap.end(), std::greater<>());
    }
  }
  // Best first; ties by index for determinism.
  std::vector<std::pair<int32_t, uint32_t>> Sorted() {
    std::sort(heap.begin(), heap.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
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
    // Postings no worker may be offered stay out of the index.
    if (!live_[j] || (f & kBlacklisted)) continue;
    uint32_t city = (f & kRemoteOk) ? 0 : CityOf(prob_.p_county[j]);
    auto& list = by_occ_city_[(uint64_t{prob_.p_occ[j]} << 32) | city];
    if (list.empty()) {
      auto& occs = occs_by_mid_[prob_.p_occ[j] / 10000];
      if (std::find(occs.begin(), occs.end(), prob_.p_occ[j]) == occs.end()) {
        occs.push_back(prob_.p_occ[j]);
      }
      if (city != 0 && std::find(cities_.begin(), cities_.end(), city) == cities_.end()) {
        cities_.push_back(city);
      }
    }
    list.push_back(j);
  }
  std::sort(cities_.begin(), cities_.end());
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
    r.stat_max = *std::max_element(r.stat, r.stat + 4);
  }
  // Each bucket best static score first (then by number), so a scan can
  // stop at the first posting whose bound is hopeless.
  for (auto& [key, list] : by_occ_city_) {
    std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return prec_[a].stat_max != prec_[b].stat_max ? prec_[a].stat_max > prec_[b].stat_max : a < b;
    });
  }
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

  // True when the list is full and no posting with p's static score and
  // occupation can enter it: the certificate, pay, place and travel parts
  // at their most.
  bool Hopeless(uint32_t p) const {
    if (top->heap.size() < top->limit) return false;
    const PostingRec& r = eng->prec_[p];
    int fit = 0;
    for (int i = 0; i < Problem::kMaxOcc; ++i) fit = std::max(fit, OccupationFit(occ[i], r.occ));
    return r.stat_max + eng->policy_.weights.occupation * fit + rest_max <= top->heap.front().first;
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
  uint32_t city = CityOf(prob_.p_county[p]);
  bool same_city = (prob_.p_flags[p] & kRemoteOk) || CityOf(prob_.w_home[w]) == city;
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
  uint16_t wf = prob_.w_flags[w];
  if (wf & kWorkFromHome) {
    add_city(0);
  } else if (wf & kLocalOnly) {
    add_city(CityOf(prob_.w_home[w]));
    add_city(0);
  } else {
    const uint32_t* wr = &prob_.w_wanted[size_t{w} * Problem::kMaxWanted];
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
  size_t budget = SIZE_MAX;  // postings the widening may still visit
  auto scan = [&](uint32_t occ) {
    for (int i = 0; i < nc; ++i) {
      auto it = by_occ_city_.find((uint64_t{occ} << 32) | cities[i]);
      if (it == by_occ_city_.end()) continue;
      for (uint32_t p : it->second) {
        if (budget == 0) return;
        // Buckets are sorted by the best static score: once a posting's
        // bound cannot beat the worst kept candidate, neither can the rest.
        if (fn.Hopeless(p)) break;
        --budget;
        fn(p);
      }
    }
  };
  uint32_t occs[Problem::kMaxOcc];
  int no = 0;
  for (int i = 0; i < Problem::kMaxOcc; ++i) {
    uint32_t o = prob_.w_occ[size_t{w} * Problem::kMaxOcc + i];
    if (o != 0) occs[no++] = o;
  }
  for (int i = 0; i < no; ++i) scan(occs[i]);
  // Widen to the same mid group when the exact occupations give too few,
  // visiting at most kWidenBudget more postings (a worker whom no exact
  // posting suits must not cost a scan of the whole trade).
  if (fn.found() < static_cast<size_t>(policy_.candidates_per_worker)) {
    budget = kWidenBudget;
    for (int i = 0; i < no; ++i) {
      auto it = occs_by_mid_.find(occs[i] / 10000);
      if (it == occs_by_mid_.end()) continue;
      for (uint32_t o : it->second) {
        if (std::find(occs, occs + no, o) == occs + no) scan(o);
      }
    }
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
  int32_t threshold = INT32_MIN;  // a worker must beat the k-th best so far
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
      if (s <= threshold) continue;
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
