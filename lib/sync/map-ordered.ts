/**
 * Maps an async stream with up to `concurrency` items in progress at once, yielding the results
 * in source order. The next item is read while the caller handles the current result, so reading,
 * working and consuming overlap; memory holds at most `concurrency` items plus one being read.
 * A failure is rethrown when its turn comes; stopping early releases the source.
 */
export async function* mapOrdered<T, R>(source: AsyncIterable<T>, work: (item: T) => Promise<R>, concurrency: number): AsyncGenerator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const inProgress: Array<Promise<R>> = [];
  let reading: Promise<IteratorResult<T>> | null = null;
  let exhausted = false;
  const read = () => {
    if (!reading) {
      reading = iterator.next();
      // Observed here so an early stop never leaves an unhandled rejection; awaited below.
      reading.catch(() => undefined);
    }
    return reading;
  };
  try {
    for (;;) {
      while (!exhausted && inProgress.length < concurrency) {
        const next = await read();
        reading = null;
        if (next.done) {
          exhausted = true;
          break;
        }
        const task = work(next.value);
        task.catch(() => undefined);
        inProgress.push(task);
      }
      const head = inProgress.shift();
      if (!head) return;
      if (!exhausted) void read();
      yield await head;
    }
  } finally {
    if (reading) await (reading as Promise<IteratorResult<T>>).catch(() => undefined);
    await iterator.return?.();
  }
}
