/** English strings. Japanese (ja.ts) must have exactly the same keys: the type checks it. */
export const en = {
  app: {
    name: 'Counsellor Workstation',
    loading: 'Starting Counsellor Workstation…',
    clockPinned: 'Clock pinned',
    clockPinnedHint: 'The clock is pinned to a fixed instant for a demo or test.',
    nowJst: '{{time}} JST',
    nowLocal: '{{time}} {{zone}} (this computer)',
    skipToContent: 'Skip to content',
    toggleNavigation: 'Toggle navigation',
    closeNotification: 'Close notification',
  },
  time: {
    hoursMinutes: '{{hours}}h {{minutes}}m',
  },
  deadline: {
    'on-track': 'On track',
    'due-soon': 'Due soon',
    overdue: 'Overdue',
    'answered-on-time': 'Answered on time',
    'answered-late': 'Answered late',
    serviceTimeLeft: '{{time}} of service time left',
    due: 'due {{deadline}} JST',
  },
  nav: {
    label: 'Sections',
    queue: 'Queue',
    sessions: 'Sessions',
    availability: 'Availability',
    reports: 'Reports',
    audit: 'Audit',
    settings: 'Settings',
  },
  section: {
    notBuiltTitle: 'Not built yet',
    queue: {
      title: 'Mail queue',
      notBuilt:
        'The web-mail queue (open messages with their answer deadlines, triage and replies) is not built yet. It arrives with the mail queue issue.',
    },
    sessions: {
      title: 'Session logs',
      notBuilt:
        'Session logs (video sessions, outcomes, quota positions and notes) are not built yet. They arrive with the session logs and privacy issue.',
    },
    availability: {
      title: 'Availability',
      notBuilt:
        'Counsellor availability, bookable slots and booking are not built yet. They arrive with the availability and booking issue.',
    },
    reports: {
      title: 'Reports',
      notBuilt:
        'Anonymised usage reports for CLAIR are not built yet. They arrive with the reports issue.',
    },
    audit: {
      title: 'Audit log',
      notBuilt:
        'The append-only audit log (reveals, exports, role changes) is not built yet. It arrives with the session logs and privacy issue.',
    },
    co: {
      title: 'CO view',
      notBuilt:
        'The de-identified view for Contracting Organisations is not built yet. It arrives with the session logs and privacy issue.',
    },
  },
  notFound: {
    title: 'Page not found',
    body: 'There is no page at {{path}}.',
    back: 'Go to the queue',
  },
  error: {
    title: 'Something went wrong',
    body: 'This screen failed to show. Nothing you saved is lost. Reload to try again.',
    reload: 'Reload',
    bridgeTitle: 'The app could not reach its data service',
    unauthorized:
      'This page was opened without its launch token. Open the exact address the browser host printed when it started.',
    retry: 'Try again',
  },
  settings: {
    title: 'Settings',
    loading: 'Loading settings…',
    organisation: {
      title: 'Organisation settings',
      description:
        'The rules of the service. They apply to every deadline, booking and report on this workstation.',
      serviceHours: 'Service hours (JST)',
      open: 'Opens',
      close: 'Closes',
      deadlineDays: 'Answer deadline',
      deadlineDaysDescription:
        'Business days after the receipt day; the deadline is at the close of service.',
      dueSoon: 'Due soon threshold',
      dueSoonDescription:
        'A message is due soon when at most this much service time is left (hours).',
      quota: 'Video sessions per participant per quota year',
      quotaYear: 'Quota year',
      quotaYearFiscal: 'Fiscal year (1 April to 31 March)',
      quotaYearJet: 'JET year (1 August to 31 July)',
      quotaYearCalendar: 'Calendar year (1 January to 31 December)',
      buffer: 'Buffer after each session (minutes)',
      bufferDescription: 'Default for counsellors who have not set their own.',
      threshold: 'Report suppression threshold',
      thresholdDescription:
        'Counts from 1 to this number minus one are suppressed in anonymised reports (at least 5).',
      closures: 'Organisational closures',
      closuresDescription: 'Extra closed dates or ranges, e.g. a year-end closure. Default: none.',
      closuresEmpty: 'No closures. The service is open Monday to Friday except national holidays.',
      closureFrom: 'From',
      closureTo: 'To',
      closureLabel: 'Label',
      addClosure: 'Add closure',
      removeClosure: 'Remove closure {{label}}',
      save: 'Save settings',
      reset: 'Discard changes',
      saved: 'Settings saved',
      saveFailed: 'The settings were not saved',
      invalid: 'Some settings need attention before they can be saved.',
      problemTitle: 'The stored settings file could not be used',
      problemBody:
        '{{message}}. A copy of the file was kept at {{backupFile}}. The default settings are in force until you save.',
      stored: 'Stored in {{file}}',
      defaultsInUse: 'Default settings (nothing saved yet)',
    },
    tabs: {
      rules: 'Service rules',
      calendar: 'Holidays and closures',
      appearance: 'Appearance and about',
    },
    calendar: {
      title: 'Business calendar {{year}}',
      description:
        'Business days are Monday to Friday, except national holidays and organisational closures. Deadlines and bookings count only business days.',
      previousYear: 'Previous year',
      nextYear: 'Next year',
      year: 'Year',
      legendWeekend: 'Weekend',
      legendHoliday: 'National holiday',
      legendClosure: 'Closure',
      legendProvisional: 'Provisional holiday',
      provisionalNote:
        'The official list ends with {{year}}. Later holidays are computed by the rules of the Holidays Act and stay provisional until the Cabinet Office publishes them.',
      listTitle: 'Holidays and closures in {{year}}',
      date: 'Date',
      name: 'Name',
      kind: 'Kind',
      kindNational: 'National holiday',
      kindSubstitute: 'Substitute holiday',
      kindCitizens: "Citizens' holiday",
      kindClosure: 'Closure',
      provisional: 'Provisional',
      source: 'Holiday list: official through {{year}} ({{file}}).',
      overrideProblem:
        'The holiday list in the data folder could not be used: {{message}}. The list shipped with the app is in force.',
      dayHoliday: '{{day}}: {{name}}',
      dayClosure: '{{day}}: closed ({{label}})',
      dayWeekend: '{{day}}: weekend',
      dayBusiness: '{{day}}: business day',
      yearOutOfRange: 'The calendar covers {{first}} to {{last}}.',
    },
    deadlineCheck: {
      title: 'Check an answer deadline',
      description:
        'The deadline of a message received at the time you enter (JST), with the rules above. It changes as soon as the settings are saved.',
      receivedAt: 'Received at (JST)',
      receiptDay: 'Receipt day',
      deadline: 'Deadline',
      statusNow: 'Now',
      invalid: 'Enter a date and time.',
      outOfRange: 'The calendar covers {{first}} to {{last}}.',
    },
    appearance: {
      title: 'Appearance',
      language: 'Language',
      theme: 'Theme',
      light: 'Light',
      dark: 'Dark',
      auto: 'System',
    },
    about: {
      title: 'About this workstation',
      version: 'Version',
      host: 'Running in',
      hostElectron: 'Desktop app',
      hostBrowser: 'Browser host',
      dataDir: 'Data folder',
    },
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Strings = Widen<typeof en>;
