/** @jsxImportSource hono/jsx/dom */
import { formatDate } from '../lib/format.ts';
import { onReady, pageData } from '../lib/page.ts';
import { flagText, rangeText, resultsApi, valueText } from '../lib/results.ts';
import { fill } from '../lib/ui.tsx';

onReady(async () => {
  const patientId = pageData('patientId');
  const r = await resultsApi.list(patientId);
  fill('results', r, 'Test results', (d) =>
    d.results.length ? (
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Your test results, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Test</th>
              <th scope="col">Your result</th>
              <th scope="col">Usual range</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {d.results.map((x) => {
              const flag = flagText(x);
              return (
                <tr>
                  <td>
                    <a href={`/app/results/${x.id}`}>{x.displayName}</a>
                  </td>
                  <td>
                    {valueText(x)}
                    {flag ? (
                      <>
                        <br />
                        <span class="badge badge-flag">{flag}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{rangeText(x)}</td>
                  <td>{formatDate(x.collectedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    ) : (
      <p class="muted">No test results yet. Results appear here once the lab has sent them and the care team has released them.</p>
    ),
  );
});
