/**
 * The environment `npm start` and the Docker image give the service (package.json, Dockerfile),
 * so the benchmark measures the process operators run: a 192 MB V8 heap, and glibc malloc told
 * to return freed memory (few arenas, large blocks mmapped), which keeps libvips' image buffers
 * from staying resident after a photo burst (docs/benchmarks.md: Memory).
 */
export const START_ENV: Record<string, string> = {
  NODE_OPTIONS: '--max-old-space-size=192',
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '16384',
};
