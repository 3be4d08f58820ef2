/**
 * zod 4 compiles fast validators with `new Function` when it can; the page's
 * Content-Security-Policy forbids that (no 'unsafe-eval'), so tell zod not to try.
 * Imported first by the page and by its workers.
 */
import { z } from 'zod';

z.config({ jitless: true });
