import type { ComponentChildren } from 'preact';

/** A data table in a focusable, horizontally scrollable region, so that it works at 320 px and by keyboard. */
export function Table({ label, head, rows, empty }: { label: string; head: string[]; rows: ComponentChildren[][]; empty?: string }) {
  if (rows.length === 0 && empty) return <p class="utrecht-paragraph">{empty}</p>;
  return (
    <div class="kansrijk-table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table class="utrecht-table">
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {head.map((h) => (
              <th class="utrecht-table__header-cell" scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {rows.map((cells, i) => (
            <tr class="utrecht-table__row" key={i}>
              {cells.map((c, j) => (
                <td class="utrecht-table__cell" key={j}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
