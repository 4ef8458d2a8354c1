/** Today's date in Vietnam as YYYY-MM-DD (the day units and agencies are judged in force). */
export function vietnamTodayIso(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
}
