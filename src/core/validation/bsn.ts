/** The citizen service number's "elfproef": 9 digits, weighted 9…2 and −1, sum divisible by 11. */
export function isValidBsn(input: string): boolean {
  const bsn = input.replace(/[\s.]/g, '');
  if (!/^\d{9}$/.test(bsn) || bsn === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}
