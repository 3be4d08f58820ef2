/** Types of scripts/generate-icons.mjs, for the icon test. */
export declare const PNG_SIZES: number[];
export declare const ICO_SIZES: number[];
export declare const ICNS_TYPES: [string, number][];
export declare function icoFrom(pngs: { size: number; data: Buffer }[]): Buffer;
export declare function icnsFrom(chunks: { type: string; data: Buffer }[]): Buffer;
