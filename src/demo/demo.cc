#include "demo/demo.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string_view>
#include <unordered_set>

#include "auth/principal.h"
#include "codes/validators.h"
#include "orgs/org.h"

namespace xiezuo::demo {

namespace {

using codes::Level;

// ---------------------------------------------------------------------------
// Randomness. Only the raw engine output is used: <random>'s distributions
// are implementation-defined, and the data must not change with the
// standard library. Modulo bias (n / 2^64) is irrelevant at these sizes.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  int Below(size_t n) { return static_cast<int>(engine_() % n); }
  int Between(int lo, int hi) { return lo + Below(static_cast<size_t>(hi - lo + 1)); }
  bool Percent(int p) { return Below(100) < p; }
  bool Permille(int p) { return Below(1000) < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  // Index drawn with probability proportional to weights[i].
  int Weighted(const std::vector<int>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int r = Below(static_cast<size_t>(total));
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return static_cast<int>(i);
      r -= weights[i];
    }
    return static_cast<int>(weights.size()) - 1;
  }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

// ---------------------------------------------------------------------------
// The seeds' geography. Places are named here and looked up in the codebook;
// no division code is written down except the one historical ID prefix,
// which the current table cannot hold.

// Receiving cities (indices used by the counties' station lists).
enum CityIndex { kWenzhou, kGuangzhou, kJiangmen, kShenzhen, kDongguan, kShanghai, kCityCount };

// Enterprise kinds: what a company does, the jobs it posts, how it pays.
struct Job {
  const char* occupation;  // 职业分类大典 2022 code, checked at load
  const char* title;
};
struct Kind {
  std::vector<const char*> words;  // the trade word in the company name
  const char* industry;            // GB/T 4754-2017 division, checked at load
  std::vector<Job> jobs;
  int pay_lo, pay_hi;              // monthly, yuan
  int lodging_pct, board_pct;      // share of postings offering them
  int piece_pct, hourly_pct;       // share paid by the piece / by the hour
  std::vector<const char*> hours;
};

enum KindIndex {
  kToys, kShoes, kElectronics, kLighting, kGarments, kLogistics, kExpress, kCatering,
  kHousekeeping, kEldercare, kConstruction, kSecurity, kProperty, kHardware, kAppliances,
  kKindCount
};

const std::vector<Kind>& Kinds() {
  static const std::vector<Kind> kinds = {
      {{"玩具", "玩具制品", "塑胶玩具"}, "24",
       {{"6-09-05-00", "玩具装配工"}, {"6-09-05-00", "毛绒玩具车缝工"}, {"6-14-02-00", "注塑工"},
        {"6-31-05-00", "包装工"}, {"6-31-03-05", "品检员"}},
       4200, 6800, 90, 85, 25, 10,
       {"8小时/天，月休4天", "长白班，10小时/天，月休2天，加班按规定计发"}},
      {{"鞋业", "鞋材", "鞋服"}, "19",
       {{"6-05-04-01", "制鞋工（针车）"}, {"6-05-04-01", "鞋厂成型工"},
        {"6-05-02-01", "皮革裁断工"}, {"6-31-05-00", "包装工"}},
       4800, 8500, 85, 80, 45, 5,
       {"10小时/天，月休2天，加班按规定计发", "8小时/天，月休4天"}},
      {{"电子", "电子科技", "精密电子"}, "39",
       {{"6-25-04-07", "电子装配普工"}, {"6-25-04-08", "电子设备调试工"},
        {"6-25-01-13", "印制电路（SMT）操作工"}, {"6-25-02-03", "液晶模组作业员"},
        {"6-31-03-05", "品检员"}},
       4500, 7500, 95, 90, 5, 20,
       {"两班倒，11小时/天，月休4天", "长白班，8小时/天，做六休一", "8小时/天，月休4天"}},
      {{"光电", "光电科技", "照明电器"}, "38",
       {{"6-24-07-02", "灯具装配工"}, {"6-24-07-01", "LED光源制造工"},
        {"6-24-04-00", "电池制造工"}, {"6-31-03-05", "质检员"}},
       4300, 7000, 90, 85, 15, 15,
       {"长白班，8小时/天，做六休一", "两班倒，11小时/天，月休4天"}},
      {{"服装", "服饰", "制衣"}, "18",
       {{"6-05-01-03", "缝纫工（平车）"}, {"6-05-01-02", "裁床工"}, {"6-05-01-04", "整烫工"},
        {"6-31-05-00", "包装工"}},
       4500, 9000, 80, 75, 60, 0,
       {"10小时/天，月休2天，加班按规定计发", "8小时/天，月休4天"}},
      {{"物流", "供应链管理", "仓储服务"}, "59",
       {{"4-02-05-01", "装卸搬运工"}, {"4-02-06-01", "仓管员"}, {"4-02-06-02", "理货员"},
        {"6-30-01-00", "叉车司机"}},
       4800, 7800, 70, 60, 20, 20,
       {"两班倒，11小时/天，月休4天", "8小时/天，月休4天"}},
      {{"速递", "快递服务", "同城配送"}, "60",
       {{"4-02-07-08", "快递员"}, {"4-02-07-09", "快件分拣员"}, {"4-10-08-01", "网约配送员（骑手）"}},
       6000, 9000, 60, 40, 60, 10,
       {"9小时/天，月休4天", "弹性排班，月休4天"}},
      {{"餐饮管理", "餐饮", "酒楼"}, "62",
       {{"4-03-02-01", "中式烹调师（厨师）"}, {"4-03-02-02", "中式面点师"},
        {"4-03-02-05", "餐厅服务员"}},
       4000, 7500, 80, 95, 0, 15,
       {"早晚班，10小时/天，月休4天", "8小时/天，月休4天"}},
      {{"家政服务", "家庭服务"}, "80",
       {{"4-10-01-06", "家政服务员（住家）"}, {"4-10-01-06", "家政服务员（钟点）"},
        {"4-10-01-05", "养老护理员（居家）"}},
       4500, 8000, 40, 60, 0, 25,
       {"住家，每周休1天", "8小时/天，月休4天"}},
      {{"养老服务", "颐养", "康养"}, "85",
       {{"4-10-01-05", "养老护理员"}, {"4-09-08-01", "保洁员"}, {"4-03-02-01", "厨师"}},
       4500, 6800, 85, 95, 0, 10,
       {"做二休一，12小时/班", "8小时/天，月休4天"}},
      {{"建筑工程", "建设工程", "建筑劳务"}, "47",
       {{"6-29-01-01", "砌筑工"}, {"6-29-01-03", "混凝土工"}, {"6-29-01-04", "钢筋工"},
        {"6-29-01-05", "架子工"}, {"6-31-01-03", "电工"}, {"6-29-04-01", "装饰装修工"}},
       6000, 9000, 90, 50, 40, 10,
       {"工地作息，9小时/天，雨天休息", "8小时/天，月休4天"}},
      {{"保安服务", "安保服务"}, "72",
       {{"4-07-05-01", "保安员"}, {"4-07-05-01", "门岗保安"}},
       3600, 5500, 70, 70, 0, 10,
       {"做一休一，12小时/班", "8小时/天，月休4天"}},
      {{"物业管理", "物业服务"}, "70",
       {{"4-09-08-01", "保洁员"}, {"4-07-05-01", "秩序维护员"}, {"6-31-01-03", "维修电工"}},
       3600, 6000, 50, 60, 0, 15,
       {"8小时/天，月休4天", "做六休一，8小时/天"}},
      {{"五金", "机械", "泵阀"}, "34",
       {{"6-18-02-04", "焊工"}, {"6-20-01-01", "装配钳工"}, {"6-20-05-08", "阀门装配调试工"},
        {"6-20-05-01", "泵装配调试工"}, {"6-31-03-05", "质检员"}},
       5000, 8500, 85, 80, 20, 5,
       {"长白班，10小时/天，月休2天，加班按规定计发", "8小时/天，月休4天"}},
      {{"电器", "家用电器"}, "38",
       {{"6-24-05-04", "小家电装配工"}, {"6-31-05-00", "包装工"}, {"6-31-03-05", "质检员"}},
       4500, 7200, 90, 85, 10, 15,
       {"两班倒，11小时/天，月休4天", "长白班，8小时/天，做六休一"}},
  };
  return kinds;
}

struct District {
  const char* name;  // under the city, as the data spells it
  int weight;
};
struct CitySpec {
  const char* tag;          // account suffix: station_tiandeng_jm
  const char* path;         // "广东省江门市"; 上海市 is a province-level city
  const char* short_name;   // "江门"
  const char* bureau;       // the receiving bureau's name
  const char* user;         // its officer's username
  std::vector<District> districts;
  std::vector<std::pair<KindIndex, int>> kinds;  // what its enterprises do
  int enterprise_weight;
  int pay_bonus;            // added to the kind's pay range
};

const std::vector<CitySpec>& Cities() {
  static const std::vector<CitySpec> cities = {
      {"wz", "浙江省温州市", "温州", "温州市人力资源和社会保障局", "wenzhou_rs",
       {{"永嘉县", 4}, {"鹿城区", 2}, {"瓯海区", 2}, {"龙湾区", 1}, {"瑞安市", 2}, {"乐清市", 2}},
       {{kShoes, 6}, {kHardware, 3}, {kGarments, 2}, {kLighting, 2}, {kLogistics, 1},
        {kCatering, 1}, {kConstruction, 1}, {kSecurity, 1}, {kExpress, 1}},
       15, 0},
      {"gz", "广东省广州市", "广州", "广州市海珠区人力资源和社会保障局", "guangzhou_rs",
       {{"海珠区", 4}, {"白云区", 2}, {"番禺区", 2}, {"花都区", 1}, {"增城区", 1}},
       {{kGarments, 4}, {kLogistics, 2}, {kExpress, 2}, {kCatering, 3}, {kHousekeeping, 2},
        {kEldercare, 1}, {kConstruction, 2}, {kSecurity, 2}, {kProperty, 1}, {kElectronics, 1}},
       20, 300},
      {"jm", "广东省江门市", "江门", "江门市蓬江区人力资源和社会保障局", "jiangmen_rs",
       {{"蓬江区", 4}, {"江海区", 2}, {"新会区", 2}, {"鹤山市", 1}},
       {{kToys, 3}, {kShoes, 2}, {kLighting, 3}, {kElectronics, 2}, {kHardware, 2},
        {kAppliances, 2}, {kLogistics, 1}, {kCatering, 1}},
       20, 0},
      {"sz", "广东省深圳市", "深圳", "深圳市人力资源和社会保障局", "shenzhen_rs",
       {{"宝安区", 3}, {"龙岗区", 3}, {"龙华区", 2}, {"光明区", 1}},
       {{kElectronics, 5}, {kLighting, 2}, {kExpress, 2}, {kLogistics, 1}, {kCatering, 1},
        {kHousekeeping, 1}, {kSecurity, 1}, {kProperty, 1}, {kConstruction, 1}},
       15, 500},
      // 东莞 has no counties: its towns sit directly under the city (441900).
      {"dg", "广东省东莞市", "东莞", "东莞市人力资源和社会保障局", "dongguan_rs",
       {{"长安镇", 2}, {"虎门镇", 2}, {"厚街镇", 2}, {"塘厦镇", 1}, {"常平镇", 1}, {"大朗镇", 1}},
       {{kElectronics, 3}, {kShoes, 3}, {kToys, 2}, {kAppliances, 2}, {kGarments, 2},
        {kHardware, 2}, {kLogistics, 1}},
       20, 200},
      {"sh", "上海市", "上海", "上海市人力资源和社会保障局", "shanghai_rs",
       {{"闵行区", 2}, {"嘉定区", 2}, {"松江区", 2}, {"青浦区", 1}, {"奉贤区", 1}},
       {{kCatering, 3}, {kExpress, 3}, {kHousekeeping, 3}, {kEldercare, 2}, {kSecurity, 2},
        {kProperty, 2}, {kConstruction, 2}, {kLogistics, 2}, {kElectronics, 1}},
       10, 800},
  };
  return cities;
}

struct ProvinceSpec {
  const char* path;
  const char* bureau;
};
const std::vector<ProvinceSpec>& ExportingProvinces() {
  static const std::vector<ProvinceSpec> v = {
      {"云南省", "云南省人力资源和社会保障厅"},
      {"贵州省", "贵州省人力资源和社会保障厅"},
      {"广西壮族自治区", "广西壮族自治区人力资源和社会保障厅"},
      {"湖南省", "湖南省人力资源和社会保障厅"},
  };
  return v;
}
struct PrefectureSpec {
  const char* path;
  int province;
};
const std::vector<PrefectureSpec>& ExportingCities() {
  static const std::vector<PrefectureSpec> v = {
      {"云南省昭通市", 0}, {"贵州省铜仁市", 1}, {"广西壮族自治区崇左市", 2},
      {"湖南省郴州市", 3}, {"湖南省邵阳市", 3}, {"贵州省毕节市", 1},
  };
  return v;
}

struct CountySpec {
  const char* path;
  int prefecture;           // index into ExportingCities()
  const char* short_name;   // as officials write it: "松桃县"
  const char* user;
  std::vector<CityIndex> stations;
  int worker_weight;
  // Surnames more frequent here than nationally (Miao in 松桃, Yi and Hui
  // in 威宁, Zhuang in 天等, Dong and Miao in 绥宁).
  std::vector<const char*> local_surnames;
  // ID numbers keep the code of the county where the birth was first
  // registered. 松桃 was 522229 (铜仁地区) until 2011, now 520628; the
  // codebook tests document that prefix (codes/divisions_test.cc).
  const char* old_prefix;
  int old_prefix_until_year;  // births up to this year may carry it
};

const std::vector<CountySpec>& Counties() {
  static const std::vector<CountySpec> v = {
      {"云南省昭通市巧家县", 0, "巧家县", "qiaojia", {kGuangzhou, kShenzhen}, 18,
       {"王", "李", "陈", "张", "杨", "刘", "罗", "代"}, nullptr, 0},
      {"贵州省铜仁市松桃苗族自治县", 1, "松桃县", "songtao", {kWenzhou}, 14,
       {"龙", "吴", "石", "麻", "杨", "滕", "田", "隆", "欧"}, "522229", 2010},
      {"广西壮族自治区崇左市天等县", 2, "天等县", "tiandeng", {kJiangmen}, 10,
       {"农", "黄", "韦", "赵", "零", "李", "梁", "莫", "覃", "陆"}, nullptr, 0},
      {"湖南省郴州市宜章县", 3, "宜章县", "yizhang", {kGuangzhou, kDongguan}, 13,
       {"李", "陈", "黄", "刘", "邓", "曹", "谭", "欧阳"}, nullptr, 0},
      {"湖南省邵阳市绥宁县", 4, "绥宁县", "suining", {kDongguan}, 10,
       {"杨", "吴", "龙", "李", "蒋", "黄", "唐"}, nullptr, 0},
      {"贵州省毕节市威宁彝族回族苗族自治县", 5, "威宁县", "weining", {kShanghai, kShenzhen}, 22,
       {"安", "禄", "陇", "马", "丁", "海", "管", "龙", "王"}, nullptr, 0},
      {"贵州省毕节市赫章县", 5, "赫章县", "hezhang", {kShenzhen}, 13,
       {"安", "禄", "陈", "王", "苏", "杨", "朱"}, nullptr, 0},
  };
  return v;
}

const std::vector<const char*>& CommonSurnames() {
  static const std::vector<const char*> v = {
      "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
      "郭", "何", "罗", "高", "林", "郑", "梁", "谢", "唐", "许", "冯", "宋", "韩", "邓", "彭",
      "曹", "曾", "田", "肖", "潘", "袁", "蒋", "蔡", "余", "杜", "叶", "魏", "程", "苏", "吕",
      "丁", "沈", "任", "姚", "卢", "钟", "姜", "崔", "谭", "廖", "范", "汪", "陆", "金", "石",
      "贾", "韦", "夏", "付", "方", "邹", "熊", "白", "孟", "秦", "邱", "侯", "江", "尹", "薛",
      "段", "雷", "龙", "黎", "史", "陶", "贺", "毛", "顾", "龚", "邵", "万", "覃", "武", "严"};
  return v;
}
const std::vector<const char*>& MaleChars() {
  static const std::vector<const char*> v = {
      "伟", "强", "军", "勇", "杰", "涛", "明", "超", "平", "刚", "辉", "华", "林", "峰", "磊",
      "鹏", "斌", "波", "文", "海", "亮", "俊", "建", "国", "云", "龙", "飞", "成", "志", "永",
      "兵", "德", "贵", "富", "春", "荣", "祥", "发", "光", "金", "忠", "江", "洪", "顺", "才",
      "武", "福", "贤", "宇", "浩", "豪", "鑫", "航", "阳", "昌", "兴", "良", "松", "学", "正"};
  return v;
}
const std::vector<const char*>& FemaleChars() {
  static const std::vector<const char*> v = {
      "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "桂", "英", "兰", "萍", "梅", "琴",
      "秀", "红", "娜", "婷", "雪", "慧", "莉", "丹", "倩", "琳", "珍", "美", "凤", "花", "菊",
      "香", "蓉", "巧", "玉", "佳", "欣", "雨", "月", "彩", "翠", "春", "金", "晓", "群", "妹"};
  return v;
}

const std::vector<const char*>& BrandChars() {
  static const std::vector<const char*> v = {
      "华", "宏", "鑫", "恒", "永", "金", "联", "新", "德", "嘉", "富", "盛", "泰", "利", "佳",
      "美", "伟", "裕", "达", "隆", "信", "兴", "昌", "顺", "益", "丰", "源", "创", "通", "和",
      "安", "宝", "诚", "辉", "骏", "凯", "力", "明", "鹏", "锐", "润", "胜", "腾", "万", "祥"};
  return v;
}

const std::vector<const char*>& Skills() {
  static const std::vector<const char*> v = {
      "焊工证（初级）", "电工证（低压电工作业）", "叉车证", "健康证", "C1驾驶证",
      "养老护理员证（初级）", "中式烹调师（五级）", "育婴员证", "建筑架子工证", "缝纫工（熟练）"};
  return v;
}
const std::vector<const char*>& TrainingWanted() {
  static const std::vector<const char*> v = {
      "电工", "焊工", "叉车", "家政服务", "养老护理", "中式烹调", "电商直播", "缝纫", "育婴"};
  return v;
}

// Mobile prefixes of the three carriers (13x, 15x, 18x, 19x) that
// libphonenumber's 2022 ranges accept; each number is still checked.
const std::vector<const char*>& MobilePrefixes() {
  static const std::vector<const char*> v = {
      "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
      "152", "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184",
      "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"};
  return v;
}

// ---------------------------------------------------------------------------
// Dates (Asia/Shanghai calendar days).

int64_t DaysOf(int y, int m, int d) {
  int64_t days = 0;
  if (!CivilToDays(y, m, d, &days)) CivilToDays(y, m, 28, &days);  // 29 Feb
  return days;
}
std::string FormatDays(int64_t days) {
  int y, m, d;
  DaysToCivil(days, &y, &m, &d);
  return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

// ---------------------------------------------------------------------------
// The plan: every row, generated in memory before the transaction opens, so
// that the transaction does only writes.

struct PlannedOrg {
  orgs::Org org;
  int parent = -1;  // index into Plan::orgs
};
struct PlannedUser {
  auth::NewUser user;
  int org = -1;
  std::string note;
};
struct PlannedEnterprise {
  postings::EnterpriseInput in;
  int city = 0;
  int kind = 0;
  int org = -1;  // the enterprise's own org, for HR accounts
  bool blacklisted = false;
};
struct PlannedPosting {
  postings::PostingInput in;  // enterprise_id filled at write time
  int enterprise = 0;
  std::string city_code;
};
struct PlannedWorker {
  workers::WorkerInput in;
  int county = 0;
  std::vector<int> cities;  // receiving cities wanted (empty when local only)
  std::string current_city;
};
struct PlannedApplication {
  int worker = 0, posting = 0;
  std::string status;
  int64_t at = 0;
};
struct Plan {
  std::vector<PlannedOrg> orgs;
  std::vector<PlannedUser> users;
  std::vector<orgs::CoopPair> pairs;
  std::vector<PlannedEnterprise> enterprises;
  std::vector<PlannedPosting> postings;
  std::vector<PlannedWorker> workers;
  std::vector<PlannedApplication> applications;
};

struct ResolvedVillage {
  std::string code, name;
  int org = -1;
};
struct ResolvedCounty {
  std::string code, name;      // "530622", "巧家县"
  std::string prefecture_code; // "530600"
  std::vector<std::string> townships;  // codes
  std::vector<ResolvedVillage> villages;
  int bureau = -1;
};
struct ResolvedDistrict {
  std::string code;  // county/district (6) or, in 东莞, town (9)
  std::string name;
  int weight = 1;
};
struct ResolvedCity {
  std::string code, name;  // "440700", "江门市"; 上海 "310100", "上海市"
  std::vector<ResolvedDistrict> districts;
  int bureau = -1;
};

class Planner {
 public:
  Planner(const codes::Codebook& cb, int64_t now, const DemoOptions& opt)
      : cb_(cb), div_(*cb.divisions), now_(now), opt_(opt), rng_(opt.seed) {
    today_ = (now + kChinaUtcOffsetSeconds) / 86400;
    DaysToCivil(today_, &ty_, &tm_, &td_);
  }

  StatusOr<Plan> Build() {
    RETURN_IF_ERROR(CheckCodeTables());
    RETURN_IF_ERROR(BuildOrgs());
    BuildUsersOfficials();
    RETURN_IF_ERROR(BuildEnterprises());
    BuildPostings();
    RETURN_IF_ERROR(BuildWorkers());
    BuildApplications();
    return std::move(plan_);
  }

 private:
  // --- geography ----------------------------------------------------------

  StatusOr<const codes::Division*> Resolve(std::string_view path, Level want) {
    auto d = div_.ResolveUnique(path);
    if (!d.ok()) {
      return FailedPrecondition("演示数据：行政区划“" + std::string(path) + "”无法唯一确定：" +
                                    d.status().zh(),
                                "demo data: division '" + std::string(path) +
                                    "' is not unique or missing: " + d.status().en());
    }
    if ((*d)->level() != want) {
      return FailedPrecondition("演示数据：行政区划“" + std::string(path) + "”级别不符",
                                "demo data: division '" + std::string(path) +
                                    "' is not at the expected level");
    }
    return *d;
  }

  // Every occupation and industry the generator uses must be in the tables.
  Status CheckCodeTables() {
    for (const Kind& k : Kinds()) {
      if (!cb_.industries->Find(k.industry)) {
        return FailedPrecondition("演示数据：行业代码缺失", std::string("demo data: industry ") +
                                                             k.industry + " not in the table");
      }
      for (const Job& j : k.jobs) {
        const auto* e = cb_.occupations->Find(j.occupation);
        if (!e || e->level != "occupation") {
          return FailedPrecondition("演示数据：职业代码缺失",
                                    std::string("demo data: occupation ") + j.occupation +
                                        " not in the 2022 classification");
        }
      }
    }
    if (!div_.has_villages()) {
      return FailedPrecondition("演示数据需要加载村级行政区划",
                                "demo data needs the divisions loaded with villages");
    }
    return Status::Ok();
  }

  int AddOrg(orgs::OrgType type, std::string name, std::string region, int parent,
             std::string home = "") {
    PlannedOrg o;
    o.org.type = type;
    o.org.name = std::move(name);
    o.org.region_code = std::move(region);
    o.org.home_region_code = std::move(home);
    o.org.created_at = now_;
    o.parent = parent;
    plan_.orgs.push_back(std::move(o));
    return static_cast<int>(plan_.orgs.size()) - 1;
  }

  static bool IsVillageCommittee(std::string_view name) {
    // 村委会 / 村民委员会, not 社区 or 居委会 (urban neighbourhoods).
    return name.find("村") != std::string_view::npos &&
           name.find("社区") == std::string_view::npos &&
           name.find("居委会") == std::string_view::npos &&
           name.find("居民委员会") == std::string_view::npos;
  }

  Status BuildOrgs() {
    platform_ = AddOrg(orgs::OrgType::kPlatform, "东西部劳务协作平台运营中心", "", -1);

    std::vector<int> province_org;
    for (const auto& p : ExportingProvinces()) {
      ASSIGN_OR_RETURN(const codes::Division* d, Resolve(p.path, Level::kProvince));
      province_org.push_back(AddOrg(orgs::OrgType::kProvince, p.bureau, std::string(d->code()),
                                    platform_));
    }
    std::vector<int> prefecture_org;
    for (const auto& c : ExportingCities()) {
      ASSIGN_OR_RETURN(const codes::Division* d, Resolve(c.path, Level::kCity));
      prefecture_org.push_back(AddOrg(orgs::OrgType::kCity,
                                      std::string(d->name()) + "人力资源和社会保障局",
                                      std::string(d->code()), province_org[c.province]));
    }

    // Receiving side first resolved, so that stations can point at cities.
    for (const auto& spec : Cities()) {
      ResolvedCity city;
      for (const auto& dist : spec.districts) {
        std::string path = std::string(spec.path) + dist.name;
        auto d = div_.ResolveUnique(path);
        if (!d.ok() || ((*d)->level() != Level::kCounty && (*d)->level() != Level::kTownship)) {
          return FailedPrecondition("演示数据：找不到“" + path + "”",
                                    "demo data: no district '" + path + "'");
        }
        city.districts.push_back({std::string((*d)->code()), dist.name, dist.weight});
      }
      // The city code as postings compute it (first four digits + "00");
      // for 上海 that is the data's placeholder row 310100 (市辖区).
      city.code = city.districts[0].code.substr(0, 4) + "00";
      const codes::Division* cd = div_.Find(city.code);
      if (!cd) {
        return FailedPrecondition("演示数据：城市代码缺失", "demo data: no city " + city.code);
      }
      city.name = div_.FullName(*cd);  // "广东省江门市", "上海市"
      // Keep the city's own name ("江门市"); FullName of a municipality's
      // placeholder is just the municipality.
      if (auto pos = city.name.find("省"); pos != std::string::npos) {
        city.name = city.name.substr(pos + std::string("省").size());
      }
      cities_.push_back(std::move(city));
    }

    for (size_t ci = 0; ci < Counties().size(); ++ci) {
      const CountySpec& spec = Counties()[ci];
      ASSIGN_OR_RETURN(const codes::Division* d, Resolve(spec.path, Level::kCounty));
      ResolvedCounty county;
      county.code = std::string(d->code());
      county.name = std::string(d->name());
      county.prefecture_code = county.code.substr(0, 4) + "00";
      county.bureau = AddOrg(orgs::OrgType::kCountyBureau, county.name + "人力资源和社会保障局",
                             county.code, prefecture_org[spec.prefecture]);

      // 3–4 rural townships (镇/乡, not urban 街道), 2–3 villages each.
      std::vector<const codes::Division*> towns;
      for (const codes::Division* t : div_.Children(*d)) {
        if (t->placeholder() || t->name().ends_with("街道")) continue;
        bool has_village = false;
        for (const codes::Division* v : div_.Children(*t)) {
          if (IsVillageCommittee(v->name())) has_village = true;
        }
        if (has_village) towns.push_back(t);
      }
      rng_.Shuffle(towns);
      towns.resize(std::min<size_t>(towns.size(), 3 + rng_.Below(2)));
      std::sort(towns.begin(), towns.end(),
                [](const auto* a, const auto* b) { return a->code() < b->code(); });
      if (towns.empty()) {
        return FailedPrecondition("演示数据：" + county.name + "没有乡镇",
                                  "demo data: no townships under " + county.code);
      }
      for (const codes::Division* t : towns) {
        int town_org = AddOrg(orgs::OrgType::kTownship, county.name + std::string(t->name()),
                              std::string(t->code()), county.bureau);
        county.townships.emplace_back(t->code());
        std::vector<const codes::Division*> villages;
        for (const codes::Division* v : div_.Children(*t)) {
          if (IsVillageCommittee(v->name())) villages.push_back(v);
        }
        rng_.Shuffle(villages);
        villages.resize(std::min<size_t>(villages.size(), 2 + rng_.Below(2)));
        std::sort(villages.begin(), villages.end(),
                  [](const auto* a, const auto* b) { return a->code() < b->code(); });
        for (const codes::Division* v : villages) {
          // Named with its township: village names repeat (海子村 in 威宁 and 赫章).
          ResolvedVillage rv{std::string(v->code()), std::string(t->name()) + std::string(v->name()),
                             -1};
          rv.org = AddOrg(orgs::OrgType::kVillage, rv.name, rv.code, town_org);
          county.villages.push_back(std::move(rv));
        }
      }
      counties_.push_back(std::move(county));
    }

    // Receiving bureaus and the industrial community. A bureau's region is
    // its city: the receiving officer's scope matches workers' and postings'
    // city codes exactly.
    for (size_t i = 0; i < cities_.size(); ++i) {
      cities_[i].bureau =
          AddOrg(orgs::OrgType::kReceivingBureau, Cities()[i].bureau, cities_[i].code, platform_);
    }
    community_ = AddOrg(orgs::OrgType::kCommunity, "宝华工业社区服务中心", cities_[kJiangmen].code,
                        cities_[kJiangmen].bureau);

    // Stations: parent the county bureau, region the partner city, home the
    // county. And the cooperation pairs.
    for (size_t ci = 0; ci < counties_.size(); ++ci) {
      const CountySpec& spec = Counties()[ci];
      for (CityIndex c : spec.stations) {
        std::string name = fmt::format("{}驻{}劳务协作站", spec.short_name, Cities()[c].short_name);
        int org = AddOrg(orgs::OrgType::kStation, name, cities_[c].code, counties_[ci].bureau,
                         counties_[ci].code);
        stations_.push_back({static_cast<int>(ci), c, org});
        plan_.pairs.push_back({0, counties_[ci].code, cities_[c].code});
      }
    }
    return Status::Ok();
  }

  // --- people -------------------------------------------------------------

  std::string Surname(int county) {
    if (county >= 0 && rng_.Percent(55)) return rng_.Pick(Counties()[county].local_surnames);
    return rng_.Pick(CommonSurnames());
  }
  std::string PersonName(int county, bool male) {
    const auto& chars = male ? MaleChars() : FemaleChars();
    std::string name = Surname(county);
    std::string first = rng_.Pick(chars);
    if (rng_.Percent(35)) return name + first;
    std::string second = rng_.Pick(chars);
    while (second == first) second = rng_.Pick(chars);
    return name + first + second;
  }

  void AddUser(std::string username, std::string display, auth::Role role, int org,
               std::string note) {
    PlannedUser u;
    u.user.username = std::move(username);
    u.user.display_name = std::move(display);
    u.user.role = auth::RoleName(role);
    u.user.password = opt_.password;
    u.org = org;
    u.note = std::move(note);
    plan_.users.push_back(std::move(u));
  }

  void BuildUsersOfficials() {
    AddUser("admin", "平台管理员", auth::Role::kAdmin, platform_, "全部数据；管理账号与机构");
    for (size_t ci = 0; ci < counties_.size(); ++ci) {
      const auto& c = counties_[ci];
      AddUser(Counties()[ci].user, PersonName(static_cast<int>(ci), rng_.Percent(60)),
              auth::Role::kCountyOfficer, c.bureau, c.name + "户籍的全部务工人员");
    }
    for (size_t ci = 0; ci < counties_.size(); ++ci) {
      const auto& c = counties_[ci];
      // Two villages in different townships where there are two.
      std::vector<int> picks;
      for (size_t v = 0; v < c.villages.size() && picks.size() < 2; ++v) {
        bool new_town = picks.empty() || c.villages[picks.back()].code.substr(0, 9) !=
                                             c.villages[v].code.substr(0, 9);
        if (new_town) picks.push_back(static_cast<int>(v));
      }
      for (size_t v = 0; v < c.villages.size() && picks.size() < 2; ++v) {
        if (std::find(picks.begin(), picks.end(), static_cast<int>(v)) == picks.end()) {
          picks.push_back(static_cast<int>(v));
        }
      }
      for (size_t k = 0; k < picks.size(); ++k) {
        const auto& v = c.villages[picks[k]];
        AddUser(fmt::format("{}_v{}", Counties()[ci].user, k + 1),
                PersonName(static_cast<int>(ci), rng_.Percent(50)), auth::Role::kVillageOfficer,
                v.org, c.name + v.name + "的务工人员（村就业信息员）");
      }
    }
    for (const auto& s : stations_) {
      AddUser(fmt::format("station_{}_{}", Counties()[s.county].user, Cities()[s.city].tag),
              PersonName(s.county, rng_.Percent(60)), auth::Role::kStationOfficer, s.org,
              fmt::format("{}在{}求职、务工的人员", counties_[s.county].name,
                          cities_[s.city].name));
    }
    for (size_t i = 0; i < cities_.size(); ++i) {
      AddUser(Cities()[i].user, PersonName(-1, rng_.Percent(50)), auth::Role::kReceivingOfficer,
              cities_[i].bureau, "在" + cities_[i].name + "求职、务工的外来务工人员");
    }
    AddUser("baohua_sq", PersonName(-1, false), auth::Role::kReceivingOfficer, community_,
            "宝华工业社区：江门市的外来务工人员与企业");
  }

  // --- enterprises and postings -------------------------------------------

  // Organisation code body (GB 11714): 8 characters and its check
  // character. Since 2015 most new bodies start "MA".
  std::string OrgCodeBody() {
    static const std::string kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    std::string body;
    if (rng_.Percent(60)) {
      body = "MA";
      for (int i = 0; i < 6; ++i) body += kAlphabet[rng_.Below(kAlphabet.size())];
    } else {
      for (int i = 0; i < 8; ++i) body += static_cast<char>('0' + rng_.Below(10));
    }
    static const int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; ++i) {
      char ch = body[i];
      int v = ch >= 'A' ? ch - 'A' + 10 : ch - '0';
      sum += v * kWeights[i];
    }
    int check = 11 - sum % 11;
    body += check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
    return body;
  }

  StatusOr<std::string> Mobile() {
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string number = rng_.Pick(MobilePrefixes());
      for (int i = 0; i < 8; ++i) number += static_cast<char>('0' + rng_.Below(10));
      if (codes::ValidateMobile(number).ok()) return number;
    }
    return Internal("demo data: no valid mobile number after 100 attempts");
  }

