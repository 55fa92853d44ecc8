import { countCache } from '../../src/domain/count-cache';

describe('countCache', () => {
  it('when the same filter is counted twice within the TTL, then the database is asked once', async () => {
    let calls = 0;
    const cache = countCache(60);
    const count = async () => ++calls;
    expect([await cache.get('a', count), await cache.get('a', count), await cache.get('b', count)]).toEqual([1, 1, 2]);
  });

  it('when the TTL is 0, then every call counts', async () => {
    let calls = 0;
    const cache = countCache(0);
    const count = async () => ++calls;
    expect([await cache.get('a', count), await cache.get('a', count)]).toEqual([1, 2]);
  });

  it('when a count fails, then it is not kept', async () => {
    const cache = countCache(60);
    await expect(cache.get('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('a', async () => 7)).toBe(7);
  });
});
