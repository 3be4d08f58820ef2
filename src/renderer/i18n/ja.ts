import type { Strings } from './en';

/** Japanese strings: the same keys as en.ts. */
export const ja: Strings = {
  app: {
    name: 'カウンセラー・ワークステーション',
    loading: 'カウンセラー・ワークステーションを起動しています…',
    clockPinned: '時刻固定',
    clockPinnedHint: 'デモまたはテストのため、時刻が固定されています。',
    nowJst: '{{time}}（日本時間）',
    nowLocal: '{{time}} {{zone}}（この端末）',
    skipToContent: '本文へ移動',
    toggleNavigation: 'ナビゲーションの表示切替',
    closeNotification: '通知を閉じる',
  },
  time: {
    hoursMinutes: '{{hours}}時間{{minutes}}分',
  },
  deadline: {
    'on-track': '期限内',
    'due-soon': '期限間近',
    overdue: '期限超過',
    'answered-on-time': '期限内に回答済み',
    'answered-late': '期限後に回答済み',
    serviceTimeLeft: '受付時間で残り{{time}}',
    due: '期限 {{deadline}}（日本時間）',
  },
  nav: {
    label: 'セクション',
    queue: 'キュー',
    sessions: 'セッション',
    availability: '対応可能時間',
    reports: 'レポート',
    audit: '監査',
    settings: '設定',
  },
  section: {
    notBuiltTitle: '未実装',
    queue: {
      title: 'メールキュー',
      notBuilt:
        'Webメール相談のキュー（回答期限つきの未回答メッセージ、振り分け、返信）はまだ実装されていません。メールキューの課題で追加されます。',
    },
    sessions: {
      title: 'セッション記録',
      notBuilt:
        'セッション記録（ビデオ相談、結果、年間利用回数、メモ）はまだ実装されていません。セッション記録とプライバシーの課題で追加されます。',
    },
    availability: {
      title: '対応可能時間',
      notBuilt:
        'カウンセラーの対応可能時間、予約可能枠、予約はまだ実装されていません。対応可能時間と予約の課題で追加されます。',
    },
    reports: {
      title: 'レポート',
      notBuilt:
        'CLAIR向けの匿名化された利用状況レポートはまだ実装されていません。レポートの課題で追加されます。',
    },
    audit: {
      title: '監査ログ',
      notBuilt:
        '追記専用の監査ログ（JET番号の表示、エクスポート、役割の変更）はまだ実装されていません。セッション記録とプライバシーの課題で追加されます。',
    },
    co: {
      title: '任用団体ビュー',
      notBuilt:
        '任用団体（CO）向けの匿名化ビューはまだ実装されていません。セッション記録とプライバシーの課題で追加されます。',
    },
  },
  notFound: {
    title: 'ページが見つかりません',
    body: '{{path}} にページはありません。',
    back: 'キューへ移動',
  },
  error: {
    title: '問題が発生しました',
    body: 'この画面を表示できませんでした。保存済みのデータは失われていません。再読み込みしてください。',
    reload: '再読み込み',
    bridgeTitle: 'データサービスに接続できませんでした',
    unauthorized:
      'このページは起動トークンなしで開かれました。ブラウザーホストの起動時に表示されたアドレスをそのまま開いてください。',
    retry: '再試行',
  },
  settings: {
    title: '設定',
    loading: '設定を読み込んでいます…',
    organisation: {
      title: '組織の設定',
      description:
        'サービスのルールです。このワークステーションのすべての期限、予約、レポートに適用されます。',
      serviceHours: '受付時間（日本時間）',
      open: '開始',
      close: '終了',
      deadlineDays: '回答期限',
      deadlineDaysDescription: '受付日の翌日から数えた営業日数。期限はその日の受付終了時刻です。',
      dueSoon: '期限間近のしきい値',
      dueSoonDescription: '残りの受付時間がこの時間以下になると「期限間近」になります（時間）。',
      quota: '利用者1人あたりの年間ビデオ相談回数',
      quotaYear: '年間回数の年度',
      quotaYearFiscal: '会計年度（4月1日〜3月31日）',
      quotaYearJet: 'JET年度（8月1日〜7月31日）',
      quotaYearCalendar: '暦年（1月1日〜12月31日）',
      buffer: 'セッション後の間隔（分）',
      bufferDescription: '独自の設定をしていないカウンセラーに適用されます。',
      threshold: 'レポートの秘匿しきい値',
      thresholdDescription:
        '匿名化レポートでは、1からこの数より1少ない数までの件数を秘匿します（5以上）。',
      closures: '組織の休業日',
      closuresDescription: '年末年始など、追加の休業日または期間。既定はなし。',
      closuresEmpty: '休業日はありません。月曜日から金曜日（祝日を除く）に対応します。',
      closureFrom: '開始日',
      closureTo: '終了日',
      closureLabel: '名称',
      addClosure: '休業日を追加',
      removeClosure: '休業日「{{label}}」を削除',
      save: '設定を保存',
      reset: '変更を破棄',
      saved: '設定を保存しました',
      saveFailed: '設定は保存されませんでした',
      invalid: '保存する前に確認が必要な設定があります。',
      problemTitle: '保存されている設定ファイルを使用できませんでした',
      problemBody:
        '{{message}}。ファイルのコピーを {{backupFile}} に保存しました。保存するまでは既定の設定が使われます。',
      stored: '保存先: {{file}}',
      defaultsInUse: '既定の設定（まだ保存されていません）',
    },
    tabs: {
      rules: 'サービスのルール',
      calendar: '祝日と休業日',
      appearance: '表示と情報',
    },
    calendar: {
      title: '{{year}}年の営業日カレンダー',
      description:
        '営業日は月曜日から金曜日です（祝日と組織の休業日を除く）。回答期限と予約は営業日だけで数えます。',
      previousYear: '前の年',
      nextYear: '次の年',
      year: '年',
      legendWeekend: '週末',
      legendHoliday: '祝日',
      legendClosure: '休業日',
      legendProvisional: '暫定の祝日',
      provisionalNote:
        '公式の一覧は{{year}}年までです。それ以降の祝日は祝日法の規定により計算した暫定のもので、内閣府の発表までは確定しません。',
      listTitle: '{{year}}年の祝日と休業日',
      date: '日付',
      name: '名称',
      kind: '種類',
      kindNational: '国民の祝日',
      kindSubstitute: '振替休日',
      kindCitizens: '国民の休日',
      kindClosure: '休業日',
      provisional: '暫定',
      source: '祝日一覧: {{year}}年まで公式（{{file}}）。',
      overrideProblem:
        'データフォルダーの祝日一覧を使用できませんでした: {{message}}。アプリに同梱の一覧を使用しています。',
      dayHoliday: '{{day}}: {{name}}',
      dayClosure: '{{day}}: 休業（{{label}}）',
      dayWeekend: '{{day}}: 週末',
      dayBusiness: '{{day}}: 営業日',
      yearOutOfRange: 'カレンダーの対象は{{first}}年から{{last}}年です。',
    },
    deadlineCheck: {
      title: '回答期限の確認',
      description:
        '入力した日時（日本時間）に受信したメッセージの回答期限を、上記のルールで計算します。設定を保存するとすぐに反映されます。',
      receivedAt: '受信日時（日本時間）',
      receiptDay: '受付日',
      deadline: '期限',
      statusNow: '現在',
      invalid: '日付と時刻を入力してください。',
      outOfRange: 'カレンダーの対象は{{first}}年から{{last}}年です。',
    },
    appearance: {
      title: '表示',
      language: '言語',
      theme: 'テーマ',
      light: 'ライト',
      dark: 'ダーク',
      auto: 'システム',
    },
    about: {
      title: 'このワークステーションについて',
      version: 'バージョン',
      host: '実行環境',
      hostElectron: 'デスクトップアプリ',
      hostBrowser: 'ブラウザーホスト',
      dataDir: 'データフォルダー',
    },
  },
};
