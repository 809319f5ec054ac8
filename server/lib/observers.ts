/**
 * Typed observer lists, so a part can react to another's events without the other knowing it:
 * the consumer subscribes where it is wired, the producer only runs or notifies.
 */

/** Stops a subscription. */
export type Unsubscribe = () => void;

/**
 * Async hooks run one after another, in subscription order, inside the producer's work (usually
 * its transaction): a hook that throws fails that work, and the hooks after it do not run.
 */
export class OrderedHooks<Event> {
  private readonly hooks: Array<(event: Event) => Promise<void>> = [];

  subscribe(hook: (event: Event) => Promise<void>): Unsubscribe {
    this.hooks.push(hook);
    return () => {
      const index = this.hooks.indexOf(hook);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  async run(event: Event): Promise<void> {
    for (const hook of [...this.hooks]) await hook(event);
  }
}

/** Plain listeners told synchronously, in subscription order; the first that throws stops the rest. */
export class Listeners<Event = void> {
  private readonly listeners: Array<(event: Event) => void> = [];

  subscribe(listener: (event: Event) => void): Unsubscribe {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  notify(event: Event): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
