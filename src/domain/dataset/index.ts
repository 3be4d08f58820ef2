/**
 * The dataset format (docs/dataset.md): its schemas, the import check, the idempotency helpers,
 * the thread answer rule and the demo data. Pure: no I/O, no clock; runs in Node and in a Web
 * Worker.
 */
export {
  COLLECTION_NAMES,
  DATASET_FORMAT,
  DATASET_VERSION,
  DOCUMENT_KEYS,
  EARLIEST_INSTANT_MS,
  FIELD_LIMITS,
  INSTANT_PATTERN,
  JET_NUMBER_PATTERN,
  LANGUAGES,
  LATEST_INSTANT_MS,
  counsellorSchema,
  datasetSchema,
  isReply,
  languageSchema,
  messageSchema,
  participantMessageSchema,
  participantSchema,
  replySchema,
  serializeDataset,
  type CollectionName,
  type Counsellor,
  type DatasetDocument,
  type DatasetRecords,
  type Language,
  type Message,
  type Participant,
  type ParticipantMessage,
  type RecordProblemCode,
  type Reply,
} from './schema';
export {
  PROGRESS_EVERY,
  describeInvalidRecord,
  validateDataset,
  validateDatasetValue,
  type CollectionCheck,
  type DatasetCheckCounts,
  type DatasetChecked,
  type DatasetProgress,
  type DatasetRejected,
  type DatasetValidation,
  type DocumentProblem,
  type IdLookup,
  type InvalidRecord,
  type KnownRecords,
  type MessageFacts,
  type MessageKind,
  type RecordFacts,
  type RecordProblem,
  type ThreadLookup,
  type ValidRecord,
  type ValidateDatasetOptions,
} from './validate';
export {
  hash64,
  importDecision,
  recordContentHash,
  recordFingerprint,
  sameRecord,
  type ImportDecision,
} from './fingerprint';
export {
  answersInThread,
  type MessageAnswer,
  type ThreadAnswers,
  type ThreadEntry,
} from './answers';
export {
  DEMO_DEFAULT_MESSAGES,
  DEMO_DEFAULT_SEED,
  DEMO_DEFAULT_UNTIL,
  DEMO_DEFAULT_UNTIL_MS,
  DEMO_DEFAULT_WEEKS,
  DEMO_MAX_MESSAGES,
  datasetContents,
  generateDemoDataset,
  type DatasetContents,
  type DemoDatasetOptions,
} from './demo';
export { DATASET_SCHEMA_ID, datasetJsonSchema } from './json-schema';
export { MESSAGE_BODY_LIMIT, countCodePoints, exceedsCodePoints, isWellFormedText } from './text';
export {
  findJsonSyntaxError,
  positionAt,
  type JsonSyntaxError,
  type TextPosition,
} from './json-text';
