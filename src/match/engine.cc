#include "match/engine.h"

#include <algorithm>
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
    uint32_t o = prob_.w_occ[size_t{w} * Problem::kMaxOcc + i];
    if (o == 0) continue;
    int v = o == po                   ? 100
            : o / 100 == po / 100     ? 70
            : o / 10000 == po / 10000 ? 40
            : o / 1000000 == po / 1000000 ? 10
                                          : 0;
    best = std::max(best, v);
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
        struct Visitor {
          const Engine* eng;
          uint32_t w;
          TopK* top;
          // Travel depends on the city only: one lookup per bucket.
          mutable uint32_t city = UINT32_MAX;
          mutable int travel = 0;
          void operator()(uint32_t p) const {
            if (eng->CheckRules(w, p) != Rule::kOk) return;
            uint32_t c = (eng->prob_.p_flags[p] & kRemoteOk) ? 0 : eng->prob_.p_county[p] / 100;
            if (c != city) {
              city = c;
              travel = eng->TravelOf(w, p);
            }
            top->Offer(eng->ScoreWithTravel(w, p, travel), p);
          }
          size_t found() const { return top->heap.size(); }
        } visit{this, w, &top};
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

std::vector<std::pair<uint32_t, int32_t>> Engine::RankWorkers(uint32_t p, size_t limit) const {
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

std::vector<std::pair<uint32_t, int32_t>> Engine::RankPostings(uint32_t w, size_t limit) const {
  TopK top{limit, {}};
  if (prob_.w_status[w] == static_cast<uint8_t>(WorkerStatus::kAvailable)) {
    struct Visitor {
      const Engine* eng;
      uint32_t w;
      TopK* top;
      mutable uint32_t city = UINT32_MAX;
      mutable int travel = 0;
      void operator()(uint32_t p) const {
        if (eng->CheckRules(w, p) != Rule::kOk) return;
        uint32_t c = (eng->prob_.p_flags[p] & kRemoteOk) ? 0 : eng->prob_.p_county[p] / 100;
        if (c != city) {
          city = c;
          travel = eng->TravelOf(w, p);
        }
        top->Offer(eng->ScoreWithTravel(w, p, travel), p);
      }
      size_t found() const { return top->heap.size(); }
    } visit{this, w, &top};
    ForEachPlausible(w, visit);
  }
  std::vector<std::pair<uint32_t, int32_t>> out;
  for (auto& [s, p] : top.Sorted()) out.emplace_back(p, s);
  return out;
}

}  // namespace xiezuo::match
