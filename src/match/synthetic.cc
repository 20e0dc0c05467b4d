#include "match/synthetic.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace xiezuo::match {

namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1))); }
  bool Percent(int pct) { return static_cast<int>(Below(100)) < pct; }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  int Weighted(const std::vector<int>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int r = static_cast<int>(Below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return static_cast<int>(i);
      r -= weights[i];
    }
    return static_cast<int>(weights.size()) - 1;
  }

 private:
  uint64_t s_;
};

// The demo's trades (src/demo/demo.cc Kinds()).
struct Kind {
  std::vector<const char*> occupations;
  int pay_lo, pay_hi, lodging_pct, board_pct;
  uint32_t required_cert;  // a bit of kCerts below, or 0
};
// Certificates: 0 电工证, 1 焊工证, 2 叉车证, 3 健康证, 4 养老护理员证, 5 育婴员证,
// 6 保安员证, 7 厨师证.
const std::vector<Kind>& Kinds() {
  static const std::vector<Kind> k = {
      {{"6-09-05-00", "6-14-02-00", "6-31-05-00", "6-31-03-05"}, 4200, 6800, 90, 85, 0},
      {{"6-05-04-01", "6-05-02-01", "6-31-05-00"}, 4800, 8500, 85, 80, 0},
      {{"6-25-04-07", "6-25-04-08", "6-25-01-13", "6-25-02-03", "6-31-03-05"}, 4500, 7500, 95, 90, 0},
      {{"6-24-07-02", "6-24-07-01", "6-24-04-00", "6-31-03-05"}, 4300, 7000, 90, 85, 0},
      {{"6-05-01-03", "6-05-01-02", "6-05-01-04", "6-31-05-00"}, 4500, 9000, 80, 75, 0},
      {{"4-02-05-01", "4-02-06-01", "4-02-06-02", "6-30-01-00"}, 4800, 7800, 70, 60, 1u << 2},
      {{"4-02-07-08", "4-02-07-09", "4-10-08-01"}, 6000, 9000, 60, 40, 0},
      {{"4-03-02-01", "4-03-02-02", "4-03-02-05"}, 4000, 7500, 80, 95, 1u << 3},
      {{"4-10-01-06", "4-10-01-05"}, 4500, 8000, 40, 60, 0},
      {{"4-10-01-05", "4-09-08-01", "4-03-02-01"}, 4500, 6800, 85, 95, 1u << 4},
      {{"6-29-01-01", "6-29-01-03", "6-29-01-04", "6-29-01-05", "6-31-01-03", "6-29-04-01"}, 6000, 9000, 90, 50, 0},
      {{"4-07-05-01"}, 3600, 5500, 70, 70, 1u << 6},
      {{"4-09-08-01", "4-07-05-01", "6-31-01-03"}, 3600, 6000, 50, 60, 0},
      {{"6-18-02-04", "6-20-01-01", "6-20-05-08", "6-20-05-01", "6-31-03-05"}, 5000, 8500, 85, 80, 0},
      {{"6-24-05-04", "6-31-05-00", "6-31-03-05"}, 4500, 7200, 90, 85, 0},
  };
  return k;
}

struct City {
  uint32_t code;
  const char* name;
  int districts;
  std::vector<std::pair<int, int>> kinds;  // (kind, weight)
  int weight, pay_bonus;
};
const std::vector<City>& Cities() {
  static const std::vector<City> c = {
      {330300, "温州", 6, {{1, 6}, {13, 3}, {4, 2}, {3, 2}, {5, 1}, {7, 1}, {10, 1}, {11, 1}, {6, 1}}, 15, 0},
      {440100, "广州", 5, {{4, 4}, {5, 2}, {6, 2}, {7, 3}, {8, 2}, {9, 1}, {10, 2}, {11, 2}, {12, 1}, {2, 1}}, 20, 300},
      {440700, "江门", 4, {{0, 3}, {1, 2}, {3, 3}, {2, 2}, {13, 2}, {14, 2}, {5, 1}, {7, 1}}, 20, 0},
      {440300, "深圳", 4, {{2, 5}, {3, 2}, {6, 2}, {5, 1}, {7, 1}, {8, 1}, {11, 1}, {12, 1}, {10, 1}}, 15, 500},
      {441900, "东莞", 6, {{2, 3}, {1, 3}, {0, 2}, {14, 2}, {4, 2}, {13, 2}, {5, 1}}, 20, 200},
      {310100, "上海", 5, {{7, 3}, {6, 3}, {8, 3}, {9, 2}, {11, 2}, {12, 2}, {10, 2}, {5, 2}, {2, 1}}, 10, 800},
  };
  return c;
}

