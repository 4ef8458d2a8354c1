import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, rgb } from 'pdf-lib';
import { formFontBytes } from '../dossiers-print/pdf-form.ts';

/**
 * The visible part of signatures (NĐ 30/2020 Appendix I, reference §4): on the last page, above the bottom margin
 * at the right, one box per signer. The officer's box names the signer and organisation; the agency's box shows the
 * agency name and the signing time as ISO 8601 with its offset, upright 10 pt black. Without the seal and
 * handwriting images of a real deployment, the boxes carry the text only (blue frame for a person, red for the seal).
 */

/** Signing time in Vietnam's offset (+07:00, fixed since 1975), e.g. `2026-11-27T08:30:00+07:00`. */
export function vietnamIsoTime(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

export type StampSigner = { commonName: string | null; organization: string | null; agency: boolean };

const MM = 72 / 25.4;
const BOX = { width: 80 * MM, height: 20 * MM, gap: 4 * MM, right: 15 * MM, bottom: 22 * MM };
const SIZE = 10;

/** Draws one stamp per signer, stacked upwards from the bottom right of the last page, in signing order. */
export async function drawSignatureStamps(
  doc: PDFDocument,
  signers: readonly StampSigner[],
  signingTime: Date,
): Promise<void> {
  doc.registerFontkit(fontkit);
  // The forms' Vietnamese subset of Noto Serif, embedded whole: pdf-lib's own subsetting renders blank in poppler.
  const font = await doc.embedFont(await formFontBytes('regular'), { subset: false });
  const pages = doc.getPages();
  const page = pages[pages.length - 1];
  if (!page) return;
  const { width } = page.getSize();
  const time = vietnamIsoTime(signingTime);
  signers.forEach((signer, index) => {
    const x = width - BOX.right - BOX.width;
    const y = BOX.bottom + index * (BOX.height + BOX.gap);
    const frame = signer.agency ? rgb(0.8, 0, 0) : rgb(0, 0.2, 0.7);
    page.drawRectangle({ x, y, width: BOX.width, height: BOX.height, borderColor: frame, borderWidth: 0.8 });
    const lines = signer.agency
      ? [`Ký bởi: ${signer.commonName ?? ''}`, `Thời gian ký: ${time}`]
      : [`Ký bởi: ${signer.commonName ?? ''}`, signer.organization ?? '', `Thời gian ký: ${time}`];
    lines.forEach((line, lineIndex) => {
      page.drawText(
        fitToWidth(line, (t) => font.widthOfTextAtSize(t, SIZE), BOX.width - 8),
        {
          x: x + 4,
          y: y + BOX.height - 5 - (lineIndex + 1) * SIZE * 1.25,
          size: SIZE,
          font,
          color: rgb(0, 0, 0),
        },
      );
    });
  });
}

/** Shortens a line with an ellipsis until it fits the box. */
function fitToWidth(text: string, widthOf: (t: string) => number, max: number): string {
  if (widthOf(text) <= max) return text;
  let cut = text.length;
  while (cut > 1 && widthOf(`${text.slice(0, cut)}…`) > max) cut--;
  return `${text.slice(0, cut)}…`;
}