  Status BuildEnterprises() {
    const int n = opt_.enterprises;
    const int hr_count = std::min(n, 10);
    std::vector<int> city_weights;
    for (const auto& c : Cities()) city_weights.push_back(c.enterprise_weight);
    std::set<std::string> names, codes;
    for (int i = 0; i < n; ++i) {
      // The first six go one to each city, so every city has employers.
      int ci = i < kCityCount ? i : rng_.Weighted(city_weights);
      const CitySpec& cs = Cities()[ci];
      const ResolvedCity& city = cities_[ci];
      std::vector<int> dw;
      for (const auto& d : city.districts) dw.push_back(d.weight);
      const ResolvedDistrict& dist = city.districts[rng_.Weighted(dw)];
      std::vector<int> kw;
      for (const auto& k : cs.kinds) kw.push_back(k.second);
      int kind = cs.kinds[rng_.Weighted(kw)].first;
      const Kind& k = Kinds()[kind];

      PlannedEnterprise e;
      e.city = ci;
      e.kind = kind;
      std::string name;
      for (int attempt = 0; name.empty() || names.count(name); ++attempt) {
        std::string brand = rng_.Pick(BrandChars());
        std::string second = rng_.Pick(BrandChars());
        if (second == brand) continue;
        brand += second;
        std::string place;
        int style = rng_.Below(10);
        if (ci == kShanghai) {
          place = "上海";
        } else if (style < 5 && ci != kDongguan) {
          // 江门市蓬江区华达玩具有限公司; a county or county-level city is
          // written alone: 永嘉县…, 乐清市….
          std::string_view dn = dist.name;
          place = dn.ends_with("区") ? city.name + dist.name : dist.name;
        } else if (style < 8) {
          place = city.name;
        } else {
          place = ci == kWenzhou ? "浙江" : "广东";
        }
        name = place + brand + rng_.Pick(k.words) + "有限公司";
        if (attempt > 1000) return Internal("demo data: enterprise names exhausted");
      }
      names.insert(name);
      e.in.name = name;

      // Unified social credit code: 9 (registered with the market
      // regulator), 1 (company), the registration region, the organisation
      // code body, and the GB 32100 check character.
      std::string region6 = dist.code.substr(0, 6);
      std::string code;
      do {
        std::string body17 = "91" + region6 + OrgCodeBody();
        auto check = codes::CreditCodeCheckChar(body17);
        if (!check) return Internal("demo data: credit code body outside the alphabet");
        code = body17 + *check;
      } while (codes.count(code));
      codes.insert(code);
      e.in.credit_code = code;
      e.in.region_code = dist.code;
      e.in.industry_code = k.industry;
      e.in.contact_name = PersonName(-1, rng_.Percent(40));
      ASSIGN_OR_RETURN(std::string phone, Mobile());
      e.in.contact_phone = phone;
      if (i < hr_count) {
        e.org = AddOrg(orgs::OrgType::kEnterprise, name, dist.code, cities_[ci].bureau);
      }
      plan_.enterprises.push_back(std::move(e));
    }
    // The arrears blacklist: ~2%, never an enterprise with an HR account.
    int black = std::max(n >= 20 ? 1 : 0, (n * 2 + 50) / 100);
    std::vector<int> candidates;
    for (int i = hr_count; i < n; ++i) candidates.push_back(i);
    rng_.Shuffle(candidates);
    for (int i = 0; i < black && i < static_cast<int>(candidates.size()); ++i) {
      plan_.enterprises[candidates[i]].blacklisted = true;
    }
    for (int i = 0; i < hr_count; ++i) {
      const auto& e = plan_.enterprises[i];
      AddUser(fmt::format("hr_{}", i + 1), e.in.contact_name, auth::Role::kEnterpriseHr, e.org,
              e.in.name + "：仅看投递本企业岗位的求职者");
    }
    return Status::Ok();
  }

