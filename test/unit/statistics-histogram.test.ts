import { bucketCounts, histogramMedian, medianBound } from '../../src/domain/statistics-histogram';

/** A histogram as PostgreSQL sums it: bucket b is the b-th group of nine digits from the right. */
const histogram = (counts: number[]): string =>
  BigInt(counts.reduce((sum, count, bucket) => sum + BigInt(count) * 10n ** BigInt(9 * bucket), 0n)).toString();

describe('statistics histograms', () => {
  it('when a histogram is read, then each group of nine digits is one bucket, lowest first', () => {
    expect(bucketCounts('1000000002')).toEqual([2, 1]);
    expect(bucketCounts(histogram([0, 3, 0, 999999999]))).toEqual([0, 3, 0, 999999999]);
  });

  it('when nothing was measured, then the median is null', () => {
    expect(histogramMedian(null)).toBeNull();
    expect(histogramMedian('0')).toBeNull();
  });

  it('when the middle value is in bucket 0, then it is taken as 0.05 h', () => {
    expect(histogramMedian(histogram([1]))).toBe(0.05);
  });

  it('when the count is even, then the median is the mean of the two middle buckets, as percentile_cont', () => {
    // bucket 1 is [0.1, 0.105) h, bucket 3 is [0.11025, 0.1157625) h: geometric middles 0.10247 and 0.11297
    expect(histogramMedian(histogram([0, 1, 0, 1]))).toBe(0.11);
    // 2 in bucket 0 and 2 in bucket 100 (0.1 × 1.05^99 ≈ 12.5 h): mean of 0.05 and ~12.8
    const median = histogramMedian(histogram([2, ...new Array(99).fill(0), 2])) as number;
    expect(median).toBeCloseTo((0.05 + 0.1 * 1.05 ** 99.5) / 2, 2);
  });

  it('when the bound is asked for, then it is 2.47 % of the median plus 0.06 h', () => {
    expect(medianBound(0)).toBeCloseTo(0.06, 5);
    expect(medianBound(100)).toBeCloseTo(100 * (Math.sqrt(1.05) - 1) + 0.06, 5);
  });
});
