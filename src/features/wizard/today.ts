/** Today's date in the Netherlands as YYYY-MM-DD: ages and campaign windows follow the Dutch calendar day. */
export function todayInAmsterdam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