  void BuildPostings() {
    const int n = opt_.postings;
    const int ne = static_cast<int>(plan_.enterprises.size());
    if (ne == 0) return;
    // A few large employers post many jobs; most post a handful.
    std::vector<int> weights;
    for (int i = 0; i < ne; ++i) weights.push_back(rng_.Percent(10) ? 8 : 1 + rng_.Below(3));
    std::vector<int> owner;
    for (int i = 0; i < n; ++i) owner.push_back(i < ne ? i : rng_.Weighted(weights));
    std::stable_sort(owner.begin(), owner.end());
    std::vector<int> seen(ne, 0);
    for (int i = 0; i < n; ++i) {
      int ei = owner[i];
      const PlannedEnterprise& e = plan_.enterprises[ei];
      const Kind& k = Kinds()[e.kind];
      const Job& job = rng_.Pick(k.jobs);
      PlannedPosting p;
      p.enterprise = ei;
      p.in.title = job.title;
      p.in.occupation_code = job.occupation;
      p.in.region_code = e.in.region_code;
      p.city_code = cities_[e.city].code;
      int r = rng_.Below(100);
      p.in.openings = r < 50 ? rng_.Between(1, 10) : r < 85 ? rng_.Between(11, 30)
                                                            : rng_.Between(31, 60);
      int bonus = Cities()[e.city].pay_bonus;
      int lo = std::min(9000, k.pay_lo + bonus), hi = std::min(9000, k.pay_hi + bonus);
      int pay = rng_.Below(100);
      if (pay < k.hourly_pct) {
        // Hourly: 20–30 yuan; the monthly equivalent is the standard 174
        // hours (21.75 days × 8) to a busy month with overtime (~250 hours).
        int rate = rng_.Between(20, 30);
        p.in.pay_type = "hourly";
        p.in.wage_min = rate * 174;
        p.in.wage_max = std::max<int64_t>(p.in.wage_min, std::min(9000, rate * 250));
        p.in.description = fmt::format("时薪{}元/小时，按月结算，月均约{}–{}元。", rate,
                                       p.in.wage_min, p.in.wage_max);
      } else {
        // The floor in the lower half of the kind's range, the ceiling
        // 500–2,500 above it and within the range.
        int min = rng_.Between(lo / 100, (lo + hi) / 200) * 100;
        int max = std::min(hi, min + rng_.Between(5, 25) * 100);
        p.in.wage_min = min;
        p.in.wage_max = std::max(min, max);
        if (pay < k.hourly_pct + k.piece_pct) {
          p.in.pay_type = "piece";
          p.in.description = fmt::format("计件工资，多劳多得，熟练工月均{}–{}元；新手有保底。",
                                         p.in.wage_min, p.in.wage_max);
        } else {
          p.in.pay_type = "monthly";
          p.in.description = fmt::format("月薪{}–{}元，每月15日前发放上月工资。", p.in.wage_min,
                                         p.in.wage_max);
        }
      }
      p.in.lodging = rng_.Percent(k.lodging_pct);
      p.in.board = rng_.Percent(k.board_pct);
      if (p.in.lodging) {
        p.in.dorm_size = rng_.Between(4, 8);
        p.in.description += fmt::format("提供宿舍，{}人间，{}；", *p.in.dorm_size,
                                        rng_.Percent(70) ? "空调、热水、独立卫浴" : "有热水，需自带被褥");
      }
      if (p.in.board) {
        p.in.description += rng_.Percent(60) ? "食堂包三餐，四菜一汤；" : "包工作餐，另发餐补；";
      }
      p.in.social_insurance = rng_.Percent(85);
      if (p.in.social_insurance) p.in.description += "入职即购买五险。";
      p.in.age_min = rng_.Percent(80) ? 18 : rng_.Between(20, 25);
      p.in.age_max = 40 + 5 * rng_.Below(4);  // 40, 45, 50 or 55
      p.in.hours = rng_.Pick(k.hours);
      // Every enterprise's first posting is live (unless blacklisted:
      // the station rejects an arrears-blacklisted employer's jobs).
      int st = rng_.Below(100);
      if (e.blacklisted) {
        p.in.status = "rejected";
      } else if (seen[ei]++ == 0 || st < 70) {
        p.in.status = "published";
      } else {
        p.in.status = st < 80 ? "verified" : st < 88 ? "draft" : st < 94 ? "filled" : "submitted";
      }
      // Valid until a day in 2027 (Dec 2026 for a few).
      p.in.valid_until = FormatDays(DaysOf(2026, 12, 1) + rng_.Below(395));
      plan_.postings.push_back(std::move(p));
    }
  }

