import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

/** Calm and dense, like a professional tool; colours chosen for contrast in both schemes. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic UI", "Noto Sans JP", Roboto, sans-serif',
  headings: { fontWeight: '600' },
  components: {
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm' } },
  },
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'cw.color-scheme' });
