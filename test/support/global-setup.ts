/** Runs once before the suite: nothing to share yet beyond a stable time zone for date handling. */
export default function setup(): void {
  process.env.TZ = 'UTC';
}