  // --- workers ------------------------------------------------------------

  Status BuildWorkers() {
    std::vector<int> county_weights;
    for (const auto& c : Counties()) county_weights.push_back(c.worker_weight);
    // Occupations workers want or hold, weighted towards common trades.
    std::vector<const char*> occupations;
    for (const Kind& k : Kinds())
      for (const Job& j : k.jobs) occupations.push_back(j.occupation);
    std::unordered_set<std::string> ids;
    // Spring Festival 2027 is 6 February; people leave from the 5th day on.
    const int64_t festival = DaysOf(2027, 2, 6);

    plan_.workers.reserve(opt_.workers);
    for (int i = 0; i < opt_.workers; ++i) {
      PlannedWorker w;
      int ci = rng_.Weighted(county_weights);
      w.county = ci;
      const CountySpec& spec = Counties()[ci];
      const ResolvedCounty& county = counties_[ci];
      bool male = rng_.Percent(56);
      w.in.name = PersonName(ci, male);

      // Age 18–60, most 25–45.
      int r = rng_.Below(100);
      int age = r < 12 ? rng_.Between(18, 24) : r < 80 ? rng_.Between(25, 45)
                                                       : rng_.Between(46, 60);
      int64_t lo = DaysOf(ty_ - age - 1, tm_, td_) + 1, hi = DaysOf(ty_ - age, tm_, td_);
      int64_t birth = lo + rng_.Below(static_cast<size_t>(hi - lo + 1));
      int by, bm, bd;
      DaysToCivil(birth, &by, &bm, &bd);

      // Registration: a village mostly, some at township or county level.
      int level = rng_.Below(100);
      if (level < 80 && !county.villages.empty()) {
        w.in.region_code = rng_.Pick(county.villages).code;
      } else if (level < 92 && !county.townships.empty()) {
        w.in.region_code = rng_.Pick(county.townships);
      } else {
        w.in.region_code = county.code;
      }

      // ID number: region, birth date, two sequence digits, the sex digit
      // (odd for men), and the GB 11643 check character.
      std::string prefix = county.code;
      if (spec.old_prefix && by <= spec.old_prefix_until_year && rng_.Percent(70)) {
        prefix = spec.old_prefix;
      }
      std::string id;
      for (int attempt = 0; id.empty() || ids.count(id); ++attempt) {
        if (attempt > 1000) return Internal("demo data: ID numbers exhausted");
        int sex_digit = 2 * rng_.Below(5) + (male ? 1 : 0);
        std::string body17 = fmt::format("{}{:04d}{:02d}{:02d}{:02d}{}", prefix, by, bm, bd,
                                         rng_.Below(100), sex_digit);
        auto check = codes::IdNumberCheckChar(body17);
        if (!check) return Internal("demo data: malformed ID number body");
        id = body17 + *check;
      }
      ids.insert(id);
      w.in.id_number = id;
      if (!rng_.Percent(3)) {
        ASSIGN_OR_RETURN(std::string phone, Mobile());
        w.in.phone = phone;
      }

      int cat = rng_.Below(100);
      w.in.category = cat < 45 ? "poverty_alleviated" : cat < 55 ? "relocated"
                                                     : cat < 60 ? "disabled" : "general";
      int st = rng_.Below(100);
      w.in.status = st < 70 ? "available" : st < 95 ? "placed" : "not_seeking";

      int n_occ = rng_.Percent(60) ? 1 : 2;
      for (int k = 0; k < n_occ; ++k) {
        std::string occ = rng_.Pick(occupations);
        if (std::find(w.in.occupations.begin(), w.in.occupations.end(), occ) ==
            w.in.occupations.end()) {
          w.in.occupations.push_back(occ);
        }
      }
      w.in.local_only = rng_.Percent(10);
      if (w.in.local_only) {
        w.in.wanted_regions = {county.code};
      } else {
        for (CityIndex c : spec.stations) {
          w.cities.push_back(c);
          w.in.wanted_regions.push_back(cities_[c].code);
        }
      }
      w.in.wage_floor = 3000 + 500 * rng_.Below(7);
      w.in.family_needs.children = rng_.Percent(20);
      w.in.family_needs.elderly = rng_.Percent(15);
      w.in.family_needs.couple = rng_.Percent(8);
      w.in.family_needs.disability = w.in.category == "disabled";
      w.in.family_needs.work_from_home = w.in.family_needs.disability && rng_.Percent(20);
      int n_skills = rng_.Percent(55) ? 0 : rng_.Percent(75) ? 1 : 2;
      for (int k = 0; k < n_skills; ++k) {
        std::string s = rng_.Pick(Skills());
        if (std::find(w.in.skills.begin(), w.in.skills.end(), s) == w.in.skills.end()) {
          w.in.skills.push_back(s);
        }
      }
      if (rng_.Percent(30)) w.in.training_wanted = rng_.Pick(TrainingWanted());
      if (w.in.status == "available") {
        w.in.leave_date = FormatDays(festival + rng_.Between(4, 30));
      }
      if (w.in.family_needs.couple && rng_.Percent(50)) w.in.notes = "夫妻同行，希望安排在同一企业";
      else if (w.in.family_needs.children && rng_.Percent(30)) w.in.notes = "需带子女随迁，关注子女入学";
      else if (w.in.local_only && rng_.Percent(40)) w.in.notes = "家有老人需照顾，仅考虑县内就近就业";
      plan_.workers.push_back(std::move(w));
    }
    return Status::Ok();
  }

