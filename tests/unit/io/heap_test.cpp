// io/heap.hpp: the huge-page heap for batch commands: marked for huge pages, faulted in ahead
// by another thread, shared by the command's threads. What the kernel offers is read here from
// /sys and /proc, apart from the code under test.
#include "io/heap.hpp"

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kOwnAllocator = true;  // a sanitizer's allocator, not glibc's heap
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
constexpr bool kOwnAllocator = true;
#else
constexpr bool kOwnAllocator = false;
#endif
#else
constexpr bool kOwnAllocator = false;
#endif

bool kernel_offers_huge_pages() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(in, modes);
  return modes.find("[always]") != std::string::npos ||
         modes.find("[madvise]") != std::string::npos;
}

/// The VmFlags lines of the [heap] mappings in /proc/self/smaps, one per line (madvise splits
/// the heap into more than one mapping).
std::string heap_flags() {
  std::ifstream in("/proc/self/smaps");
  std::string line, flags;
  bool in_heap = false;
  while (std::getline(in, line)) {
    // A mapping's first line starts with its address in lower-case hex; its fields ("Size:",
    // "VmFlags:") start with a capital.
    if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
        !std::isupper(static_cast<unsigned char>(line[0]))) {
      in_heap = line.find(" [heap]") != std::string::npos;
    }
    if (in_heap && line.rfind("VmFlags:", 0) == 0) flags += line + "\n";
  }
  return flags;
}

/// The resident kB of the [heap] mappings in /proc/self/smaps.
long heap_resident_kb() {
  std::ifstream in("/proc/self/smaps");
  std::string line;
  long total = 0;
  bool in_heap = false;
  while (std::getline(in, line)) {
    if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
        !std::isupper(static_cast<unsigned char>(line[0]))) {
      in_heap = line.find(" [heap]") != std::string::npos;
    }
    if (in_heap && line.rfind("Rss:", 0) == 0) total += std::atol(line.c_str() + 4);
  }
  return total;
}

/// Whether this kernel has MADV_POPULATE_WRITE (Linux 5.14), tried on a page of its own.
bool kernel_populates() {
#ifdef MADV_POPULATE_WRITE
  void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return false;
  const bool works = madvise(page, 4096, MADV_POPULATE_WRITE) == 0;
  munmap(page, 4096);
  return works;
#else
  return false;
#endif
}

/// The checks, in a child process (EXPECT_EXIT) so that the allocator settings do not reach
/// the other tests of this binary: exit code 0 when all hold, else the number of the first
/// that failed (printed on stderr).
[[noreturn]] void check_in_child() {
  const auto fail = [](int check, const std::string& why) {
    std::fprintf(stderr, "check %d: %s\n", check, why.c_str());
    std::_Exit(check);
  };
  const bool expected = !kOwnAllocator && kernel_offers_huge_pages();
  const long resident_before = heap_resident_kb();
  if (cl::io::use_huge_page_heap(std::size_t{64} << 20) != expected)
    fail(1, expected ? "expected true" : "expected false");
  // "hg": the range is madvised MADV_HUGEPAGE (proc(5)).
  if (expected && heap_flags().find(" hg") == std::string::npos) fail(2, heap_flags());
  // Memory from the reserved range works as any other, while another thread faults it in: a
  // 4 MiB block (below the 32 MiB ceiling, so from the heap) written end to end at once, and
  // read back once the faulting-in is over.
  const std::size_t size = std::size_t{4} << 20;
  auto* block = static_cast<unsigned char*>(std::malloc(size));
  if (block == nullptr) fail(3, "no memory");
  for (std::size_t idx = 0; idx < size; idx += 4096)
    block[idx] = static_cast<unsigned char>(idx >> 12);
  // The first 16 MiB of the new range are faulted in by that thread: that much more is
  // resident than before, though only 4 MiB were written (given a few seconds, on a busy
  // machine), on more than one CPU.
  if (expected && kernel_populates() && std::thread::hardware_concurrency() > 1) {
    const long wanted = resident_before + 16 * 1024;
    long resident = 0;
    for (int wait = 0; wait < 100 && (resident = heap_resident_kb()) < wanted; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (resident < wanted) {
      fail(6, "heap resident " + std::to_string(resident) + " kB, " +
                  std::to_string(resident_before) + " kB before");
    }
  }
  for (std::size_t idx = 0; idx < size; idx += 4096) {
    if (block[idx] != static_cast<unsigned char>(idx >> 12)) fail(4, "a byte read back wrong");
  }
  std::free(block);
  // Another thread allocates from the same heap (below its end), not from an arena of its own
  // mapped elsewhere.
  if (expected) {
    void* from_thread = nullptr;
    std::thread([&] { from_thread = std::malloc(64 << 10); }).join();
    if (reinterpret_cast<std::uintptr_t>(from_thread) >= reinterpret_cast<std::uintptr_t>(sbrk(0)))
      fail(7, "a second thread's block is not in the heap");
    std::free(from_thread);
  }
  // Once per process: a second call does nothing.
  if (cl::io::use_huge_page_heap()) fail(5, "a second call returned true");
  std::_Exit(0);
}

TEST(HugePageHeap, MarksTheHeapWhereTheKernelAndAllocatorAllowIt) {
  // A fresh process (re-executed, not forked): threads of earlier tests have made arenas that a
  // new thread could be given, as they cannot in a command, which calls this first.
  const std::string style = GTEST_FLAG_GET(death_test_style);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(check_in_child(), ::testing::ExitedWithCode(0), "");
  GTEST_FLAG_SET(death_test_style, style);
}

}  // namespace
