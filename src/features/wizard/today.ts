// One formatter for the whole process: building an Intl.DateTimeFormat is costly.
const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in the Netherlands as YYYY-MM-DD: ages and campaign windows follow the Dutch calendar day. */
export function todayInAmsterdam(now = new Date()): string {
  return AMSTERDAM_DAY.format(now);
}