struct County {
  uint32_t code;
  const char* name;
  std::vector<int> stations;  // city indices
  std::vector<int> hours;     // travel hours to each city (温州…上海)
  int weight;
};
const std::vector<County>& Counties() {
  static const std::vector<County> c = {
      {530622, "巧家县", {1, 3}, {30, 24, 24, 25, 24, 36}, 18},
      {522229, "松桃县", {0}, {20, 16, 17, 18, 17, 22}, 14},
      {451425, "天等县", {2}, {24, 11, 14, 13, 12, 30}, 10},
      {431022, "宜章县", {1, 4}, {14, 5, 6, 7, 6, 14}, 13},
      {430527, "绥宁县", {4}, {16, 10, 11, 12, 11, 16}, 10},
      {520526, "威宁县", {5, 3}, {28, 20, 21, 22, 21, 30}, 22},
      {520527, "赫章县", {3}, {27, 19, 20, 21, 20, 29}, 13},
  };
  return c;
}

const std::vector<std::pair<const char*, const char*>>& OccupationNames() {
  static const std::vector<std::pair<const char*, const char*>> v = {
      {"6-09-05-00", "玩具装配工"}, {"6-14-02-00", "注塑工"}, {"6-31-05-00", "包装工"},
      {"6-31-03-05", "质检员"}, {"6-05-04-01", "制鞋工"}, {"6-05-02-01", "皮革裁断工"},
      {"6-25-04-07", "电子装配工"}, {"6-25-04-08", "电子设备调试工"},
      {"6-25-01-13", "SMT操作工"}, {"6-25-02-03", "液晶模组作业员"}, {"6-24-07-02", "灯具装配工"},
      {"6-24-07-01", "LED光源制造工"}, {"6-24-04-00", "电池制造工"}, {"6-05-01-03", "缝纫工"},
      {"6-05-01-02", "裁床工"}, {"6-05-01-04", "整烫工"}, {"4-02-05-01", "装卸搬运工"},
      {"4-02-06-01", "仓管员"}, {"4-02-06-02", "理货员"}, {"6-30-01-00", "叉车司机"},
      {"4-02-07-08", "快递员"}, {"4-02-07-09", "快件分拣员"}, {"4-10-08-01", "网约配送员"},
      {"4-03-02-01", "中式烹调师"}, {"4-03-02-02", "中式面点师"}, {"4-03-02-05", "餐厅服务员"},
      {"4-10-01-06", "家政服务员"}, {"4-10-01-05", "养老护理员"}, {"4-09-08-01", "保洁员"},
      {"6-29-01-01", "砌筑工"}, {"6-29-01-03", "混凝土工"}, {"6-29-01-04", "钢筋工"},
      {"6-29-01-05", "架子工"}, {"6-31-01-03", "电工"}, {"6-29-04-01", "装饰装修工"},
      {"4-07-05-01", "保安员"}, {"6-18-02-04", "焊工"}, {"6-20-01-01", "装配钳工"},
      {"6-20-05-08", "阀门装配调试工"}, {"6-20-05-01", "泵装配调试工"},
      {"6-24-05-04", "小家电装配工"}};
  return v;
}

int Openings(Rng& rng) {
  int r = static_cast<int>(rng.Below(100));
  return r < 50 ? rng.Between(1, 10) : r < 85 ? rng.Between(11, 30) : rng.Between(31, 60);
}

}  // namespace

