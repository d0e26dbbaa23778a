// The one font every document and chart uses: Noto Sans SC (Hans), OFL, shipped in the npm package
// @embedpdf/fonts-sc, so Chinese renders in PDFs and PNGs with nothing installed but npm's packages.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The family name the font declares (what SVG `font-family` and resvg match on). */
export const CJK_FONT_FAMILY = 'Noto Sans Hans';

/** Absolute path of the regular-weight OpenType file. */
export function cjkFontPath(weight: 'regular' | 'bold' = 'regular'): string {
  // The package exports only its JS entry (dist/index.cjs); the fonts sit beside dist/.
  const root = dirname(dirname(require.resolve('@embedpdf/fonts-sc')));
  return join(root, 'fonts', weight === 'bold' ? 'NotoSansHans-Bold.otf' : 'NotoSansHans-Regular.otf');
}
