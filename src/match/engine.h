// The matching engine: hard rules, the score with its reasons, candidate
// generation and the incremental rankings, over a finished Problem.
//
//   match::Engine eng(problem, policy, today_day);
//   match::Bipartite g = eng.Candidates(/*threads=*/2);   // ≤ C per worker
//   match::Allocation a = match::AuctionAllocate(g);       // allocate.h
//   match::Reasons r = eng.Explain(w, p);                  // zh-CN and en
//
// Hard rules (CheckRules) are never broken: every pair the engine scores,
// recommends or ranks has passed them. Candidate generation only looks at
// postings of the worker's occupations (widening to the same mid group
// when the exact occupations give fewer than C) in places the worker
// accepts, so a worker is scored against hundreds of postings, not all.
//
// Thread-safety: the Engine is immutable after construction; all methods
// are const and may run concurrently. REQUIRES: problem.Finish() was called;
// the policy is valid (ValidatePolicy).
#ifndef XIEZUO_MATCH_ENGINE_H_
#define XIEZUO_MATCH_ENGINE_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "match/allocate.h"
#include "match/policy.h"
#include "match/problem.h"

namespace xiezuo::match {

// The first hard rule a (worker, posting) pair breaks, or kOk.
enum class Rule : uint8_t {
  kOk = 0,
  kWorkerNotAvailable,  // placed or not seeking
  kPostingNotLive,      // not published, expired, or no openings left
  kBlacklisted,         // enterprise on the wage-arrears blacklist
  kAgeOutOfRange,       // worker's age outside the posting's lawful range
  kMissingCertificate,  // a required certificate is not held
  kPlaceNotAcceptable,  // not a wanted region / not local / not from home
  kPayBelowFloor,       // guaranteed pay under the floor, not allowed below
  kCoupleNeedsTwo,      // a couple, but the posting cannot take both
};
const char* RuleName(Rule r);

struct Reasons {
  std::string zh;  // "月薪5,500元 ≥ 期望4,500元；包住，4人间；焊工对口；江门为意向地区"
  std::string en;
};

// The score split into its weighted parts (for tests and the console).
struct ScoreParts {
  int occupation = 0, certificate = 0, pay = 0, place = 0, travel = 0, lodging = 0, board = 0,
      inspection = 0, enterprise = 0;  // each 0..100, before weights
  int priority = 0;                    // policy bonus, already × 100
  int64_t total = 0;
};

class Engine {
 public:
  // today: days since 1970-01-01 (postings valid_until before it are expired).
  Engine(const Problem& problem, const Policy& policy, int today);

  Rule CheckRules(uint32_t w, uint32_t p) const;
  // REQUIRES: CheckRules(w, p) == Rule::kOk.
  int32_t Score(uint32_t w, uint32_t p) const;
  ScoreParts Parts(uint32_t w, uint32_t p) const;
  Reasons Explain(uint32_t w, uint32_t p) const;

  // Up to policy.candidates_per_worker eligible postings per worker, best
  // first, as the allocation graph (posting capacity α × openings, worker
  // capacity k). threads ≥ 1.
  Bipartite Candidates(int threads = 1) const;

  // Incremental: the best `limit` available workers for one posting (a
  // newly published one), scanning every worker's compact features (16
  // bytes, built with the engine) against per-posting tables; best first.
  // Same scores as CheckRules + Score over every worker.
  std::vector<std::pair<uint32_t, int32_t>> RankWorkers(uint32_t p, size_t limit) const;
  // The same by CheckRules and Score on every worker (tests compare).
  std::vector<std::pair<uint32_t, int32_t>> RankWorkersSlow(uint32_t p, size_t limit) const;
  // Incremental: the eligible postings for one worker (a new or changed
  // intention), best first, at most `limit`.
  std::vector<std::pair<uint32_t, int32_t>> RankPostings(uint32_t w, size_t limit) const;

  const Problem& problem() const { return prob_; }
  const Policy& policy() const { return policy_; }

 private:
  // Visits the postings candidate generation considers for worker w, best
  // bound first, until no unvisited posting can enter fn's list.
  template <typename Fn>
  void ForEachPlausible(uint32_t w, Fn&& fn) const;
  bool PlaceOk(uint32_t w, uint32_t p, bool* wanted) const;
  // The travel component (0..100) and the score given it: candidate
  // generation looks travel up once per (worker, city), not per posting.
  int TravelOf(uint32_t w, uint32_t p) const;
  int TravelToCity(uint32_t w, uint32_t city) const;  // city 0: remote work
  int32_t ScoreWithTravel(uint32_t w, uint32_t p, int travel) const;
  static constexpr size_t kWidenBudget = 2000;
  int PayComponent(uint32_t w, uint32_t p) const;
  int OccupationComponent(uint32_t w, uint32_t p) const;

