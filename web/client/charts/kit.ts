import uPlot from 'uplot';

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
