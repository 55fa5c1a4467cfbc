#include "io/heap.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>
#include <thread>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

// A sanitizer brings its own allocator: glibc's heap settings mean nothing there.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CL_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CL_OWN_ALLOCATOR 1
#endif
#endif

#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(CL_OWN_ALLOCATOR)
#if __GLIBC_PREREQ(2, 33)  // mallinfo2
#define CL_HUGE_PAGE_HEAP 1
#endif
#endif

namespace cl::io {

#ifdef CL_HUGE_PAGE_HEAP

namespace {

/// True when the kernel gives huge pages to madvised memory: the mode in brackets is "always" or
/// "madvise" (not "never").
bool huge_pages_available() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(in, modes);
  return modes.find("[always]") != std::string::npos ||
         modes.find("[madvise]") != std::string::npos;
}

/// How much of the new heap is faulted in ahead: about what reading a million-row inventory
/// allocates (docs/performance.md: the benchmark's process peaks at 26.5 MB resident without
/// it, 26.8 MB with 16 MiB faulted in, 42 MB with 32 MiB). More is cleared for nothing, on the
/// core that starts reading the activity file meanwhile.
constexpr std::size_t kPrefaultBytes = std::size_t{16} << 20;

/// Faults in [first, first + bytes) on another thread, so that the kernel clears those pages on
/// the second core while this one starts the command, instead of when it first writes to each
/// (a fresh huge page cost about 0.5 ms on the benchmark machine). MADV_POPULATE_WRITE (Linux
/// 5.14) leaves what is in memory as it is, so the command may use the range meanwhile. Not on
/// one CPU, where it would only take the command's time.
void prefault_in_background(std::uintptr_t first, std::size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  if (std::thread::hardware_concurrency() < 2) return;
  try {
    // Detached: a process may end before it is done, which the kernel does not mind.
    std::thread([first, bytes] {
      madvise(reinterpret_cast<void*>(first), bytes, MADV_POPULATE_WRITE);
    }).detach();
  } catch (const std::system_error&) {
    // no thread to spare: pages are faulted in as they are first written, as before
  }
#else
  (void)first;
  (void)bytes;
#endif
}

}  // namespace

bool use_huge_page_heap(std::size_t bytes) {
  static std::atomic<bool> done{false};
  if (done.exchange(true) || !huge_pages_available()) return false;
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  constexpr int kLargestFromHeap = 32 << 20;        // glibc's ceiling for M_MMAP_THRESHOLD
  constexpr int kDefaultMmapThreshold = 128 << 10;  // glibc's defaults
  constexpr int kDefaultTopPad = 128 << 10;
  bytes = std::clamp<std::size_t>(bytes, kHuge, std::size_t{512} << 20);  // fits an int twice
  // The free room at the heap's top (mallinfo2's keepcost: a long-running test process may
  // already have a lot), then `bytes` more: the next growth adds M_TOP_PAD, and a block larger
  // than the free room forces it. The probe's pages are not touched. Blocks up to 32 MiB must
  // come from the heap for that (and afterwards, rather than from separate small-page maps).
  mallopt(M_MMAP_THRESHOLD, kLargestFromHeap);
  const std::size_t free_top = mallinfo2().keepcost;
  const auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t top = start - std::min<std::uintptr_t>(free_top, start);
  // Room enough already: what is asked for, or more than a probe could ask (31 MiB).
  const std::size_t probe_size = free_top + (std::size_t{1} << 20);
  const bool room = free_top >= bytes || probe_size >= static_cast<std::size_t>(kLargestFromHeap);
  if (!room) {
    mallopt(M_TOP_PAD, static_cast<int>(bytes));
    void* volatile probe = std::malloc(probe_size);  // volatile: not optimised away
    std::free(probe);
    mallopt(M_TOP_PAD, kDefaultTopPad);
  }
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t first = (top + kHuge - 1) / kHuge * kHuge;
  // The heap must have grown (or had the room): when sbrk fails glibc maps memory elsewhere.
  const bool grown = room || end > start;
  if (!grown || end <= first ||
      madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE) != 0) {
    mallopt(M_MMAP_THRESHOLD, kDefaultMmapThreshold);  // as it was, but no longer adjusted
    return false;
  }
  // What is freed stays in the heap: shrinking it would give back the range the madvise covers.
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(bytes * 2));
  // The command's other threads allocate here too: glibc would give each its own arena, on
  // small pages (a part tally's cells, a helper's buffers). They allocate little, so the one
  // arena's lock is rarely contended.
  mallopt(M_ARENA_MAX, 1);
  prefault_in_background(first, std::min<std::size_t>(end - first, kPrefaultBytes));
  return true;
}

#else

bool use_huge_page_heap(std::size_t) {
  return false;
}

#endif

}  // namespace cl::io
