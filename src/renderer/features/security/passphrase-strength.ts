/**
 * Passphrase strength, estimated by zxcvbn-ts (dictionaries of common passwords, names and words,
 * keyboard patterns, dates, repeats): feedback only. The rule a passphrase must meet is the
 * domain's `passphraseProblem`. Loaded on first use: the dictionaries are large.
 */
export interface StrengthEstimate {
  /** 0 (very weak) to 4 (very strong). */
  score: 0 | 1 | 2 | 3 | 4;
}

let checker: Promise<(passphrase: string) => StrengthEstimate> | null = null;

export function loadStrengthChecker(): Promise<(passphrase: string) => StrengthEstimate> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
    });
    return (passphrase: string) => ({ score: zxcvbn.check(passphrase).score });
  })();
  return checker;
}
