/**
 * Test helper: the text of a PDF, read back with Mozilla's pdf.js (the legacy build, which runs in
 * Node without a browser). Reusable by any test that must check what a PDF says, or that it does
 * not say something (the end-to-end leak tests of the report exports).
 */
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page: text items in content order, a space between items, a newline at EOL. */
export async function pdfTextPages(bytes: Uint8Array): Promise<string[]> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    verbosity: VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
  });
  const pdf = await task.promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : ' ');
      }
      pages.push(text.replace(/[ \t]+\n/g, '\n').trim());
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/** All the text of a PDF, pages separated by a blank line. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfTextPages(bytes)).join('\n\n');
}

/** The PDF's document information (Title, Creator, CreationDate…), as pdf.js reads it. */
export async function pdfInfo(bytes: Uint8Array): Promise<Record<string, unknown>> {
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS });
  try {
    const pdf = await task.promise;
    const { info } = await pdf.getMetadata();
    return info as Record<string, unknown>;
  } finally {
    await task.destroy();
  }
}
