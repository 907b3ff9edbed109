import type { Snapshot } from '../catalogue/cache.ts';
import { ageToday } from '../catalogue/routing.ts';
import { parseChildren, parseRole, rawAnswers, toQueryString } from '../wizard/answers.ts';
import { resolvePlace } from '../wizard/place.ts';
import type { Origin } from './drafts.ts';

/**
 * Where an application starts: the wizard's answers (place, who applies, the children), read
 * from its query string with the wizard's own parsers. Anything the wizard would refuse sends
 * the family back to that wizard step, which explains what is wrong.
 */
export type Start =
  | { kind: 'ok'; origin: Origin; kies: string[] }
  | { kind: 'redirect'; location: string }
  | { kind: 'professional'; wizard: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function originFrom(query: unknown, snapshot: Snapshot, today: string): Start {
  const answers = rawAnswers(query);
  const wizard = toQueryString(answers);
  const place = resolvePlace(snapshot, answers.postcode, answers.gemeente);
  if (place.kind !== 'ok') return { kind: 'redirect', location: `/?${wizard}` };
  const role = parseRole(answers.rol);
  if (!role) return { kind: 'redirect', location: `/wizard/wie?${wizard}` };
  if (role === 'professional') return { kind: 'professional', wizard };
  const { children, errors } = parseChildren(answers.kind, today);
  if (Object.keys(errors).length > 0 || children.length === 0) return { kind: 'redirect', location: `/wizard/kinderen?${wizard}` };
  if (role === 'young' && (children.length !== 1 || ageToday(children[0]!, today) < 12 || ageToday(children[0]!, today) > 17)) {
    return { kind: 'redirect', location: `/wizard/resultaat?${wizard}` };
  }
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const kies = (Array.isArray(q.kies) ? q.kies : [q.kies])
    .filter((k): k is string => typeof k === 'string')
    .slice(0, 64)
    .filter((k) => {
      const [i, id] = k.split(':');
      return /^\d$/.test(i ?? '') && Number(i) < children.length && UUID.test(id ?? '');
    });
  return { kind: 'ok', origin: { municipalityCode: place.municipality.code, role, children, wizard }, kies };
}

/** The ticked boxes of the choice step (kies-0, kies-1 …) as "<child>:<provision>". */
export function collectChoice(body: Record<string, unknown>, childCount: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < childCount; i++) {
    const v = body[`kies-${i}`];
    for (const id of Array.isArray(v) ? v : [v]) if (typeof id === 'string' && UUID.test(id)) out.push(`${i}:${id}`);
  }
  return [...new Set(out)].slice(0, 64);
}
