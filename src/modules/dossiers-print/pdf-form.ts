import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument as Doc, type PDFFont, type PDFPage, PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * A small top-down layout engine for one-page administrative forms on A4, with the margins of NĐ 30/2020 and an
 * embedded Unicode serif, so no OS font is needed and every Vietnamese diacritic renders. Forms call `paragraph`,
 * `table`, `columns`… and the cursor moves down; a new page starts when the space runs out.
 *
 * The fonts are Noto Serif (OFL-1.1) cut down to the Latin and Vietnamese characters by `scripts/subset-fonts.sh`
 * (assets/fonts): 54 kB a style instead of 0.5 MB, so a receipt stays light on a 3G phone.
 */

const FONT_DIR = path.join(import.meta.dirname, '../../../assets/fonts');
const FONT_FILES = {
  regular: 'NotoSerif-Regular-vi.ttf',
  bold: 'NotoSerif-Bold-vi.ttf',
  italic: 'NotoSerif-Italic-vi.ttf',
} as const;
export type FontStyle = keyof typeof FONT_FILES;

let fontBytes: Promise<Record<FontStyle, Uint8Array>> | undefined;

/** The bytes of one form font (the Vietnamese subset of Noto Serif), for other modules drawing on PDFs. */
export async function formFontBytes(style: FontStyle): Promise<Uint8Array> {
  return (await loadFontBytes())[style];
}

