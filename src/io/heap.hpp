// The process's heap for batch work that touches a lot of fresh memory at once: reading a
// million-row inventory builds tens of MB of sources, JSON tree and tallies within a tenth of a
// second. With 4 KiB pages each page is one page fault, and on a virtual machine a fault is
// expensive (about 10 µs on the benchmark machine, docs/performance.md): faults were a third of
// `inventory compute`'s time before its rows.
#pragma once

#include <cstddef>

namespace cl::io {

/// Grows the heap by `bytes` once, up front, and asks the kernel to back that range with
/// transparent huge pages (Linux madvise MADV_HUGEPAGE; glibc mallopt), so that the memory the
/// command then allocates is faulted in 2 MiB at a time. Allocations up to 32 MiB come from the
/// heap and freed memory is kept in it rather than returned. The range is address space until
/// touched; then each touched 2 MiB is resident, so a command uses somewhat more memory (and
/// calloc clears what it hands out from the range, as for any reused memory). The first
/// 16 MiB are faulted in at once on another thread (so about 16 MiB are resident from the
/// start), and threads started afterwards allocate from this heap too (one arena). For short
/// commands (the `inventory` ones), not for `serve`. Does nothing, and returns false, where
/// transparent huge pages are off or unknown, where glibc's allocator is not the one in use
/// (not Linux, not glibc 2.33 or later, a sanitizer build), when the heap cannot grow, or when
/// called a second time; the allocator's settings are then as before (except that the mmap
/// threshold no longer adapts).
bool use_huge_page_heap(std::size_t bytes = std::size_t{256} << 20);

}  // namespace cl::io
