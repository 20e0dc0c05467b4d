// The matching problem in memory: workers and postings as struct-of-arrays
// of small integers, so that scoring one posting against a million workers
// streams a few contiguous arrays (bandwidth-bound, ~30 bytes a worker).
//
//   match::Problem prob;
//   prob.AddWorker(w);      // skipped (and counted) when fields contradict
//   prob.AddPosting(p);
//   prob.Finish();          // builds the candidate index
//
// Codes are packed into integers once, on the way in:
//   occupation "6-18-02-04" → 6180204 (major 6, mid 18, minor 02, unit 04);
//   regions are GB/T 2260 six-digit numbers (530622; a city ends in 00, a
//   province in 0000).
// Certificates are bits of a 32-bit mask; the caller owns the dictionary
// (CertificateDictionary below maps free-text skills to bits).
//
// Thread-safety: build from one thread; after Finish() a const Problem may
// be read from many threads.
#ifndef XIEZUO_MATCH_PROBLEM_H_
#define XIEZUO_MATCH_PROBLEM_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace xiezuo::match {

// "6-18-02-04" → 6180204; 0 if malformed.
uint32_t PackOccupation(std::string_view code);
std::string UnpackOccupation(uint32_t packed);
// "530622" → 530622; 0 if not six digits (longer codes keep their county).
uint32_t PackRegion(std::string_view code);
// True if region `code` lies within `area` (a province, city or county).
bool RegionIn(uint32_t code, uint32_t area);
inline uint32_t CityOf(uint32_t county) { return county / 100 * 100; }

enum class WorkerStatus : uint8_t { kAvailable = 0, kPlaced = 1, kNotSeeking = 2 };

// Worker flags (bits of WorkerRecord::flags).
enum WorkerFlag : uint16_t {
  kPoverty = 1 << 0,         // 脱贫劳动力 (policy priority)
  kDisabled = 1 << 1,        // 残疾人 (policy priority)
  kCouple = 1 << 2,          // a couple moving together: both need a place
  kLocalOnly = 1 << 3,       // only work in the home county
  kWorkFromHome = 1 << 4,    // can only work from home
  kAllowBelowFloor = 1 << 5, // accepts pay under the floor
  kWantsLodging = 1 << 6,    // needs a dormitory
  kWantsBoard = 1 << 7,      // needs meals
};

// Posting flags.
enum PostingFlag : uint16_t {
  kPublished = 1 << 0,     // status = published (verified and public)
  kBlacklisted = 1 << 1,   // the enterprise is on the wage-arrears blacklist
  kLodging = 1 << 2,       // 包住
  kBoard = 1 << 3,         // 包吃
  kCoupleOk = 1 << 4,      // takes couples (places for both)
  kRemoteOk = 1 << 5,      // can be done from home
  kArrearsHistory = 1 << 6 // the enterprise had (settled) wage arrears
};

// One worker as the store or a generator hands it in.
struct WorkerRecord {
  int64_t id = 0;
  int age = 0;
  uint32_t home_county = 0;           // packed region (county level)
  std::vector<uint32_t> occupations;  // packed, at most 4 used
  std::vector<uint32_t> wanted;       // packed regions, at most 4 used
  int wage_floor = 0;                 // yuan a month; 0 = none
  uint32_t certificates = 0;          // bit mask
  uint16_t flags = 0;                 // WorkerFlag
  WorkerStatus status = WorkerStatus::kAvailable;
};

// One posting.
struct PostingRecord {
  int64_t id = 0;
  int64_t enterprise_id = 0;
  uint32_t occupation = 0;  // packed
  uint32_t county = 0;      // packed place of work (county level)
  int openings = 0;         // openings left
  int wage_min = 0, wage_max = 0;
  int age_min = 16, age_max = 60;
  int dorm_size = 0;               // people per room; 0 = unknown / none
  uint32_t required_certs = 0;     // must hold all
  uint32_t preferred_certs = 0;    // a bonus when held
  int valid_until_day = 0;         // days since 1970-01-01; 0 = open-ended
  int inspection = -1;             // 0..100, -1 = not inspected
  int retention = -1;              // % still employed after 3 months, -1 unknown
  int complaints = 0;              // substantiated complaints in the last year
  uint16_t flags = 0;              // PostingFlag
};

