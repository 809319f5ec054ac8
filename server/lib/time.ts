/** Times cross the data layer as ISO 8601 UTC text and the API as RFC 3339; both are `toISOString()`. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function isoTime(date: Date): string {
  return date.toISOString();
}

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}
