/**
 * Handling-time histograms of the statistics rollup (docs/statistics.md). Bucket 0 holds times
 * under 0.1 h; bucket b ≥ 1 holds [0.1 h × 1.05^(b−1), 0.1 h × 1.05^b); the last bucket (282,
 * from about 10 years) is open. The migration's `statistics_bucket` uses the same numbers. A
 * histogram is a decimal number whose b-th group of nine digits (from the right) is the count
 * of bucket b, so PostgreSQL adds histograms with one `sum`.
 */
const FIRST_EDGE_HOURS = 0.1;
const RATIO = 1.05;
const BUCKETS = 283;
const LANE_DIGITS = 9;

/**
 * How far a median read from a histogram can be from the exact one, in hours, for times from
 * 0 to about 10 years: each middle value is taken as the geometric middle of its bucket, at most
 * √1.05 − 1 ≈ 2.47 % off (0.05 h in bucket 0), so their mean is at most 2.47 % of the exact
 * median + 0.05 h off; rounding both to two decimals adds 0.01 h.
 */
export function medianBound(exactHours: number): number {
  return (Math.sqrt(RATIO) - 1) * Math.abs(exactHours) + FIRST_EDGE_HOURS / 2 + 0.01;
}

/**
 * The counts of a histogram's buckets, lowest first (trailing empty buckets left out), read
 * digit by digit: a day-grouped answer over three years reads two thousand histograms of about
 * 1 500 digits, where cutting each into strings cost ~25 ms a request.
 */
export function bucketCounts(histogram: string): number[] {
  const point = histogram.indexOf('.');
  const counts: number[] = [];
  for (let end = point === -1 ? histogram.length : point; end > 0; end -= LANE_DIGITS) {
    let count = 0;
    for (let at = Math.max(0, end - LANE_DIGITS); at < end; at++) count = count * 10 + histogram.charCodeAt(at) - 48;
    counts.push(count);
  }
  return counts;
}

/** The value taken for a time in bucket b: the geometric middle of its edges (0.05 h in bucket 0). */
function middleOf(bucket: number): number {
  if (bucket === 0) return FIRST_EDGE_HOURS / 2;
  const low = FIRST_EDGE_HOURS * RATIO ** (bucket - 1);
  return bucket === BUCKETS - 1 ? low : low * Math.sqrt(RATIO);
}

/** The bucket of the value of 0-based rank `rank` in sorted order. */
function bucketOfRank(counts: number[], rank: number): number {
  let seen = 0;
  for (let bucket = 0; bucket < counts.length; bucket++) {
    seen += counts[bucket];
    if (rank < seen) return bucket;
  }
  return counts.length - 1;
}

/**
 * The median (as percentile_cont(0.5): the middle value, or the mean of the two middle ones)
 * of the times in a histogram, rounded to two decimals; null when it is empty.
 */
export function histogramMedian(histogram: string | null): number | null {
  if (histogram === null) return null;
  const counts = bucketCounts(histogram);
  const n = counts.reduce((sum, count) => sum + count, 0);
  if (n === 0) return null;
  const low = middleOf(bucketOfRank(counts, Math.floor((n - 1) / 2)));
  const high = middleOf(bucketOfRank(counts, Math.ceil((n - 1) / 2)));
  return Math.round(((low + high) / 2) * 100) / 100;
}
