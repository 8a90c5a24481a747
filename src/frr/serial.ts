// One change to FRR at a time: two overlapping reloads would each compute their difference against a
// running configuration the other is changing.
export function serial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task, task);
    // The next task waits for this one however it ends; its failure is reported to its own caller.
    tail = result.catch(() => undefined);
    return result;
  };
}
