// Transparent huge pages for the heap. The statistics engine keeps hundreds of megabytes of
// records it reaches in random order (a user, their per-channel counts, their hourly rows);
// with 4 KiB pages most of those reads also miss the TLB. glibc backs its heap with 2 MiB
// pages when the tunable glibc.malloc.hugetlb=1 is set, which made applying messages 17-35%
// faster (bench_stats, interleaved runs; docs/performance.md) for ~3% more resident memory.
// glibc reads tunables only when a process starts, hence the re-execution.
#pragma once

namespace pererecos {

// Re-executes this program (/proc/self/exe, same arguments) with glibc.malloc.hugetlb=1
// added to GLIBC_TUNABLES, unless it is already there, PERERECOS_HUGE_PAGES=0, or the
// process runs under a sanitizer or Valgrind (their allocators ignore the tunable).
// Call first thing in main(), before any thread starts. Returns (doing nothing) when it
// does not apply or the re-execution fails.
void reexec_with_huge_pages(char** argv);

}  // namespace pererecos
