// A small API to write a titled document with headings, paragraphs and tables in Chinese or
// English (issue 11: statements and letters; the legal track's evidence file reuses it).
// One embedded font (Noto Sans SC, cjk-font.ts) covers both languages, so the text is real text:
// `pdftotext` extracts it. Deterministic: the same content gives the same bytes (CreationDate is
// the document's date, the file ID comes from the content) — tests and hashes rely on it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { cjkFontPath } from './cjk-font.js';
import type { Locale } from '../../domain/locale.js';

// Parsing the 8 MB OpenType font costs seconds; pdfkit accepts a parsed fontkit font, so each
// process parses each weight once. fontkit is pdfkit's own dependency, resolved from pdfkit.
const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): unknown };
const fonts = new Map<'regular' | 'bold', unknown>();
function font(weight: 'regular' | 'bold'): unknown {
  let f = fonts.get(weight);
  if (!f) { f = fontkit.create(readFileSync(cjkFontPath(weight))); fonts.set(weight, f); }
  return f;
}

export type PdfBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** Small grey text: references, notes, footers. */
  | { kind: 'note'; text: string }
  | { kind: 'table'; columns: string[]; rows: string[][]; align?: ('left' | 'right')[]; widths?: number[] }
  /** Label: value lines (remittance details, the addressee). */
  | { kind: 'fields'; fields: [string, string][] };

export interface PdfContent {
  title: string;
  /** YYYY-MM-DD: printed under the title and used as the file's CreationDate. */
  date: string;
  /** Who issues it (the org's name): the PDF's Author and the line above the title. */
  issuer: string;
  lang: Locale;
  blocks: PdfBlock[];
}

const MARGIN = 56;
const SIZE = { title: 18, heading: 12.5, body: 10.5, note: 8.5, table: 9 };

/** The PDF bytes of a document. */
export async function renderPdf(content: PdfContent): Promise<Buffer> {
  const contentHash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, lang: content.lang, compress: true, bufferPages: false,
    info: {
      Title: content.title, Author: content.issuer, Creator: 'duebot', Producer: 'duebot',
      // pdfkit derives the trailer ID from the info dictionary: a content hash here makes it ours.
      Keywords: contentHash.slice(0, 32),
      CreationDate: new Date(`${content.date}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => { doc.on('end', resolve); doc.on('error', reject); });

  doc.registerFont('body', font('regular') as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('bold', font('bold') as PDFKit.Mixins.PDFFontSource);
  const width = doc.page.width - 2 * MARGIN;

  doc.font('body').fontSize(SIZE.note).fillColor('#555555').text(content.issuer, { width });
  doc.moveDown(0.3);
  doc.font('bold').fontSize(SIZE.title).fillColor('#000000').text(content.title, { width });
  doc.font('body').fontSize(SIZE.body).text(content.date, { width });
  doc.moveDown(0.8);

  for (const block of content.blocks) {
    switch (block.kind) {
      case 'heading':
        doc.moveDown(0.4);
        doc.font('bold').fontSize(SIZE.heading).fillColor('#000000').text(block.text, { width });
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        doc.font('body').fontSize(SIZE.body).fillColor('#000000').text(block.text, { width, lineGap: 2 });
        doc.moveDown(0.6);
        break;
      case 'note':
        doc.font('body').fontSize(SIZE.note).fillColor('#555555').text(block.text, { width });
        doc.moveDown(0.4);
        break;
      case 'fields':
        for (const [label, value] of block.fields) {
          doc.font('bold').fontSize(SIZE.body).fillColor('#000000').text(`${label}: `, { width, continued: true });
          doc.font('body').text(value, { width });
        }
        doc.moveDown(0.6);
        break;
      case 'table':
        drawTable(doc, block, width);
        doc.moveDown(0.6);
        break;
    }
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A ruled table; rows break onto a new page (the header is repeated there). */
function drawTable(doc: PDFKit.PDFDocument, t: Extract<PdfBlock, { kind: 'table' }>, width: number): void {
  const n = t.columns.length;
  const weights = t.widths ?? t.columns.map(() => 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const cols = weights.map((w) => (w / sum) * width);
  const pad = 3;
  const bottom = () => doc.page.height - MARGIN;

  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(SIZE.table);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]! - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, y: number, h: number) => {
    let x = MARGIN;
    doc.font(font).fontSize(SIZE.table).fillColor('#000000');
    for (let i = 0; i < n; i++) {
      doc.text(cells[i] ?? '', x + pad, y + pad, { width: cols[i]! - 2 * pad, align: t.align?.[i] ?? 'left', lineBreak: true });
      x += cols[i]!;
    }
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).lineWidth(0.5).strokeColor('#999999').stroke();
  };
  const header = () => {
    const h = rowHeight(t.columns, 'bold');
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    drawRow(t.columns, 'bold', y, h);
    doc.y = y + h;
  };
  header();
  for (const row of t.rows) {
    const h = rowHeight(row, 'body');
    if (doc.y + h > bottom()) { doc.addPage(); header(); }
    const y = doc.y;
    drawRow(row, 'body', y, h);
    doc.y = y + h;
  }
  doc.x = MARGIN;
}
