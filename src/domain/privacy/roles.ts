/**
 * Profiles' roles and what each may do (DOMAIN.md section 7). One table decides which screens and
 * actions a role has; the shell, the routes and the features ask it, never the role's name.
 *
 * Roles are ordered by how much they see: a CO view sees least (de-identified rows and suppressed
 * counts), a counsellor sees cases with JET numbers masked and the reports (with the subsidy
 * ledger), a supervisor also exports session logs and the anonymised reports.
 * Moving to a role that sees more needs the workstation passphrase; moving down does not.
 */

export const ROLES = ['co', 'counsellor', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** Higher sees more. */
const RANK: Record<Role, number> = { co: 0, counsellor: 1, supervisor: 2 };

export const CAPABILITIES = [
  'queue',
  'sessions',
  'availability',
  'reports',
  'audit',
  'settings',
  'co-view',
  'reveal-jet-number',
  'export-session-log',
  'export-report',
  'manage-profiles',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const STAFF: readonly Capability[] = [
  'queue',
  'sessions',
  'availability',
  'reports',
  'audit',
  'settings',
  'co-view',
  'reveal-jet-number',
  'manage-profiles',
];

const GRANTS: Record<Role, ReadonlySet<Capability>> = {
  co: new Set<Capability>(['co-view']),
  counsellor: new Set<Capability>(STAFF),
  // Exports leave the workstation: the session log (JET numbers masked) and the anonymised report.
  supervisor: new Set<Capability>([...STAFF, 'export-session-log', 'export-report']),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, capability: Capability): boolean {
  return GRANTS[role].has(capability);
}

/** True when `to` sees more than `from`: switching needs the passphrase. */
export function switchNeedsPassphrase(from: Role, to: Role): boolean {
  return RANK[to] > RANK[from];
}

/** Every capability of `lower` is one of `higher`'s (the order of the roles is consistent). */
export function seesAtLeast(higher: Role, lower: Role): boolean {
  return RANK[higher] >= RANK[lower];
}
