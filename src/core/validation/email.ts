/**
 * An e-mail address as forms accept it: something@domain.tld, no spaces or characters that mail
 * programs treat specially. Deliberately lenient: the mail itself proves the address.
 */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
