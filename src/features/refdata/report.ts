import type { ImportSummary } from './import.ts';

// A first load adds all 342 municipalities; beyond a screenful a list stops helping the operator.
const MAX_LISTED = 50;
const n = (value: number) => value.toLocaleString('nl-NL');

function listed<T>(items: T[], line: (item: T) => string): string[] {
  const out = items.slice(0, MAX_LISTED).map(line);
  if (items.length > MAX_LISTED) out.push(`  … en ${n(items.length - MAX_LISTED)} meer`);
  return out;
}

/** The update's report for the operator: what changed, and every refused row with its line. */
export function formatSummary(s: ImportSummary): string[] {
  const m = s.municipalities;
  const p = s.postcodeAreas;
  const out = [
    `${s.dryRun ? 'Proefrun, niets opgeslagen' : 'Bijgewerkt'}: ${s.source}`,
    `Gemeenten: ${n(m.total)} in de lijst; ${m.added.length} nieuw, ${m.updated} gewijzigd (${m.renamed.length} andere naam), ${m.deactivated.length} opgeheven`,
    ...listed(m.added, (a) => `  nieuw        ${a.code} ${a.name}`),
    ...listed(m.renamed, (r) => `  andere naam  ${r.code} ${r.from} → ${r.to}`),
    ...listed(m.provinceChanged, (r) => `  provincie    ${r.code} ${r.from} → ${r.to}`),
    ...listed(m.reactivated, (code) => `  weer actief  ${code}`),
    ...listed(m.deactivated, (d) => `  opgeheven    ${d.code} ${d.name}`),
  ];
  if (m.deactivated.length > 0) out.push('  Opgeheven gemeenten blijven bewaard als inactief; wijs hun organisaties toe aan de nieuwe gemeente (Beheer → Organisaties).');
  if (p.replaced) {
    out.push(`Postcodegebieden: ${n(p.rows)} regels, ${n(p.pc4)} PC4-gebieden, ${n(p.split)} verdeeld over meer gemeenten`);
  } else {
    out.push(`Postcodegebieden: ongewijzigd (${n(p.pc4)} PC4-gebieden)`);
    if (p.stale > 0) out.push(`  Let op: ${n(p.stale)} regels verwijzen naar een opgeheven gemeente; lever het nieuwe CBS-postcodebestand met --pc6.`);
  }
  if (p.refused.length > 0) {
    out.push(`Geweigerd, gemeente staat niet in de lijst: ${n(p.refused.length)} regels`);
    out.push(...listed(p.refused, (r) => `  regel ${r.line ?? '?'}: PC4 ${r.pc4} ${r.municipalityCode} (${n(r.addressCount)} adressen)`));
  }
  return out;
}