  // --- applications and placements -----------------------------------------

  void BuildApplications() {
    const int target = static_cast<int>((static_cast<int64_t>(opt_.workers) * 15 + 50) / 100);
    // Open postings per city, from enterprises not on the blacklist.
    std::vector<std::vector<int>> open(kCityCount);
    for (size_t p = 0; p < plan_.postings.size(); ++p) {
      const auto& pp = plan_.postings[p];
      if (pp.in.status == "published" && !plan_.enterprises[pp.enterprise].blacklisted) {
        open[plan_.enterprises[pp.enterprise].city].push_back(static_cast<int>(p));
      }
    }
    // Workers who look for work away from home, per city they want.
    std::vector<int> seekers;
    std::vector<std::vector<int>> seekers_of(kCityCount);
    for (size_t w = 0; w < plan_.workers.size(); ++w) {
      const auto& pw = plan_.workers[w];
      if (pw.cities.empty() || pw.in.status == "not_seeking") continue;
      seekers.push_back(static_cast<int>(w));
      for (int c : pw.cities) seekers_of[c].push_back(static_cast<int>(w));
    }
    std::set<std::pair<int, int>> made;
    std::vector<bool> has_placement(plan_.workers.size(), false);
    auto add = [&](int w, int p, bool may_place) {
      if (!made.insert({w, p}).second) return;
      PlannedApplication a;
      a.worker = w;
      a.posting = p;
      const auto& pw = plan_.workers[w];
      int r = rng_.Below(100);
      if (may_place && pw.in.status == "placed" && !has_placement[w] && r < 70) {
        a.status = "placed";
        has_placement[w] = true;
        plan_.workers[w].current_city = plan_.postings[p].city_code;
      } else {
        r = rng_.Below(100);
        a.status = r < 65 ? "applied" : r < 80 ? "hired" : "declined";
      }
      a.at = now_ - 86400 * rng_.Between(1, 90) - rng_.Below(86400);
      plan_.applications.push_back(a);
    };
    // Each HR account's enterprise gets a few applicants, so HR sees someone.
    for (size_t e = 0; e < plan_.enterprises.size(); ++e) {
      if (plan_.enterprises[e].org < 0) continue;
      int city = plan_.enterprises[e].city;
      std::vector<int> mine;
      for (int p : open[city])
        if (plan_.postings[p].enterprise == static_cast<int>(e)) mine.push_back(p);
      if (mine.empty() || seekers_of[city].empty()) continue;
      for (int k = 0; k < 2 && static_cast<int>(plan_.applications.size()) < target; ++k) {
        add(rng_.Pick(seekers_of[city]), rng_.Pick(mine), false);
      }
    }
    for (int attempts = 0; static_cast<int>(plan_.applications.size()) < target &&
                           !seekers.empty() && attempts < target * 20;
         ++attempts) {
      int w = rng_.Pick(seekers);
      const auto& cities = plan_.workers[w].cities;
      int city = cities[rng_.Below(cities.size())];
      if (open[city].empty()) continue;
      add(w, rng_.Pick(open[city]), true);
    }
    // Placed workers without a placement through the platform work in one
    // of the cities they wanted, or near home.
    for (auto& pw : plan_.workers) {
      if (pw.in.status != "placed" || !pw.current_city.empty()) continue;
      pw.current_city = pw.cities.empty() ? counties_[pw.county].prefecture_code
                                          : cities_[rng_.Pick(pw.cities)].code;
    }
  }

