/**
 * Desktop notifications for answer deadlines (issue 4, item 9): batched, with counts only, never a
 * name, identifier or text; and the overdue badge on the Queue link. The app shows what these
 * pure functions return with Electron's or the browser's Notification.
 */
export {
  deadlineStatusChange,
  overdueBadge,
  type DeadlineChangeOptions,
  type DeadlineNotificationCounts,
  type DeadlineStatusChange,
  type ThreadDeadlineStatus,
  type ThreadStatuses,
} from './deadline-changes';
export {
  isFixedNotificationText,
  notificationFor,
  type DeadlineNotification,
  type NotificationLanguage,
} from './notification-text';
export {
  DEFAULT_NOTIFICATION_INTERVAL_MS,
  startDeadlineNotifier,
  stepDeadlineNotifier,
  type DeadlineNotifierOptions,
  type DeadlineNotifierState,
  type DeadlineNotifierStep,
} from './batching';
