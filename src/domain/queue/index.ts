export { businessDaysOverdue } from './overdue';
export { compareQueueOrder, queueTier, type QueueOrderFacts, type QueueTier } from './order';
