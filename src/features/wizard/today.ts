// One formatter for the whole process: building an Intl.DateTimeFormat is costly.
const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

let memo = { second: -1, day: '' };

/** Today's date in the Netherlands as YYYY-MM-DD: ages and campaign windows follow the Dutch calendar day. */
export function todayInAmsterdam(now = new Date()): string {
  // Formatting is the costly part and the answer changes once a day: reuse it within the same second.
  const second = Math.floor(now.getTime() / 1000);
  if (second !== memo.second) memo = { second, day: AMSTERDAM_DAY.format(now) };
  return memo.day;
}