  struct Station {
    int county;
    CityIndex city;
    int org;
  };

  const codes::Codebook& cb_;
  const codes::Divisions& div_;
  const int64_t now_;
  const DemoOptions& opt_;
  Rng rng_;
  int64_t today_ = 0;
  int ty_ = 0, tm_ = 0, td_ = 0;

  Plan plan_;
  int platform_ = -1, community_ = -1;
  std::vector<ResolvedCounty> counties_;
  std::vector<ResolvedCity> cities_;
  std::vector<Station> stations_;
};

// ---------------------------------------------------------------------------
// Writing the plan, inside the caller's transaction.

std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

// Runs `sql_prefix (?, ?, …)` over ids in chunks (both backends accept a
// few hundred parameters comfortably).
Status ExecuteForIds(store::Connection& c, const std::string& sql_prefix, store::Params head,
                     const std::vector<int64_t>& ids) {
  constexpr size_t kChunk = 500;
  for (size_t i = 0; i < ids.size(); i += kChunk) {
    size_t n = std::min(kChunk, ids.size() - i);
    store::Params params = head;
    for (size_t k = 0; k < n; ++k) params.push_back(ids[i + k]);
    RETURN_IF_ERROR(c.Execute(sql_prefix + "(" + Placeholders(n) + ")", params).status());
  }
  return Status::Ok();
}

Status Write(store::Connection& c, Plan& plan, auth::AuthService& auth,
             workers::WorkerService& workers, postings::PostingService& postings, int64_t now,
             const DemoOptions& opt, DemoReport* rep) {
  ASSIGN_OR_RETURN(int64_t existing, c.QueryInt("SELECT COUNT(*) FROM workers"));
  if (existing > 0) {
    return FailedPrecondition(
        fmt::format("数据库中已有 {} 名务工人员，演示数据只能载入空库", existing),
        fmt::format("The database already has {} workers; demo data loads only into an empty one",
                    existing));
  }
  {
    store::Params names;
    for (const auto& u : plan.users) names.push_back(u.user.username);
    ASSIGN_OR_RETURN(auto taken, c.Query("SELECT username FROM users WHERE username IN (" +
                                             Placeholders(names.size()) + ") ORDER BY username",
                                         names));
    if (!taken.empty()) {
      return FailedPrecondition("演示账号“" + taken.Text(0, 0) + "”已存在，请在空库中载入演示数据",
                                "Demo account '" + taken.Text(0, 0) +
                                    "' already exists; load the demo into an empty database");
    }
  }
  const auth::Principal system = auth::SystemPrincipal();

  // Organisations, reusing any that exist already (the platform org of a
  // bootstrapped installation, say).
  std::vector<int64_t> org_ids(plan.orgs.size());
  for (size_t i = 0; i < plan.orgs.size(); ++i) {
    orgs::Org o = plan.orgs[i].org;
    if (plan.orgs[i].parent >= 0) o.parent_id = org_ids[plan.orgs[i].parent];
    ASSIGN_OR_RETURN(auto found, orgs::FindOrg(c, o.type, o.name, o.region_code));
    if (found) {
      org_ids[i] = found->id;
      continue;
    }
    ASSIGN_OR_RETURN(org_ids[i], orgs::InsertOrg(c, o));
    ++rep->orgs;
  }

  ASSIGN_OR_RETURN(auto existing_pairs, orgs::ListPairs(c));
  std::set<std::pair<std::string, std::string>> have;
  for (const auto& p : existing_pairs) have.insert({p.exporting_region_code, p.receiving_region_code});
  for (const auto& p : plan.pairs) {
    if (!have.insert({p.exporting_region_code, p.receiving_region_code}).second) continue;
    RETURN_IF_ERROR(orgs::InsertPair(c, p, now).status());
    ++rep->pairs;
  }

  for (auto& u : plan.users) {
    u.user.org_id = org_ids[u.org];
    RETURN_IF_ERROR(auth.InsertUser(c, u.user).status());
    ++rep->users;
    rep->accounts.push_back({u.user.username, opt.password, u.user.role, plan.orgs[u.org].org.name,
                             u.note});
  }

  std::vector<int64_t> enterprise_ids(plan.enterprises.size());
  std::vector<int64_t> blacklisted;
  for (size_t i = 0; i < plan.enterprises.size(); ++i) {
    auto& e = plan.enterprises[i];
    if (e.org >= 0) e.in.org_id = org_ids[e.org];
    ASSIGN_OR_RETURN(enterprise_ids[i], postings.InsertEnterprise(c, system, e.in));
    if (e.blacklisted) blacklisted.push_back(enterprise_ids[i]);
    ++rep->enterprises;
  }
  // The arrears blacklist has no service call yet; the flag is the column.
  RETURN_IF_ERROR(
      ExecuteForIds(c, "UPDATE enterprises SET blacklisted = 1 WHERE id IN ", {}, blacklisted));

  std::vector<int64_t> posting_ids(plan.postings.size());
  for (size_t i = 0; i < plan.postings.size(); ++i) {
    auto& p = plan.postings[i];
    p.in.enterprise_id = enterprise_ids[p.enterprise];
    ASSIGN_OR_RETURN(posting_ids[i], postings.InsertPosting(c, system, p.in));
    ++rep->postings;
  }

  std::vector<int64_t> worker_ids(plan.workers.size());
  for (size_t i = 0; i < plan.workers.size(); ++i) {
    auto inserted = workers.Insert(c, system, plan.workers[i].in);
    if (!inserted.ok()) {
      // Name the row: a generator bug should be findable. No personal data.
      Status s = inserted.status();
      std::string fields;
      for (const auto& f : s.fields()) fields += (fields.empty() ? "" : ",") + f.field;
      return Internal(fmt::format("demo worker {} rejected ({}): {}", i, fields, s.en()));
    }
    worker_ids[i] = *inserted;
    ++rep->workers;
  }

  for (const auto& a : plan.applications) {
    RETURN_IF_ERROR(c.Execute("INSERT INTO applications (worker_id, posting_id, status,"
                              " created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                              {worker_ids[a.worker], posting_ids[a.posting], a.status, a.at, a.at})
                        .status());
    ++rep->applications;
  }

  // Where placed workers work now, grouped by city for a few bulk updates.
  std::map<std::string, std::vector<int64_t>> placed_in;
  for (size_t i = 0; i < plan.workers.size(); ++i) {
    const auto& w = plan.workers[i];
    if (!w.current_city.empty()) placed_in[w.current_city].push_back(worker_ids[i]);
  }
  for (const auto& [city, ids] : placed_in) {
    RETURN_IF_ERROR(ExecuteForIds(c,
                                  "UPDATE workers SET status = 'placed', current_city_code = ?"
                                  " WHERE id IN ",
                                  {city}, ids));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<DemoReport> LoadDemo(store::Database& db, const codes::Codebook& codebook,
                              auth::AuthService& auth, workers::WorkerService& workers,
                              postings::PostingService& postings, const Clock& clock,
                              const DemoOptions& opt) {
  if (opt.workers < 0 || opt.workers > 2'000'000 || opt.enterprises < 0 ||
      opt.enterprises > 100'000 || opt.postings < 0 || opt.postings > 1'000'000) {
    return InvalidArgument("演示数据规模超出范围",
                           "demo options out of range (workers ≤ 2,000,000, enterprises ≤ "
                           "100,000, postings ≤ 1,000,000, none negative)");
  }
  if (opt.postings > 0 && opt.enterprises == 0) {
    return InvalidArgument("有岗位就必须有企业", "postings need at least one enterprise");
  }
  const int64_t now = clock.NowSeconds();
  Planner planner(codebook, now, opt);
  ASSIGN_OR_RETURN(Plan plan, planner.Build());

  DemoReport report;
  RETURN_IF_ERROR(db.Transact([&](store::Connection& c) -> Status {
    report = DemoReport{};
    return Write(c, plan, auth, workers, postings, now, opt, &report);
  }));
  return report;
}

}  // namespace xiezuo::demo