/** The font files, read once per process. */
function loadFontBytes(): Promise<Record<FontStyle, Uint8Array>> {
  fontBytes ??= (async () => {
    const entries = await Promise.all(
      (Object.keys(FONT_FILES) as FontStyle[]).map(
        async (style) => [style, new Uint8Array(await readFile(path.join(FONT_DIR, FONT_FILES[style])))] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<FontStyle, Uint8Array>;
  })();
  return fontBytes;
}

const MM = 72 / 25.4;
const A4: [number, number] = [210 * MM, 297 * MM];
/** NĐ 30/2020 Annex I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const BLACK = rgb(0, 0, 0);

export type TextOptions = {
  style?: FontStyle;
  size?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Left edge relative to the left margin, and width; default: the whole text column. */
  x?: number;
  width?: number;
  /** Extra space after the paragraph, in points. */
  after?: number;
  /** Indent of the first line. */
  indent?: number;
  underline?: boolean;
};

export type Column = { header: string; width: number; align?: 'left' | 'center' | 'right' };

/** A form being written. */
export class FormWriter {
  private page: PDFPage;
  private y: number;
  readonly contentWidth: number;

  private constructor(
    readonly doc: Doc,
    private readonly fonts: Record<FontStyle, PDFFont>,
    readonly baseSize: number,
    private readonly pageSize: [number, number] = A4,
  ) {
    this.contentWidth = pageSize[0] - MARGIN.left - MARGIN.right;
    this.page = doc.addPage(pageSize);
    this.y = pageSize[1] - MARGIN.top;
  }

  /**
   * A new document with the form fonts embedded whole: pdf-lib's own subsetting (through @pdf-lib/fontkit 1.1.1)
   * maps most glyphs of Noto Serif wrongly — the text extracts fine but renders blank in poppler — so the fonts are
   * subset ahead of time instead (see above).
   */
  static async create(meta: {
    title: string;
    subject?: string;
    baseSize?: number;
    /** A4 on its side, for wide tables such as the document registers. */
    landscape?: boolean;
  }): Promise<FormWriter> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const bytes = await loadFontBytes();
    const fonts = {
      regular: await doc.embedFont(bytes.regular, { subset: false }),
      bold: await doc.embedFont(bytes.bold, { subset: false }),
      italic: await doc.embedFont(bytes.italic, { subset: false }),
    };
    doc.setTitle(meta.title);
    doc.setLanguage('vi-VN');
    doc.setProducer('Chính quyền số');
    doc.setCreator('Chính quyền số');
    if (meta.subject) doc.setSubject(meta.subject);
    // A fixed date keeps the bytes of a reprint identical for the same input.
    doc.setCreationDate(new Date(0));
    doc.setModificationDate(new Date(0));
    const size: [number, number] = meta.landscape ? [A4[1], A4[0]] : A4;
    return new FormWriter(doc, fonts, meta.baseSize ?? 12, size);
  }

  private lineHeight(size: number): number {
    return size * 1.32;
  }

  private ensureSpace(height: number): void {
    if (this.y - height < MARGIN.bottom) {
      this.page = this.doc.addPage(this.pageSize);
      this.y = this.pageSize[1] - MARGIN.top;
    }
  }

  /** Moves the cursor down. */
  space(points: number): void {
    this.y -= points;
  }

  /** Breaks text into lines that fit `width` (words longer than a line are split by characters). */
  wrap(text: string, style: FontStyle, size: number, width: number, indent = 0): string[] {
    const font = this.fonts[style];
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      let limit = width - (lines.length === 0 ? indent : 0);
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= limit) {
          line = candidate;
          continue;
        }
        if (line) {
          lines.push(line);
          limit = width;
        }
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > limit) {
          let cut = rest.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > limit) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }

  /** Writes a wrapped paragraph at the cursor. @returns its height */
  paragraph(text: string, options: TextOptions = {}): number {
    const style = options.style ?? 'regular';
    const size = options.size ?? this.baseSize;
    const width = options.width ?? this.contentWidth;
    const left = MARGIN.left + (options.x ?? 0);
    const font = this.fonts[style];
    const lines = this.wrap(text, style, size, width, options.indent ?? 0);
    const lh = this.lineHeight(size);
    lines.forEach((line, i) => {
      this.ensureSpace(lh);
      const lineWidth = font.widthOfTextAtSize(line, size);
      const indent = i === 0 ? (options.indent ?? 0) : 0;
      let x = left + indent;
      if (options.align === 'center') x = left + (width - lineWidth) / 2;
      if (options.align === 'right') x = left + width - lineWidth;
      const last = i === lines.length - 1;
      const words = line.split(' ');
      if (options.align === 'justify' && !last && words.length > 1) {
        // Spread the slack over the gaps between words, as typeset forms do.
        const gap = (width - indent - font.widthOfTextAtSize(words.join(''), size)) / (words.length - 1);
        let cursor = x;
        for (const word of words) {
          this.page.drawText(word, { x: cursor, y: this.y - size, size, font, color: BLACK });
          cursor += font.widthOfTextAtSize(word, size) + gap;
        }
      } else {
        this.page.drawText(line, { x, y: this.y - size, size, font, color: BLACK });
      }
      if (options.underline) {
        this.page.drawLine({
          start: { x, y: this.y - size - 2 },
          end: { x: x + lineWidth, y: this.y - size - 2 },
          thickness: 0.6,
          color: BLACK,
        });
      }
      this.y -= lh;
    });
    this.y -= options.after ?? 0;
    return lines.length * lh + (options.after ?? 0);
  }

  /**
   * Writes blocks side by side (the agency and the national motto, the two signatures), each a list of lines in
   * its own column; the cursor continues below the tallest.
   */
  columns(blocks: { x: number; width: number; lines: (TextOptions & { text: string })[] }[]): void {
    const top = this.y;
    let bottom = top;
    for (const block of blocks) {
      this.y = top;
      for (const line of block.lines) {
        this.paragraph(line.text, { align: 'center', ...line, x: block.x, width: block.width });
      }
      bottom = Math.min(bottom, this.y);
    }
    this.y = bottom;
  }

  /** A short centred rule under the previous line (under the agency name and the motto). */
  rule(x: number, width: number, ruleWidth: number): void {
    const start = MARGIN.left + x + (width - ruleWidth) / 2;
    this.page.drawLine({
      start: { x: start, y: this.y - 1 },
      end: { x: start + ruleWidth, y: this.y - 1 },
      thickness: 0.6,
    });
    this.y -= 3;
  }

  /** A ruled table with a bold header row; cells wrap. */
  table(columns: Column[], rows: string[][], size = this.baseSize - 1): void {
    const padding = 3;
    const lh = this.lineHeight(size);
    const drawRow = (cells: string[], style: FontStyle) => {
      const wrapped = cells.map((cell, i) => this.wrap(cell, style, size, (columns[i]?.width ?? 50) - 2 * padding));
      const height = Math.max(...wrapped.map((w) => w.length)) * lh + 2 * padding;
      this.ensureSpace(height);
      let x = MARGIN.left;
      wrapped.forEach((lines, i) => {
        const column = columns[i];
        if (!column) return;
        this.page.drawRectangle({
          x,
          y: this.y - height,
          width: column.width,
          height,
          borderColor: BLACK,
          borderWidth: 0.6,
        });
        lines.forEach((line, j) => {
          const textWidth = this.fonts[style].widthOfTextAtSize(line, size);
          const align = style === 'bold' ? 'center' : (column.align ?? 'left');
          let tx = x + padding;
          if (align === 'center') tx = x + (column.width - textWidth) / 2;
          if (align === 'right') tx = x + column.width - padding - textWidth;
          this.page.drawText(line, {
            x: tx,
            y: this.y - padding - (j + 1) * lh + (lh - size) / 2 + 1,
            size,
            font: this.fonts[style],
          });
        });
        x += column.width;
      });
      this.y -= height;
    };
    drawRow(
      columns.map((c) => c.header),
      'bold',
    );
    for (const row of rows) drawRow(row, 'regular');
    this.y -= 4;
  }

  /**
   * Draws a QR code of `text` as vector squares (sharp at any zoom and in print) with a caption under it, at the
   * right edge of the text column, starting at the cursor; the cursor does not move (text flows beside it).
   * @returns the height taken
   */
  async qr(text: string, options: { size: number; caption?: string[]; x?: number }): Promise<number> {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const count = qr.modules.size;
    const quiet = 4;
    const cell = options.size / (count + 2 * quiet);
    const left = MARGIN.left + (options.x ?? this.contentWidth - options.size);
    const top = this.y;
    this.page.drawRectangle({
      x: left,
      y: top - options.size,
      width: options.size,
      height: options.size,
      color: rgb(1, 1, 1),
    });
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (qr.modules.get(row, col)) {
          this.page.drawRectangle({
            x: left + (col + quiet) * cell,
            y: top - (row + quiet + 1) * cell,
            width: cell,
            height: cell,
            color: BLACK,
          });
        }
      }
    }
    let height = options.size;
    const size = this.baseSize - 3;
    for (const line of options.caption ?? []) {
      const width = this.fonts.italic.widthOfTextAtSize(line, size);
      this.page.drawText(line, {
        x: left + (options.size - width) / 2,
        y: top - height - size,
        size,
        font: this.fonts.italic,
      });
      height += this.lineHeight(size);
    }
    return height;
  }

  /** The cursor's distance from the top margin of the current page (for placing side elements). */
  get cursor(): number {
    return this.y;
  }

  set cursor(value: number) {
    this.y = value;
  }

  /** Saves the document. */
  async save(): Promise<Uint8Array> {
    return this.doc.save({ useObjectStreams: false });
  }
}