// Why a record was skipped while building the problem.
enum class SkipReason : uint8_t {
  kWorkerAge,            // age missing or outside 16..70
  kWorkerNoOccupation,   // no valid occupation code
  kWorkerNoHome,         // home county missing
  kWorkerNegativeFloor,  // wage floor < 0 or absurd
  kPostingNoOccupation,
  kPostingNoPlace,
  kPostingPayRange,      // wage_min > wage_max or negative
  kPostingAgeRange,      // age_min > age_max
  kCount,
};
const char* SkipReasonName(SkipReason r);  // "worker_age", …

class Problem {
 public:
  static constexpr int kMaxOcc = 2;     // occupations kept per worker
  static constexpr int kMaxWanted = 4;  // wanted regions kept per worker

  // Worker columns (index = dense worker number).
  std::vector<int64_t> worker_id;
  std::vector<uint8_t> w_age;
  std::vector<uint32_t> w_home;                   // county
  std::vector<uint32_t> w_occ;                    // kMaxOcc per worker, 0 = none
  std::vector<uint32_t> w_wanted;                 // kMaxWanted per worker, 0 = none
  std::vector<uint16_t> w_floor;                  // yuan
  std::vector<uint32_t> w_certs;
  std::vector<uint16_t> w_flags;
  std::vector<uint8_t> w_status;

  // Posting columns.
  std::vector<int64_t> posting_id;
  std::vector<int64_t> p_enterprise;
  std::vector<uint32_t> p_occ;
  std::vector<uint32_t> p_county;
  std::vector<uint16_t> p_openings;
  std::vector<uint16_t> p_wage_min, p_wage_max;
  std::vector<uint8_t> p_age_min, p_age_max;
  std::vector<uint8_t> p_dorm;
  std::vector<uint32_t> p_req_certs, p_pref_certs;
  std::vector<int32_t> p_valid_until;
  std::vector<int8_t> p_inspection, p_retention;
  std::vector<uint8_t> p_complaints;
  std::vector<uint16_t> p_flags;

  // Travel hours from a home county to a city (0 = unknown). Optional.
  std::unordered_map<uint64_t, uint8_t> travel_hours;
  void SetTravelHours(uint32_t county, uint32_t city, int hours) {
    travel_hours[(uint64_t{county} << 32) | city] = static_cast<uint8_t>(hours);
  }
  int TravelHours(uint32_t county, uint32_t city) const {
    auto it = travel_hours.find((uint64_t{county} << 32) | city);
    return it == travel_hours.end() ? 0 : it->second;
  }

  // Names for reasons (optional; codes are printed when missing).
  std::unordered_map<uint32_t, std::string> occupation_names;  // packed → 焊工
  std::unordered_map<uint32_t, std::string> region_names;      // packed → 江门

  // Records skipped, by reason; and one logged line per skipped record
  // (ids only: never personal data).
  int64_t skipped[static_cast<int>(SkipReason::kCount)] = {};
  std::vector<std::string> skip_log;

  // Returns false (and counts the reason) when the record is unusable.
  bool AddWorker(const WorkerRecord& w);
  bool AddPosting(const PostingRecord& p);
  // Builds the candidate index. REQUIRES: called once, after the Add*s.
  void Finish();

  size_t num_workers() const { return worker_id.size(); }
  size_t num_postings() const { return posting_id.size(); }
  int64_t total_skipped() const;

  // Candidate index: postings by (occupation mid group, city), so a worker is
  // scored only against postings in a trade close to theirs in a place they
  // accept. Remote postings are indexed by mid group alone (city 0).
  // key = mid group (e.g. 618) << 32 | city.
  std::unordered_map<uint64_t, std::vector<uint32_t>> index;
  // Cities with postings, per mid group (to expand a province-level wish).
  std::unordered_map<uint32_t, std::vector<uint32_t>> cities_by_mid;

  size_t MemoryBytes() const;
};

// Free-text certificates → bits (at most 32 distinct; later ones share bit 31).
class CertificateDictionary {
 public:
  uint32_t Bit(const std::string& name);
  uint32_t Mask(const std::vector<std::string>& names);
  const std::map<std::string, int>& bits() const { return bits_; }

 private:
  std::map<std::string, int> bits_;
};

}  // namespace xiezuo::match

#endif  // XIEZUO_MATCH_PROBLEM_H_
