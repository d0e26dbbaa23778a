// What every chart shares: the title line (what, org, as of, currency) and the axis styles.
import type { TitleComponentOption } from 'echarts';
import { GRID_LINE_COLOUR, TEXT_COLOUR } from './chart-palette.js';

export function titleOption(text: string, subtext: string): TitleComponentOption {
  return {
    text, subtext, left: 24, top: 14,
    textStyle: { fontSize: 18, fontWeight: 'bold', color: TEXT_COLOUR },
    subtextStyle: { fontSize: 12, color: '#616061' },
  };
}

export const AXIS_LABEL = { color: '#454245', fontSize: 12 } as const;
export const SPLIT_LINE = { lineStyle: { color: GRID_LINE_COLOUR } } as const;