Problem SyntheticProblem(const SyntheticOptions& opt) {
  Rng rng(opt.seed);
  Problem prob;
  for (const auto& [code, name] : OccupationNames()) prob.occupation_names[PackOccupation(code)] = name;
  for (const City& c : Cities()) prob.region_names[c.code] = c.name;
  for (const County& c : Counties()) {
    prob.region_names[c.code] = c.name;
    for (size_t i = 0; i < Cities().size(); ++i) prob.SetTravelHours(c.code, Cities()[i].code, c.hours[i]);
  }
  // Postings: city by enterprise weight, trade by the city's mix.
  std::vector<int> city_weights;
  for (const City& c : Cities()) city_weights.push_back(c.weight);
  int64_t enterprise = 0;
  bool blacklisted = false, arrears = false;
  for (int64_t i = 0; i < opt.postings; ++i) {
    if (i % 5 == 0) {  // ~5 postings an enterprise
      ++enterprise;
      blacklisted = rng.Percent(2);
      arrears = !blacklisted && rng.Percent(4);
    }
    const City& city = Cities()[static_cast<size_t>(rng.Weighted(city_weights))];
    std::vector<int> kw;
    for (auto& [kind, w] : city.kinds) kw.push_back(w);
    const Kind& kind = Kinds()[static_cast<size_t>(city.kinds[static_cast<size_t>(rng.Weighted(kw))].first)];
    PostingRecord p;
    p.id = i + 1;
    p.enterprise_id = enterprise;
    p.occupation = PackOccupation(kind.occupations[rng.Below(kind.occupations.size())]);
    p.county = city.code + static_cast<uint32_t>(rng.Between(1, city.districts));
    p.openings = Openings(rng);
    int lo = std::min(9000, kind.pay_lo + city.pay_bonus), hi = std::min(9000, kind.pay_hi + city.pay_bonus);
    p.wage_min = rng.Between(lo / 100, (lo + hi) / 200) * 100;
    p.wage_max = std::min(hi, p.wage_min + rng.Between(5, 25) * 100);
    p.wage_max = std::max(p.wage_max, p.wage_min);
    if (rng.Percent(kind.lodging_pct)) {
      p.flags |= kLodging;
      p.dorm_size = rng.Between(4, 8);
    }
    if (rng.Percent(kind.board_pct)) p.flags |= kBoard;
    p.age_min = rng.Percent(80) ? 18 : rng.Between(20, 25);
    p.age_max = 40 + 5 * static_cast<int>(rng.Below(4));
    if (kind.required_cert && rng.Percent(60)) p.required_certs = kind.required_cert;
    if (rng.Percent(30)) p.preferred_certs = 1u << rng.Below(8);
    if ((p.flags & kLodging) && p.openings >= 2 && rng.Percent(50)) p.flags |= kCoupleOk;
    if (rng.Percent(1)) p.flags |= kRemoteOk;
    if (!blacklisted && rng.Percent(85)) p.flags |= kPublished;
    if (blacklisted) p.flags |= kBlacklisted | kPublished;  // caught by the blacklist rule
    if (arrears) p.flags |= kArrearsHistory;
    p.valid_until_day = opt.today + rng.Between(-20, 395);
    if (rng.Percent(60)) p.inspection = rng.Between(55, 100);
    if (rng.Percent(50)) p.retention = rng.Between(40, 95);
    p.complaints = rng.Percent(90) ? 0 : rng.Between(1, 3);
    prob.AddPosting(p);
  }
  std::vector<int> county_weights;
  for (const County& c : Counties()) county_weights.push_back(c.weight);
  std::vector<uint32_t> all_occ;
  for (const Kind& k : Kinds())
    for (const char* o : k.occupations) all_occ.push_back(PackOccupation(o));
  for (int64_t i = 0; i < opt.workers; ++i) {
    const County& county = Counties()[static_cast<size_t>(rng.Weighted(county_weights))];
    WorkerRecord w;
    w.id = i + 1;
    int r = static_cast<int>(rng.Below(100));
    w.age = r < 12 ? rng.Between(18, 24) : r < 80 ? rng.Between(25, 45) : rng.Between(46, 60);
    w.home_county = county.code;
    int cat = static_cast<int>(rng.Below(100));
    if (cat < 45) w.flags |= kPoverty;
    else if (cat >= 55 && cat < 60) w.flags |= kDisabled;
    int st = static_cast<int>(rng.Below(100));
    w.status = st < 70 ? WorkerStatus::kAvailable : st < 95 ? WorkerStatus::kPlaced : WorkerStatus::kNotSeeking;
    int n_occ = rng.Percent(60) ? 1 : 2;
    for (int k = 0; k < n_occ; ++k) w.occupations.push_back(all_occ[rng.Below(all_occ.size())]);
    if (rng.Percent(10)) {
      w.flags |= kLocalOnly;
      w.wanted.push_back(county.code);
    } else {
      for (int c : county.stations) w.wanted.push_back(Cities()[static_cast<size_t>(c)].code);
      w.flags |= kWantsLodging;
      if (rng.Percent(70)) w.flags |= kWantsBoard;
    }
    w.wage_floor = 3000 + 500 * static_cast<int>(rng.Below(7));
    if (rng.Percent(5)) w.flags |= kAllowBelowFloor;
    if (rng.Percent(8)) w.flags |= kCouple;
    if ((w.flags & kDisabled) && rng.Percent(20)) w.flags |= kWorkFromHome;
    int n_cert = rng.Percent(55) ? 0 : rng.Percent(75) ? 1 : 2;
    for (int k = 0; k < n_cert; ++k) w.certificates |= 1u << rng.Below(8);
    prob.AddWorker(w);
  }
  prob.Finish();
  return prob;
}

