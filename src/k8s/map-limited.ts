// Promise.all over a mapping with at most `limit` calls pending at once: a few hundred referenced
// Secrets become a few hundred GETs, and an API server (or its priority and fairness limits) should
// see a handful at a time, not all of them in one burst. Same contract as Promise.all: results in the
// order of `items`, and the first failure rejects the whole; after it no further call is started.

export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  call: (item: T) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer: ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  // Each worker takes the next item when its call settles; Promise.all rejects with the first failure.
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await call(items[i]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
