// io/heap.hpp: the huge-page heap for batch commands. What the kernel offers is read here from
// /sys and /proc, apart from the code under test.
#include "io/heap.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kOwnAllocator = true;  // ASan's allocator, not glibc's heap
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
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

TEST(HugePageHeap, MarksTheHeapWhereTheKernelAndAllocatorAllowIt) {
  const bool expected = !kOwnAllocator && kernel_offers_huge_pages();
  ASSERT_EQ(cl::io::use_huge_page_heap(std::size_t{64} << 20), expected);
  if (expected) {
    // "hg": the range is madvised MADV_HUGEPAGE (proc(5)).
    EXPECT_NE(heap_flags().find(" hg"), std::string::npos) << heap_flags();
  }
  // Memory from the reserved range works as any other: a 16 MiB block (below the 32 MiB ceiling,
  // so from the heap) written end to end and read back.
  const std::size_t size = std::size_t{16} << 20;
  auto* block = static_cast<unsigned char*>(std::malloc(size));
  ASSERT_NE(block, nullptr);
  for (std::size_t idx = 0; idx < size; idx += 4096)
    block[idx] = static_cast<unsigned char>(idx >> 12);
  std::size_t wrong = 0;
  for (std::size_t idx = 0; idx < size; idx += 4096)
    wrong += block[idx] != static_cast<unsigned char>(idx >> 12) ? 1 : 0;
  std::free(block);
  EXPECT_EQ(wrong, 0u);
  // Once per process: a second call does nothing.
  EXPECT_FALSE(cl::io::use_huge_page_heap());
}

}  // namespace
