/**
 * A JSON Schema of the GitHub Actions workflow syntax, as far as our workflows use it, written
 * from GitHub's reference ("Workflow syntax for GitHub Actions"). Strict where a typo would
 * silently do nothing (unknown keys at every level are refused), so a misspelt `runs-on`,
 * `needs`, `with` or `if` fails the unit tests instead of the first release.
 */
const stringMap = {
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
};
const permissionLevel = { enum: ['read', 'write', 'none'] };
const permissions = {
  oneOf: [
    { enum: ['read-all', 'write-all'] },
    {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        [
          'actions',
          'attestations',
          'checks',
          'contents',
          'deployments',
          'id-token',
          'issues',
          'packages',
          'pages',
          'pull-requests',
          'security-events',
          'statuses',
        ].map((k) => [k, permissionLevel]),
      ),
    },
  ],
};
const globs = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };
const filter = {
  oneOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        branches: globs,
        'branches-ignore': globs,
        tags: globs,
        'tags-ignore': globs,
        paths: globs,
        'paths-ignore': globs,
        types: globs,
      },
    },
  ],
};

const step = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[_a-zA-Z][a-zA-Z0-9_-]*$' },
    name: { type: 'string' },
    if: { type: ['string', 'boolean'] },
    // An action at a version: owner/repo@ref (or a path in this repository, or a docker image).
    uses: { type: 'string', pattern: '^(\\./.+|docker://.+|[\\w.-]+/[\\w./-]+@[\\w.-]+)$' },
    run: { type: 'string', minLength: 1 },
    shell: { type: 'string' },
    with: stringMap,
    env: stringMap,
    'working-directory': { type: 'string' },
    'continue-on-error': { type: ['boolean', 'string'] },
    'timeout-minutes': { type: ['number', 'string'] },
  },
  oneOf: [{ required: ['uses'] }, { required: ['run'] }],
};

const job = {
  type: 'object',
  additionalProperties: false,
  required: ['runs-on', 'steps'],
  properties: {
    name: { type: 'string' },
    needs: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    if: { type: ['string', 'boolean'] },
    // A runner label, several labels, or an expression (`${{ matrix.os }}`).
    'runs-on': {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
    },
    permissions,
    environment: { type: ['string', 'object'] },
    concurrency: { type: ['string', 'object'] },
    outputs: stringMap,
    env: stringMap,
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        run: {
          type: 'object',
          additionalProperties: false,
          properties: { shell: { type: 'string' }, 'working-directory': { type: 'string' } },
        },
      },
    },
    'timeout-minutes': { type: ['number', 'string'] },
    'continue-on-error': { type: ['boolean', 'string'] },
    strategy: {
      type: 'object',
      additionalProperties: false,
      required: ['matrix'],
      properties: {
        'fail-fast': { type: ['boolean', 'string'] },
        'max-parallel': { type: ['number', 'string'] },
        matrix: {
          type: 'object',
          properties: {
            include: { type: 'array', items: { type: 'object' }, minItems: 1 },
            exclude: { type: 'array', items: { type: 'object' }, minItems: 1 },
          },
          additionalProperties: { type: 'array', minItems: 1 },
        },
      },
    },
    steps: { type: 'array', items: step, minItems: 1 },
  },
};

export const workflowSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['on', 'jobs'],
  properties: {
    name: { type: 'string' },
    'run-name': { type: 'string' },
    on: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        push: filter,
        pull_request: filter,
        pull_request_target: filter,
        release: filter,
        schedule: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['cron'],
            properties: { cron: { type: 'string' } },
          },
        },
        workflow_dispatch: { type: ['null', 'object'] },
      },
    },
    permissions,
    env: stringMap,
    concurrency: {
      oneOf: [
        { type: 'string' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['group'],
          properties: {
            group: { type: 'string' },
            'cancel-in-progress': { type: ['boolean', 'string'] },
          },
        },
      ],
    },
    defaults: { type: 'object' },
    jobs: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[_a-zA-Z][a-zA-Z0-9_-]*$' },
      additionalProperties: job,
    },
  },
} as const;
