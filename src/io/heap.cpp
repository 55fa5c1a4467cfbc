#include "io/heap.hpp"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace cl::io {

#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)

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

}  // namespace

bool use_huge_page_heap(std::size_t bytes) {
  static std::atomic<bool> done{false};
  if (done.exchange(true) || !huge_pages_available()) return false;
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  constexpr int kLargestFromHeap = 32 << 20;  // glibc's ceiling for M_MMAP_THRESHOLD
  constexpr int kDefaultTopPad = 128 << 10;   // glibc's M_TOP_PAD default
  // Blocks up to 32 MiB come from the heap (not separate 4 KiB-page mappings), and what is freed
  // stays in the heap: shrinking it would give back the range the madvise covers.
  mallopt(M_MMAP_THRESHOLD, kLargestFromHeap);
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(bytes * 2));
  // The free room at the heap's top (mallinfo2's keepcost: a long-running test process may
  // already have a lot), then `bytes` more: the next growth adds M_TOP_PAD, and a block larger
  // than the free room forces it. The probe's pages are not touched.
  const std::size_t free_top = mallinfo2().keepcost;
  const auto top = reinterpret_cast<std::uintptr_t>(sbrk(0)) - free_top;
  const std::size_t probe_size = free_top + (std::size_t{1} << 20);
  if (free_top < bytes && probe_size < static_cast<std::size_t>(kLargestFromHeap)) {
    mallopt(M_TOP_PAD, static_cast<int>(bytes));
    void* volatile probe = std::malloc(probe_size);  // volatile: not optimised away
    std::free(probe);
    mallopt(M_TOP_PAD, kDefaultTopPad);
  }
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t first = (top + kHuge - 1) / kHuge * kHuge;
  if (end <= first) return false;  // no room (e.g. sbrk is not available)
  return madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE) == 0;
}

#else

bool use_huge_page_heap(std::size_t) {
  return false;
}

#endif

}  // namespace cl::io
