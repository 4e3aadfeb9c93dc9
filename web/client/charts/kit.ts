import uPlot from 'uplot';
import { groupMarks, type Mark } from './annotations.ts';

/** Colours that keep 3:1 contrast against the white plot for lines and marks (WCAG 1.4.11). */
export const CHART_COLOURS = {
  text: '#1b1f24',
  grid: '#d5dbe1',
  primary: '#0b5cad',
  secondary: '#8a3b00',
  median: '#084785',
  bandInner: 'rgba(11, 92, 173, 0.28)',
  bandOuter: 'rgba(11, 92, 173, 0.12)',
  target: 'rgba(46, 125, 50, 0.14)',
  targetAlt: 'rgba(138, 59, 0, 0.10)',
  /** Annotation markers: a colour no series uses, 7:1 on white, white text on it. */
  annotation: '#5b2a86',
} as const;

/** A horizontal band of the y scale (a target range), drawn under the data. */
export interface TargetBand {
  lo: number;
  hi: number;
  fill: string;
  scale?: string;
}

/** Draw target ranges behind the series: uPlot has bands between series, not fixed values. */
export function targetBandsPlugin(bands: TargetBand[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u: uPlot) => {
        const { ctx, bbox } = u;
        ctx.save();
        for (const b of bands) {
          const top = u.valToPos(b.hi, b.scale ?? 'y', true);
          const bottom = u.valToPos(b.lo, b.scale ?? 'y', true);
          ctx.fillStyle = b.fill;
          ctx.fillRect(bbox.left, Math.max(bbox.top, top), bbox.width, Math.min(bbox.top + bbox.height, bottom) - Math.max(bbox.top, top));
        }
        ctx.restore();
      },
    },
  };
}

export const axisStyle = { stroke: CHART_COLOURS.text, grid: { stroke: CHART_COLOURS.grid, width: 1 }, ticks: { stroke: CHART_COLOURS.grid, width: 1 } } as const;

export interface MountedChart {
  chart: uPlot;
  destroy(): void;
}

/**
 * A uPlot chart that fills its container's width and follows it (phones rotate, sidebars fold).
 * The canvas is hidden from assistive tech: every chart has a text summary and a table beside it.
 */
export function mountChart(el: HTMLElement, opts: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData, height = 280): MountedChart {
  el.replaceChildren();
  el.removeAttribute('aria-busy');
  const holder = document.createElement('div');
  holder.setAttribute('aria-hidden', 'true');
  el.append(holder);
  const width = () => Math.max(280, el.clientWidth);
  const chart = new uPlot({ ...opts, width: width(), height }, data, holder);
  const resize = new ResizeObserver(() => chart.setSize({ width: width(), height }));
  resize.observe(el);
  return {
    chart,
    destroy() {
      resize.disconnect();
      chart.destroy();
    },
  };
}

/** Format an x value in minutes since local midnight as a clock time. */
export function minuteLabel(minute: number): string {
  const h = Math.floor(minute / 60) % 24;
  const m = Math.round(minute % 60);
  return new Date(2000, 0, 1, h, m).toLocaleTimeString(undefined, { hour: 'numeric', minute: m ? '2-digit' : undefined });
}

/**
 * Annotation markers (issue 12): a dashed line at each annotated moment and a small label at the
 * top of the plot ("M" meal, "S" symptom, "Rx" medicine, "C" how measured, or a count where marks
 * would overlap). Drawn after the series so they stay visible; `onDrawn` gets the number of
 * markers drawn, which the page exposes as `data-annotation-markers` (the canvas is aria-hidden;
 * the list under the chart is the accessible equivalent).
 */
export function annotationMarksPlugin(marks: readonly Mark[], onDrawn: (markers: number) => void): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const { ctx, bbox } = u;
        const ratio = window.devicePixelRatio || 1;
        const inside = marks.map((m) => ({ px: u.valToPos(m.x, 'x', true), kind: m.kind })).filter((m) => m.px >= bbox.left && m.px <= bbox.left + bbox.width);
        const groups = groupMarks(inside, 22 * ratio);
        ctx.save();
        ctx.font = `700 ${11 * ratio}px system-ui, sans-serif`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        for (const g of groups) {
          ctx.strokeStyle = CHART_COLOURS.annotation;
          ctx.lineWidth = ratio;
          ctx.setLineDash([3 * ratio, 3 * ratio]);
          ctx.beginPath();
          ctx.moveTo(g.px, bbox.top);
          ctx.lineTo(g.px, bbox.top + bbox.height);
          ctx.stroke();
          ctx.setLineDash([]);
          const w = Math.max(18 * ratio, ctx.measureText(g.label).width + 8 * ratio);
          const h = 16 * ratio;
          ctx.fillStyle = CHART_COLOURS.annotation;
          ctx.beginPath();
          // the label stays inside the plot even for a mark at its edge
          const cx = Math.min(Math.max(g.px, bbox.left + w / 2), bbox.left + bbox.width - w / 2);
          ctx.roundRect(cx - w / 2, bbox.top + 2 * ratio, w, h, 4 * ratio);
          ctx.fill();
          ctx.fillStyle = '#ffffff';
          ctx.fillText(g.label, cx, bbox.top + 2 * ratio + h / 2);
        }
        ctx.restore();
        onDrawn(groups.length);
      },
    },
  };
}