Bipartite SyntheticBipartite(const BipartiteOptions& opt) {
  Rng rng(opt.seed);
  Bipartite g;
  g.num_workers = static_cast<uint32_t>(opt.workers);
  g.num_postings = static_cast<uint32_t>(opt.postings);
  g.worker_cap = opt.k;
  const uint32_t P = g.num_postings;
  // Popularity: rank r (a random permutation of postings) has weight 1/r^s.
  std::vector<uint32_t> by_rank(P);
  for (uint32_t i = 0; i < P; ++i) by_rank[i] = i;
  for (uint32_t i = P; i > 1; --i) std::swap(by_rank[i - 1], by_rank[rng.Below(i)]);
  std::vector<double> cdf(P);
  double acc = 0;
  for (uint32_t r = 0; r < P; ++r) {
    acc += 1.0 / std::pow(double(r + 1), opt.zipf);
    cdf[r] = acc;
  }
  std::vector<int32_t> quality(P);
  g.posting_cap.resize(P);
  for (uint32_t p = 0; p < P; ++p) {
    quality[p] = static_cast<int32_t>(rng.Below(4000));
    g.posting_cap[p] = static_cast<uint32_t>(opt.alpha * Openings(rng));
  }
  const int degree = static_cast<int>(std::min<int64_t>(opt.degree, P));
  g.offsets.reserve(g.num_workers + 1);
  g.offsets.push_back(0);
  g.posting.reserve(static_cast<size_t>(opt.workers) * static_cast<size_t>(degree));
  g.score.reserve(static_cast<size_t>(opt.workers) * static_cast<size_t>(degree));
  std::vector<uint32_t> mine;
  for (uint32_t w = 0; w < g.num_workers; ++w) {
    mine.clear();
    int tries = 0;
    while (static_cast<int>(mine.size()) < degree && tries++ < degree * 20) {
      double u = rng.Unit() * acc;
      uint32_t r = static_cast<uint32_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
      uint32_t p = by_rank[std::min(r, P - 1)];
      if (std::find(mine.begin(), mine.end(), p) == mine.end()) mine.push_back(p);
    }
    for (uint32_t p : mine) {
      g.posting.push_back(p);
      g.score.push_back(2000 + quality[p] + static_cast<int32_t>(rng.Below(4000)));
    }
    g.offsets.push_back(g.posting.size());
  }
  return g;
}

}  // namespace xiezuo::match
