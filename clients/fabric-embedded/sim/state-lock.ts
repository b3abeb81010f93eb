/**
 * The peer's state lock: simulations share the committed state (readers, any number at
 * once, each seeing the same snapshot), a commit has it alone (writer). A commit waits for
 * the simulations running when it arrives, and simulations arriving meanwhile wait for it —
 * so transactions endorsed at the same time are simulated against the same state and then
 * validated in order, where the later of two read-modify-writes fails MVCC, as on a peer.
 */
export class StateLock {
  private readers = 0;
  private readonly commits: (() => void)[] = [];
  private readonly blocked: (() => void)[] = [];

  async read<T>(work: () => Promise<T>): Promise<T> {
    if (this.commits.length > 0) await new Promise<void>((resolve) => this.blocked.push(resolve));
    this.readers += 1;
    try {
      return await work();
    } finally {
      this.readers -= 1;
      this.drain();
    }
  }

  write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.commits.push(() => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      });
      this.drain();
    });
  }

  private drain(): void {
    if (this.readers > 0) return;
    while (this.commits.length > 0) this.commits.shift()!();
    for (const resume of this.blocked.splice(0)) resume();
  }
}