  // Per worker, what the rules and the score read, interned to small ids:
  // the place preferences (a "place class"), the home county and the
  // occupations; RankWorkers evaluates each id once per posting. Kept in
  // place-class order (blocking: a posting skips whole classes whose place
  // it does not suit), by worker within a class.
  struct WorkerFeatures {
    uint32_t certs;
    uint32_t worker;  // index in the problem
    uint16_t floor;   // yuan
    uint16_t home;    // home county id
    uint16_t occ[2];  // occupation ids (0 = none)
    uint8_t age;
    uint8_t bits;  // kF* below
  };
  static constexpr uint8_t kFLodging = 1, kFBoard = 2, kFPoverty = 4, kFDisabled = 8, kFCouple = 16,
                           kFBelowOk = 32, kFUnavailable = 128;
  void BuildFeatures();

  // Per posting, what candidate generation reads, in one 40-byte record
  // (one cache line per visited posting instead of a dozen columns).
  struct PostingRec {
    int32_t stat[4];  // static_score_ for the (lodging, board) wishes
    uint32_t occ, county, req_certs, any_certs;
    uint16_t wage_min, flags;
    uint8_t age_min, age_max;
    uint8_t open;       // live and not blacklisted
    uint8_t couple_ok;  // takes couples and has two openings
  };
  std::vector<PostingRec> prec_;
  // Scores the postings ForEachPlausible visits for one worker (rules and
  // score as CheckRules and ScoreWithTravel, over PostingRec).
  struct Visitor;

  const Problem& prob_;
  Policy policy_;
  std::vector<WorkerFeatures> features_;
  std::vector<uint32_t> place_rep_;    // place class → a worker of that class
  std::vector<uint32_t> place_begin_;  // place class → its first entry in features_
  std::vector<uint32_t> home_rep_;   // home id → a worker from that county
  std::vector<uint32_t> occ_code_;   // occupation id → packed code (id 0: none)
  int today_;
  // Per posting: the worker-independent part of the score for each of the
  // four (wants lodging, wants board) combinations, and whether it is live.
  std::vector<int32_t> static_score_;  // 4 per posting
  std::vector<uint8_t> live_;
  // Candidate index (blocking). Live, unblacklisted postings are grouped
  // into buckets by (occupation, city; city 0 = remote work); a bucket into
  // blocks by (highest age, takes couples, certificates asked for), and a
  // block into leaves by 300-yuan pay band. Every block and leaf keeps what
  // its postings share or at most reach, so a worker skips one no posting of
  // which could pass (too old, a couple, pay under the floor, a certificate
  // every one requires) and bounds the score of the rest exactly but for the
  // pay band. Blocks are opened best bound first, and in each the leaves
  // best paid first; the scan stops once no bound beats the worker's C-th
  // best; a leaf's postings are sorted by static score. The work per worker
  // grows with the blocks it opens and with C, slowly with the postings
  // (the bucket scan it replaces did not finish the province's 10 M workers
  // × 1.5 M postings in 600 s; this takes about 110 CPU-seconds).
  struct Block {
    uint32_t begin, end;     // leaves in levels_[1], or (a leaf) its range in order_[v]
    int32_t stat_best[4];    // highest static score per (lodging, board) wish
    uint32_t any_certs;      // OR of the required and preferred certificates
    uint32_t req_common;     // certificates every posting of the block requires
    uint16_t wage_hi;        // highest guaranteed pay
    uint8_t age_lo, age_hi;  // lowest minimum age, highest maximum age
    uint8_t couple;          // some posting takes couples
  };
  struct Bucket {
    uint32_t occ, city;
    uint32_t block_begin, block_end;  // range in levels_[0]
  };
  static constexpr int kLevels = 2;
  static constexpr int kPayBand = 300;  // yuan: the pay slack a leaf's bound allows
  void BuildIndex();
  std::vector<Block> levels_[kLevels];
  std::vector<Bucket> buckets_;
  // Per (lodging, board) wish v: the indexed postings leaf by leaf, each
  // leaf best static score first (then by number), with that score so the
  // scan's bound reads no posting record.
  struct Slot {
    int32_t stat;
    uint32_t posting;
  };
  std::vector<Slot> order_[4];
  std::unordered_map<uint64_t, uint32_t> bucket_of_;  // occ << 32 | city → bucket
  std::unordered_map<uint32_t, std::vector<uint32_t>> occs_by_mid_;
  std::vector<uint32_t> cities_;  // every city with a posting
};

}  // namespace xiezuo::match

#endif  // XIEZUO_MATCH_ENGINE_H_
