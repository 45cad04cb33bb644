import { createTheme } from '@mui/material/styles';

/** The dashboard's visual identity: colours, type and component defaults live here, not in `sx`. */
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'class' },
  colorSchemes: {
    light: {
      palette: {
        primary: { main: '#0b5cad' },
        secondary: { main: '#6a3fb5' },
        // Darker than MUI's defaults (#0288d1, #ed6c02): outlined chips print their text in
        // the main colour, which needs 4.5:1 against the paper (these give 4.8:1 and 5.0:1).
        info: { main: '#0277bd' },
        warning: { main: '#b45309' },
        // Darker than MUI's #d32f2f, which gives 4.45:1 as an error said inside a warning (the
        // confirmation of a private client IP): this gives 5.0:1 there, 5.6:1 on the paper.
        error: { main: '#c62828' },
        background: { default: '#f4f6fa', paper: '#ffffff' },
      },
    },
    dark: {
      palette: {
        primary: { main: '#6fb1ff' },
        secondary: { main: '#b99bf0' },
        background: { default: '#0f141b', paper: '#161d27' },
      },
    },
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    h1: { fontSize: '1.75rem', fontWeight: 600 },
    h2: { fontSize: '1.35rem', fontWeight: 600 },
    h3: { fontSize: '1.1rem', fontWeight: 600 },
  },
  components: {
    MuiCssBaseline: {
      styleOverrides: {
        // For text only screen readers need (live announcements, labels of icon-only areas).
        '.visually-hidden': {
          position: 'absolute',
          width: 1,
          height: 1,
          padding: 0,
          margin: -1,
          overflow: 'hidden',
          clip: 'rect(0 0 0 0)',
          whiteSpace: 'nowrap',
          border: 0,
        },
        // Someone who asked their system for less motion gets none: no fades, slides or ripples,
        // and spinners and placeholders that stand still (WCAG 2.3.3).
        '@media (prefers-reduced-motion: reduce)': {
          '*, *::before, *::after': {
            animationDuration: '0.01ms !important',
            animationIterationCount: '1 !important',
            transitionDuration: '0.01ms !important',
            scrollBehavior: 'auto !important',
          },
        },
      },
    },
    MuiButton: {
      defaultProps: { disableElevation: true },
      styleOverrides: { root: { textTransform: 'none' } },
    },
    MuiTextField: { defaultProps: { fullWidth: true, size: 'small' } },
    MuiPaper: {
      defaultProps: { elevation: 0 },
      styleOverrides: { root: { backgroundImage: 'none' } },
    },
    MuiCard: { defaultProps: { variant: 'outlined' } },
    MuiTableCell: { styleOverrides: { head: { fontWeight: 600 } } },
    MuiAppBar: {
      defaultProps: { elevation: 0, color: 'inherit' },
      styleOverrides: {
        root: ({ theme }) => ({
          backgroundColor: (theme.vars ?? theme).palette.background.paper,
          borderBottom: `1px solid ${(theme.vars ?? theme).palette.divider}`,
        }),
      },
    },
    MuiListItemButton: {
      styleOverrides: {
        root: ({ theme }) => ({
          borderRadius: 8,
          '&.Mui-selected': {
            backgroundColor: `rgba(${(theme.vars ?? theme).palette.primary.mainChannel} / 0.12)`,
            color: (theme.vars ?? theme).palette.primary.main,
            fontWeight: 600,
          },
          '&.Mui-selected .MuiListItemIcon-root': {
            color: (theme.vars ?? theme).palette.primary.main,
          },
          '&.Mui-selected:hover': {
            backgroundColor: `rgba(${(theme.vars ?? theme).palette.primary.mainChannel} / 0.18)`,
          },
        }),
      },
    },
    MuiListItemIcon: { styleOverrides: { root: { minWidth: 40 } } },
    MuiLink: { defaultProps: { underline: 'hover' } },
    MuiChip: { styleOverrides: { root: { fontWeight: 500 } } },
    MuiDialogTitle: { styleOverrides: { root: { fontSize: '1.25rem', fontWeight: 600 } } },
    MuiTab: { styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } } },
  },
});

export const monospace =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';
