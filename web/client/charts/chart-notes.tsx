/** @jsxImportSource hono/jsx/dom */
import { show } from '../lib/ui.tsx';

/** Text beside each chart: what it shows, for everyone, and the numbers for screen readers. */
export function appendChartNotes(el: HTMLElement, text: string | null, legend: Array<{ swatch: string; label: string }>, table?: { caption: string; head: string[]; rows: string[][] }): void {
  const note = document.createElement('div');
  el.append(note);
  show(
    note,
    <>
      <ul class="legend">
        {legend.map((l) => (
          <li>
            <span class={`swatch ${l.swatch}`} aria-hidden="true"></span>
            {l.label}
          </li>
        ))}
      </ul>
      {text ? <p class="chart-note">{text}</p> : null}
      {table ? (
        <details>
          <summary>Show the numbers as a table</summary>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{table.caption}</caption>
              <thead>
                <tr>
                  {table.head.map((h) => (
                    <th scope="col">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr>
                    {r.map((c) => (
                      <td>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </>,
  );
}
