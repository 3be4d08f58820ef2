import {
  createTheme,
  localStorageColorSchemeManager,
  type CSSVariablesResolver,
} from '@mantine/core';

/** Calm and dense, like a professional tool; colours chosen for contrast in both schemes. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps light-variant text (active menu item, light buttons) above 4.5:1 on its tint.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  respectReducedMotion: true,
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic UI", "Noto Sans CJK JP", "Noto Sans JP", Roboto, sans-serif',
  headings: { fontWeight: '600' },
  components: {
    Button: { defaultProps: { size: 'sm' } },
    // autocomplete="off" keeps typed text out of the browser's own stores: form autofill, and the
    // form state Chromium writes to disk to restore a tab (the at-rest scan found a draft there).
    TextInput: { defaultProps: { size: 'sm', autoComplete: 'off' } },
    Textarea: { defaultProps: { autoComplete: 'off' } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm' } },
    // Alert titles in the alert's colour fall below 4.5:1 on its tint: titles use the text colour.
    Alert: { styles: { title: { color: 'var(--mantine-color-text)' } } },
    Fieldset: { styles: { legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } } },
  },
});

/**
 * Mantine's default "dimmed" text (gray 6 on white, dark 2 on dark 7) falls below the WCAG AA
 * contrast ratio of 4.5:1 for small text; secondary text here uses one step stronger in each scheme.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] },
  dark: { '--mantine-color-dimmed': t.colors.dark[1] },
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'cw.color-scheme' });
