import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface Series {
  /** Seconds since the epoch, oldest first. */
  times: number[];
  values: number[];
}

/**
 * One live figure as a line chart (uPlot on a canvas) with its latest value in text beside it,
 * so a screen reader, a test and a projector at the back of the room all read the same number.
 */
export function LiveChart(props: { id: string; title: string; unit: string; series: Series; color: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const { times, values } = props.series;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const width = () => Math.max(160, element.clientWidth);
    chart.current = new uPlot(
      {
        width: width(),
        height: 160,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max * 1.15, 1)] } },
        axes: [{ space: 70, values: (_u, splits) => splits.map(clockTime) }, { size: 48 }],
        series: [{}, { stroke: props.color, width: 2, fill: `${props.color}22` }],
      },
      [[], []],
      element,
    );
    const resize = new ResizeObserver(() => chart.current?.setSize({ width: width(), height: 160 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.current?.destroy();
    };
  }, [props.color]);

  useEffect(() => {
    chart.current?.setData([times, values]);
  }, [times, values]);

  const latest = values.at(-1) ?? 0;
  return (
    <figure class="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>
        {props.title}:{' '}
        <strong data-testid={props.id}>
          {formatFigure(latest)} {props.unit}
        </strong>
      </figcaption>
      <div ref={box} role="img" aria-label={`${props.title} over the last two minutes`} />
    </figure>
  );
}

/** An axis tick as minutes and seconds: the window is two minutes long. */
function clockTime(seconds: number): string {
  const at = new Date(seconds * 1000);
  return `${String(at.getMinutes()).padStart(2, '0')}:${String(at.getSeconds()).padStart(2, '0')}`;
}

function formatFigure(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
