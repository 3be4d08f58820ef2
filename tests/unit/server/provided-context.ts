/**
 * What Vitest's global set-up (./postgres.setup.ts) provides to the tests through `inject`, for
 * every file that reads it, whichever tsconfig checks that file.
 */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** `postgres://…` of a running server with a superuser, or '' when there is none. */
    postgresUrl: string;
  }
}
