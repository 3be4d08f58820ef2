/**
 * The `rrule` package's classes, whichever way it is loaded. Bundlers (Vite, Vitest) load its ES
 * module build, which has named exports; plain Node ESM (the CLI under tsx) loads its UMD build as
 * CommonJS, whose named exports Node cannot detect, so there they sit on `default`.
 */
import * as rruleModule from 'rrule';

type RRuleModule = typeof rruleModule;

// Read through a plain object so that bundlers do not warn about the `default` their build lacks.
const namespace: Readonly<Record<string, unknown>> = rruleModule;
const loaded = (namespace['RRule'] !== undefined ? namespace : namespace['default']) as RRuleModule;

export const RRule = loaded.RRule;
export type RRule = InstanceType<RRuleModule['RRule']>;
export type RRuleOptions = rruleModule.Options;
