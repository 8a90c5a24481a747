// Where the time of one apply went, for the debug log (`test 212, batch 40, check 38`): FRR's costs
// move with its version and the configuration's shape, and this is how to see which step grew.
export class Steps {
  private readonly list: string[] = [];

  async run<T>(name: string, task: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await task();
    } finally {
      this.list.push(`${name} ${Math.round(performance.now() - t)}`);
    }
  }

  toString(): string {
    return this.list.join(', ');
  }
}
