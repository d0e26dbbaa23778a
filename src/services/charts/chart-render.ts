// ECharts option → SVG on the server (SSR, no DOM, no browser) → PNG through resvg with the
// shipped CJK font. Deterministic: the same option gives the same bytes.
import type { EChartsOption } from 'echarts';
import { cjkFontPath, CJK_FONT_FAMILY } from '../documents/cjk-font.js';

export interface ChartSize { width: number; height: number }
/** 16:9 at a size phones show without zooming; PNGs are rendered at 2× for sharp text. */
export const CHART_SIZE: ChartSize = { width: 800, height: 450 };
export const PNG_SCALE = 2;

export interface RenderedChart { svg: string; png: Buffer; width: number; height: number }

type EChartsModule = typeof import('echarts');
type ResvgModule = typeof import('@resvg/resvg-js');
let echartsModule: Promise<EChartsModule> | undefined;
let resvgModule: Promise<ResvgModule> | undefined;
// ECharts and resvg's native binding are large; only the processes that draw a chart load them
// (every CLI command imports this file through the report command).
function loadECharts(): Promise<EChartsModule> {
  echartsModule ??= import('echarts');
  return echartsModule;
}
function loadResvg(): Promise<ResvgModule> {
  resvgModule ??= import('@resvg/resvg-js');
  return resvgModule;
}

/**
 * zrender numbers its instances and CSS classes with process-wide counters (`zr3-cls-17`), so the
 * second chart of a process would differ from the first: renumber them in order of appearance.
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/\bzr\d+-([a-z]+-?)\d+\b/g, (match, kind: string) => {
    let id = ids.get(match);
    if (!id) { id = `zr-${kind}${ids.size}`; ids.set(match, id); }
    return id;
  });
}

export async function renderSvg(option: EChartsOption, size: ChartSize = CHART_SIZE): Promise<string> {
  const echarts = await loadECharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    // No animation: SSR renders the final frame, and animated styles would carry timings.
    chart.setOption({ animation: false, textStyle: { fontFamily: CJK_FONT_FAMILY }, backgroundColor: '#ffffff', ...option });
    return normalizeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/**
 * Rasterises on libuv's thread pool (resvg's renderAsync), not on the event loop: shaping text with
 * an 8 MB CJK font takes long enough to stall a worker's other jobs and Slack's 3-second acks.
 */
export async function svgToPng(svg: string, scale = PNG_SCALE): Promise<Buffer> {
  const { renderAsync } = await loadResvg();
  const image = await renderAsync(svg, {
    // Only the shipped font: the picture must not depend on what the machine has installed.
    font: { fontFiles: [cjkFontPath(), cjkFontPath('bold')], loadSystemFonts: false, defaultFontFamily: CJK_FONT_FAMILY },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  return image.asPng();
}

export async function renderChart(option: EChartsOption, size: ChartSize = CHART_SIZE): Promise<RenderedChart> {
  const svg = await renderSvg(option, size);
  return { svg, png: await svgToPng(svg), width: size.width * PNG_SCALE, height: size.height * PNG_SCALE };
}
