import type { AttachmentMediaType } from '../storage/ports';

/** Magic numbers of the binary kinds FirstLine keeps. */
const SIGNATURES: readonly { type: AttachmentMediaType; bytes: readonly number[] }[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
];

/** Markup a browser could render as a page or a script-carrying image if it were ever sniffed. */
const MARKUP = /<\s*(!doctype|html|svg|script|body|head|iframe|object|embed|\?xml)\b/i;

export type SniffResult =
  { ok: true; mediaType: AttachmentMediaType } | { ok: false; reason: 'unsupported-type' | 'markup' };

/**
 * What a file is, from its bytes alone: PNG, JPEG or PDF by signature, otherwise plain text when it
 * is valid UTF-8 without control characters (tabs and line breaks aside). HTML, SVG and XML are
 * refused even though they are text: they are the kinds a browser might run.
 */
export function sniffContent(content: Buffer): SniffResult {
  for (const { type, bytes } of SIGNATURES) {
    if (content.length >= bytes.length && bytes.every((b, i) => content[i] === b))
      return { ok: true, mediaType: type };
  }
  if (!isPlainText(content)) return { ok: false, reason: 'unsupported-type' };
  if (MARKUP.test(content.subarray(0, 4096).toString('utf8'))) return { ok: false, reason: 'markup' };
  return { ok: true, mediaType: 'text/plain' };
}

function isPlainText(content: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return false;
  }
  // C0 controls other than tab, line feed, carriage return and form feed; DEL; a BOM is fine.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}
