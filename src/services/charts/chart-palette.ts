// Colours of the charts. Overdue buckets take the colour of the level they belong to (001: 30/60/90
// → yellow/orange/red; DOMAIN.md: 31–60 yellow, 61–90 orange, 91+ red); the others are neutral.
import type { Bucket } from '../../domain/aging.js';

export const LEVEL_COLOURS = { yellow: '#ECB22E', orange: '#E8912D', red: '#E01E5A' } as const;

export const BUCKET_COLOURS: Record<Bucket, string> = {
  not_due: '#B8C2CC',
  d1_30: '#7A8794',
  d31_60: LEVEL_COLOURS.yellow,
  d61_90: LEVEL_COLOURS.orange,
  d91_180: LEVEL_COLOURS.red,
  // Still red (91+), darker so the two red buckets can be told apart in a stack.
  d180_plus: '#9E1239',
};

export const TEXT_COLOUR = '#1D1C1D';
export const LINE_COLOUR = '#1D4F91';
export const GRID_LINE_COLOUR = '#E3E6EA';
