/** @jsxImportSource hono/jsx/dom */
import type { ApiResult } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { Failure, show } from '../lib/ui.tsx';
import { annotationWords, authorWords, KIND_WORDS, type ChartAnnotation } from './annotations.ts';

/**
 * The accessible equivalent of a chart's annotation markers, appended under the chart: what the
 * marks mean, then every annotation with its time, kind, words and author. Visible to everyone
 * (the markers only say where; this says what).
 */
export function appendAnnotationList(el: HTMLElement, result: ApiResult<ChartAnnotation[]>, shown: ChartAnnotation[], what: string): void {
  const box = document.createElement('div');
  box.className = 'annotation-notes';
  el.append(box);
  if (!result.ok) return show(box, <Failure result={result} what="Notes on readings" />);
  show(
    box,
    <>
      <h3 class="annotation-title">{`Notes on these ${what}`}</h3>
      {shown.length ? (
        <>
          <p class="chart-note">
            <span class="swatch swatch-annotation" aria-hidden="true"></span>
            {` Purple marks on the chart show when a note was added: ${Object.values(KIND_WORDS)
              .map((k) => `${k.mark} ${k.words.toLowerCase()}`)
              .join(', ')}; a number means several notes close together.`}
          </p>
          <div class="table-wrap">
            <table class="annotation-table" data-testid="annotation-list">
              <caption class="visually-hidden">{`Notes on these ${what}, oldest first`}</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Note</th>
                  <th scope="col">Added by</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <tr data-annotation-id={a.id}>
                    <td>{formatDateTime(a.at)}</td>
                    <td>{KIND_WORDS[a.kind].words}</td>
                    <td>{annotationWords(a)}</td>
                    <td>{authorWords(a.author.role)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p class="muted">No notes on these readings in this period.</p>
      )}
    </>,
  );
}
