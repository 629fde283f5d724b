/**
 * Maps an async stream with up to `concurrency` items in progress at once, yielding the results
 * in source order. While the caller handles a result the next item is read, and its work starts
 * the moment it arrives: an item read ahead never sits waiting, holding its input, for the caller
 * to come back (a sync's caller may wait a long time on X's backpressure, and a chunk of source
 * rows held that long outlives the young generation: the worker's collector then copies and
 * promotes every row). Memory holds the caller's item and at most `concurrency` in progress.
 * A failure is rethrown when its turn comes; stopping early releases the source.
 */
export async function* mapOrdered<T, R>(
  source: AsyncIterable<T>,
  work: (item: T) => Promise<R>,
  concurrency: number,
): AsyncGenerator<R> {
  const iterator = source[Symbol.asyncIterator]();
  // Started, in source order; a failed read takes its place in the order as a failed task.
  const inProgress: Array<Promise<R>> = [];
  let reading: Promise<void> | null = null;
  let exhausted = false;
  const enqueue = (task: Promise<R>) => {
    // Observed here so an early stop never leaves an unhandled rejection; awaited in turn.
    task.catch(() => undefined);
    inProgress.push(task);
  };
  const readNext = (): Promise<void> => {
    reading ??= iterator.next().then(
      (next) => {
        reading = null;
        if (next.done) {
          exhausted = true;
          return;
        }
        let task: Promise<R>;
        try {
          task = work(next.value);
        } catch (error) {
          task = Promise.reject(error);
        }
        enqueue(task);
        if (inProgress.length < concurrency) void readNext();
      },
      (error: unknown) => {
        reading = null;
        exhausted = true;
        enqueue(Promise.reject(error));
      },
    );
    return reading;
  };
  try {
    for (;;) {
      if (inProgress.length === 0) {
        if (exhausted) return;
        await readNext();
        continue;
      }
      // Shifted only once done: until then the head counts as in progress.
      const result = await inProgress[0]!;
      inProgress.shift();
      if (!exhausted && inProgress.length < concurrency) void readNext();
      yield result;
    }
  } finally {
    if (reading) await (reading as Promise<void>).catch(() => undefined);
    await iterator.return?.();
  }
}
