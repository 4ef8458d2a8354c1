/**
 * Where "now" comes from. Services that stamp business times (dossier actions, due times) ask a clock instead of
 * calling `new Date()`, so tests can run on fixed dates (a weekend, a holiday, a day before the 2025 reform).
 */
export type Clock = { now(): Date };

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: for tests. */
export type ManualClock = Clock & {
  /** Moves to an instant (a Date or an ISO 8601 string with its offset). */
  set(at: Date | string): void;
  /** Moves forward by minutes. */
  advanceMinutes(minutes: number): void;
};

/** A clock fixed at `start` (a Date or an ISO 8601 string such as `2025-03-03T09:00:00+07:00`). */
export function manualClock(start: Date | string): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at);
    },
    advanceMinutes(minutes) {
      current = new Date(current.getTime() + minutes * 60_000);
    },
  };
}
