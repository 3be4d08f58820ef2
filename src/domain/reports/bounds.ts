/**
 * What can be worked out about hidden cells from published ones (docs/reports.md, "The audit").
 *
 * The knowledge is a list of linear relations between cells, `Σ coef · cell (= or <=) 0`, each one
 * true of every report (a total is the sum of its parts, a span the sum of its months, answered
 * messages are at most the messages received...), plus: every cell is a non-negative integer.
 * Published cells are constants; hidden cells are the unknowns. The feasible interval of a hidden
 * cell is [min, max] of that cell over all non-negative integer solutions. It is found by linear
 * programming with YALPS (a pure-JS simplex with branch and cut), one minimisation and one
 * maximisation per cell, within the connected component of relations the cell belongs to:
 *
 * - the equalities of a component are first solved for as many cells as they determine in terms
 *   of the others (Gaussian elimination with ±1 pivots where there is one, so the coefficients of
 *   these 0/±1 tables stay whole), which leaves a much smaller problem: the remaining cells, with
 *   the inequalities and the non-negativity of the eliminated cells as constraints;
 * - a solution is accepted as integer when every cell, eliminated ones included, is a whole
 *   number; when the optimum is not, the original problem is solved again with integer unknowns
 *   (branch and cut), so the bounds are those of integer solutions;
 * - every integer solution met is kept as a witness: a cell already seen at 0 needs no
 *   minimisation, and a cell seen at another value than its true one is not determined;
 * - `upper` is null when the cell is unbounded above;
 * - a problem the solver cannot finish (a cycle, a time-out) is `undecided`, and callers treat
 *   that cell as exactly determined (the safe side).
 */
import { solve, type Constraint, type Model } from 'yalps';

/** Σ coef · x[cell] (op) 0. */
export interface LinearRelation {
  readonly terms: readonly (readonly [cell: number, coef: number])[];
  readonly op: 'eq' | 'le';
}

export interface CellBounds {
  /** The least value the cell can have given everything published. */
  lower: number;
  /** The greatest, or null when there is none (unbounded). */
  upper: number | null;
  /**
   * True when lower and upper are reached by integer solutions. False when branch and cut
   * stopped early: then they are the LP bounds rounded inward, which contain the exact interval.
   */
  exact: boolean;
  /**
   * Whether the cell can take two values could not be settled (no two integer solutions found,
   * bounds apart): treat the cell as determined.
   */
  undecided: boolean;
  /**
   * Only for the cells given in `small` (DOMAIN.md section 7): how many distinct values from 1 to
   * T-1 the cell can take given everything published. 2: two or more, each taken by an integer
   * solution found. 1: exactly one (or a second could not be found: the safe side); if the cell is
   * a small count, it is disclosed. 0: none at all (proven), so the cell is not a small count and
   * hides none (a small count's own value is always one of its possible values).
   */
  small?: 0 | 1 | 2;
}

/** The cells whose small values are counted, and the threshold T. */
export interface SmallValues {
  readonly threshold: number;
  readonly cells: ReadonlySet<number>;
}

export interface BoundsResult {
  /** For each hidden cell (index in `values`), its feasible interval. */
  bounds: Map<number, CellBounds>;
  /** Relations between published cells only that the published values break. */
  broken: number[];
  /** No non-negative integer solution at all (the published values contradict each other). */
  infeasible: boolean;
}

const EPS = 1e-7;
const SOLVER_OPTIONS = { includeZeroVariables: true, maxPivots: 1 << 16 } as const;
/** The original problem in integers: bounded work (never a clock), so results never vary. */
const FALLBACK_OPTIONS = { includeZeroVariables: true, maxIterations: 2048 } as const;

interface ReducedRelation {
  terms: [number, number][];
  op: 'eq' | 'le';
  rhs: number;
}

interface Component {
  cells: number[];
  constraints: ReducedRelation[];
}

/** Splits the hidden cells into groups that share no relation, with the relations of each. */
function components(
  relations: readonly LinearRelation[],
  values: readonly (number | null)[],
): { components: Component[]; broken: number[] } {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  values.forEach((v, i) => {
    if (v === null) parent.set(i, i);
  });

  const reduced: ReducedRelation[] = [];
  const broken: number[] = [];
  relations.forEach((relation, index) => {
    const terms = new Map<number, number>();
    let constant = 0;
    for (const [cell, coef] of relation.terms) {
      const value = values[cell];
      if (value === undefined) throw new RangeError(`relation ${index} names no cell ${cell}`);
      if (value === null) terms.set(cell, (terms.get(cell) ?? 0) + coef);
      else constant += coef * value;
    }
    const live = [...terms].filter(([, coef]) => coef !== 0);
    if (live.length === 0) {
      const ok = relation.op === 'eq' ? Math.abs(constant) < EPS : constant < EPS;
      if (!ok) broken.push(index);
      return;
    }
    const [first] = live[0]!;
    for (const [cell] of live) {
      const a = find(first);
      const b = find(cell);
      if (a !== b) parent.set(a, b);
    }
    reduced.push({ terms: live, op: relation.op, rhs: -constant });
  });

  const byRoot = new Map<number, Component>();
  for (const cell of parent.keys()) {
    const root = find(cell);
    let component = byRoot.get(root);
    if (!component) byRoot.set(root, (component = { cells: [], constraints: [] }));
    component.cells.push(cell);
  }
  for (const constraint of reduced) {
    byRoot.get(find(constraint.terms[0]![0]))!.constraints.push(constraint);
  }
  const list = [...byRoot.values()];
  for (const c of list) c.cells.sort((a, b) => a - b);
  list.sort((a, b) => a.cells[0]! - b.cells[0]!);
  return { components: list, broken };
}

// ---------------------------------------------------------------------------------------------
// Elimination

/** constant + Σ coef · free cell. */
interface Expression {
  constant: number;
  coefs: Map<number, number>;
}

interface ReducedProblem {
  /** The cells left as unknowns. */
  free: number[];
  /** Every cell of the component as an expression of the free cells. */
  expression: Map<number, Expression>;
  /** Σ coef · free cell <= max. */
  rows: { coefs: Map<number, number>; max: number }[];
  /** The equalities contradict each other. */
  infeasible: boolean;
  /** Every expression has whole coefficients and constant. */
  integral: boolean;
}

const clean = (x: number) => (Math.abs(x - Math.round(x)) < EPS ? Math.round(x) : x);

function substitute(
  terms: Iterable<readonly [number, number]>,
  expression: Map<number, Expression>,
): Expression {
  const out: Expression = { constant: 0, coefs: new Map() };
  for (const [cell, coef] of terms) {
    const e = expression.get(cell);
    if (e === undefined) {
      out.coefs.set(cell, clean((out.coefs.get(cell) ?? 0) + coef));
      continue;
    }
    out.constant = clean(out.constant + coef * e.constant);
    for (const [k, c] of e.coefs) out.coefs.set(k, clean((out.coefs.get(k) ?? 0) + coef * c));
  }
  for (const [k, c] of out.coefs) if (Math.abs(c) < EPS) out.coefs.delete(k);
  return out;
}

function reduce(component: Component): ReducedProblem {
  // expression: the eliminated cells, each in terms of cells not (yet) eliminated.
  const expression = new Map<number, Expression>();
  let infeasible = false;
  for (const eq of component.constraints) {
    if (eq.op !== 'eq') continue;
    // Σ a x = rhs, with the eliminated cells substituted: Σ a' y = rhs - constant.
    const e = substitute(eq.terms, expression);
    const rhs = clean(eq.rhs - e.constant);
    if (e.coefs.size === 0) {
      if (Math.abs(rhs) > EPS) infeasible = true;
      continue;
    }
    let pivot: number | null = null;
    for (const [cell, coef] of e.coefs) {
      if (
        pivot === null ||
        Math.abs(Math.abs(coef) - 1) < Math.abs(Math.abs(e.coefs.get(pivot)!) - 1)
      ) {
        pivot = cell;
      }
    }
    const a = e.coefs.get(pivot!)!;
    // pivot = rhs / a - Σ_{k != pivot} (a_k / a) y_k
    const solved: Expression = { constant: clean(rhs / a), coefs: new Map() };
    for (const [cell, coef] of e.coefs) {
      if (cell !== pivot) solved.coefs.set(cell, clean(-coef / a));
    }
    // Put it into the expressions already made, so that they use free cells only.
    for (const [cell, expr] of expression) {
      const c = expr.coefs.get(pivot!);
      if (c === undefined) continue;
      expr.coefs.delete(pivot!);
      expr.constant = clean(expr.constant + c * solved.constant);
      for (const [k, v] of solved.coefs) {
        const next = clean((expr.coefs.get(k) ?? 0) + c * v);
        if (Math.abs(next) < EPS) expr.coefs.delete(k);
        else expr.coefs.set(k, next);
      }
      expression.set(cell, expr);
    }
    expression.set(pivot!, solved);
  }
  const free = component.cells.filter((c) => !expression.has(c));
  for (const cell of free) expression.set(cell, { constant: 0, coefs: new Map([[cell, 1]]) });
  const freeSet = new Set(free);

  const rows: ReducedProblem['rows'] = [];
  const addRow = (coefs: Map<number, number>, max: number) => {
    if (coefs.size === 0) {
      if (max < -EPS) infeasible = true;
      return;
    }
    rows.push({ coefs, max });
  };
  // The eliminated cells are non-negative: -(their expression's coefficients) <= constant.
  for (const [cell, e] of expression) {
    if (freeSet.has(cell)) continue;
    addRow(new Map([...e.coefs].map(([k, c]) => [k, -c])), e.constant);
  }
  for (const le of component.constraints) {
    if (le.op !== 'le') continue;
    const e = substitute(le.terms, expression);
    addRow(e.coefs, clean(le.rhs - e.constant));
  }
  const integral = [...expression.values()].every(
    (e) => Number.isInteger(e.constant) && [...e.coefs.values()].every(Number.isInteger),
  );
  return { free, expression, rows, infeasible, integral };
}

// ---------------------------------------------------------------------------------------------
// Optimisation

type Direction = 'minimize' | 'maximize';

interface Optimum {
  /** `undecided`: the simplex cycled; nothing is known. */
  status: 'optimal' | 'unbounded' | 'infeasible' | 'undecided';
  /**
   * The LP optimum rounded inward to a whole number: no integer solution goes past it. Infinity
   * (or -Infinity) when unbounded.
   */
  bound: number;
  /** The best value reached by an integer solution found, or null. Exact when it equals bound. */
  best: number | null;
  /** That integer solution (every cell of the component), when one was found. */
  solution: Map<number, number> | null;
}

const isWhole = (x: number) => Math.abs(x - Math.round(x)) < 1e-6;
/** The nearest whole number, never -0. */
const whole = (x: number) => Math.round(x) + 0;
const NOTHING: Optimum = { status: 'undecided', bound: NaN, best: null, solution: null };

/** Solves one model; the solution, when whole, as values of every cell of the component. */
function run(
  model: Model<number, string>,
  options: typeof SOLVER_OPTIONS | typeof FALLBACK_OPTIONS,
  cells: readonly number[],
  valueOf: (variables: Map<number, number>, cell: number) => number,
) {
  const result = solve(model, options);
  const variables = new Map<number, number>(result.variables);
  const solution = new Map<number, number>();
  let integral = Number.isFinite(result.result);
  for (const c of cells) {
    const v = valueOf(variables, c);
    if (!isWhole(v)) integral = false;
    solution.set(c, whole(v));
  }
  return { status: result.status, result: result.result, solution: integral ? solution : null };
}

/** The original problem with integer unknowns: the fallback when the reduced one is not whole. */
function originalModel(component: Component, cell: number, direction: Direction) {
  const constraints = new Map<string, Constraint>();
  const coefficients = new Map<number, [string, number][]>(
    component.cells.map((c) => [c, [[`x${c}`, 1]]]),
  );
  component.constraints.forEach((c, i) => {
    const key = `r${i}`;
    constraints.set(key, c.op === 'eq' ? { equal: c.rhs } : { max: c.rhs });
    for (const [cellOf, coef] of c.terms) coefficients.get(cellOf)!.push([key, coef]);
  });
  const model: Model<number, string> = {
    direction,
    objective: `x${cell}`,
    constraints,
    variables: coefficients,
    integers: true,
  };
  return model;
}

function reducedModel(
  problem: ReducedProblem,
  cell: number,
  direction: Direction,
  integers: boolean,
): Model<number, string> {
  const target = problem.expression.get(cell)!;
  const constraints = new Map<string, Constraint>();
  const coefficients = new Map<number, [string, number][]>(
    problem.free.map((c) => [c, target.coefs.has(c) ? [['objective', target.coefs.get(c)!]] : []]),
  );
  problem.rows.forEach((row, i) => {
    const key = `r${i}`;
    constraints.set(key, { max: row.max });
    for (const [c, coef] of row.coefs) coefficients.get(c)!.push([key, coef]);
  });
  return { direction, objective: 'objective', constraints, variables: coefficients, integers };
}

/**
 * The least or greatest value of one cell: the LP optimum (rounded inward, a bound no integer
 * solution passes) and, when that vertex is not whole, the best integer solution branch and cut
 * finds within a bounded number of iterations.
 */
function optimise(
  component: Component,
  problem: ReducedProblem,
  cell: number,
  direction: Direction,
): Optimum {
  if (problem.infeasible) return { ...NOTHING, status: 'infeasible' };
  const fromFree = (y: Map<number, number>, c: number) => {
    const e = problem.expression.get(c)!;
    let v = e.constant;
    for (const [k, coef] of e.coefs) v += coef * (y.get(k) ?? 0);
    return v;
  };
  const lp = run(
    reducedModel(problem, cell, direction, false),
    SOLVER_OPTIONS,
    component.cells,
    fromFree,
  );
  if (lp.status === 'unbounded') {
    const bound = direction === 'maximize' ? Infinity : -Infinity;
    return { status: 'unbounded', bound, best: null, solution: null };
  }
  if (lp.status === 'infeasible') return { ...NOTHING, status: 'infeasible' };
  if (lp.status !== 'optimal') return NOTHING;
  const target = problem.expression.get(cell)!;
  // The objective leaves out the target's constant: add it back.
  const optimum = lp.result + target.constant;
  const bound = direction === 'maximize' ? Math.floor(optimum + 1e-6) : Math.ceil(optimum - 1e-6);
  if (lp.solution !== null) {
    return { status: 'optimal', bound, best: lp.solution.get(cell)!, solution: lp.solution };
  }
  // Whole free cells give whole eliminated cells when every expression is whole: the reduced
  // problem in integers; otherwise the original one.
  const int = problem.integral
    ? run(reducedModel(problem, cell, direction, true), FALLBACK_OPTIONS, component.cells, fromFree)
    : run(
        originalModel(component, cell, direction),
        FALLBACK_OPTIONS,
        component.cells,
        (x, c) => x.get(c) ?? 0,
      );
  if (int.status === 'infeasible') return { ...NOTHING, status: 'infeasible' };
  if (int.solution === null) return { status: 'optimal', bound, best: null, solution: null };
  const best = int.solution.get(cell)!;
  // Branch and cut finished: its optimum is the bound.
  return {
    status: 'optimal',
    bound: int.status === 'optimal' ? best : bound,
    best,
    solution: int.solution,
  };
}

/**
 * How many distinct values from 1 to T-1 integer solutions can give `cell`: 0 (proven: none can,
 * so the cell is not a small count), 1 (one value only, or a second could not be found: the safe
 * side) or 2 (two or more, each taken by an integer solution found). It restricts the cell to
 * 1..T-1 and minimises, then maximises, unless `seen` holds two values already; every solution met
 * goes to `witness`. LP bounds alone would not do: a range of two whole numbers need not hold two
 * integer solutions.
 */
function smallValuesOf(
  component: Component,
  cell: number,
  threshold: number,
  seen: ReadonlySet<number>,
  witness: (solution: Map<number, number> | null) => void,
): 0 | 1 | 2 {
  const found = new Set(seen);
  if (found.size >= 2) return 2;
  const restricted: Component = {
    cells: component.cells,
    constraints: [
      ...component.constraints,
      { terms: [[cell, 1]], op: 'le', rhs: threshold - 1 },
      { terms: [[cell, -1]], op: 'le', rhs: -1 },
    ],
  };
  const problem = reduce(restricted);
  if (problem.infeasible && found.size === 0) return 0;
  for (const direction of ['minimize', 'maximize'] as const) {
    const optimum = optimise(restricted, problem, cell, direction);
    witness(optimum.solution);
    if (optimum.status === 'infeasible' && found.size === 0) return 0;
    const v = optimum.solution?.get(cell);
    if (v !== undefined && v >= 1 && v < threshold) found.add(v);
    if (found.size >= 2) return 2;
  }
  return 1;
}

/** Records, per watched cell, the distinct values from 1 to T-1 that solutions gave it (up to 2). */
function smallWitness(small: SmallValues | undefined) {
  const seen = new Map<number, Set<number>>();
  const record = (solution: Map<number, number> | null) => {
    if (solution === null || small === undefined) return;
    for (const [cell, v] of solution) {
      if (!small.cells.has(cell) || v < 1 || v >= small.threshold) continue;
      let set = seen.get(cell);
      if (set === undefined) seen.set(cell, (set = new Set()));
      if (set.size < 2) set.add(v);
    }
  };
  return { seen, record };
}

/**
 * The feasible interval of every hidden cell (`values[i] === null`). For the cells in `lazy`, only
 * whether they can take two values matters: one that two integer solutions met on the way give two
 * values gets the range of those values (`exact` false) and no problem of its own.
 */
export function feasibleIntervals(
  relations: readonly LinearRelation[],
  values: readonly (number | null)[],
  lazy: ReadonlySet<number> = new Set(),
  small?: SmallValues,
): BoundsResult {
  const { components: parts, broken } = components(relations, values);
  const bounds = new Map<number, CellBounds>();
  let infeasible = false;
  for (const component of parts) {
    const problem = reduce(component);
    // The least and greatest value each cell took in the integer solutions met so far.
    const seenLow = new Map<number, number>();
    const seenHigh = new Map<number, number>();
    const smallSeen = smallWitness(small);
    const witness = (solution: Map<number, number> | null) => {
      if (solution === null) return;
      smallSeen.record(solution);
      for (const [cell, v] of solution) {
        seenLow.set(cell, Math.min(seenLow.get(cell) ?? v, v));
        seenHigh.set(cell, Math.max(seenHigh.get(cell) ?? v, v));
      }
    };
    const high = new Map<number, Optimum>();
    const eager = component.cells.filter((c) => !lazy.has(c));
    const moved = (cell: number) => (seenHigh.get(cell) ?? 0) > (seenLow.get(cell) ?? 0);
    for (const cell of eager) {
      const optimum = optimise(component, problem, cell, 'maximize');
      witness(optimum.solution);
      high.set(cell, optimum);
    }
    const rest: number[] = [];
    for (const cell of component.cells) {
      if (!lazy.has(cell)) continue;
      if (!moved(cell)) {
        const optimum = optimise(component, problem, cell, 'maximize');
        witness(optimum.solution);
        high.set(cell, optimum);
      }
      if (moved(cell) && !high.has(cell)) {
        bounds.set(cell, {
          lower: seenLow.get(cell)!,
          upper: seenHigh.get(cell)!,
          exact: false,
          undecided: false,
        });
      } else rest.push(cell);
    }
    for (const cell of [...eager, ...rest]) {
      const up = high.get(cell)!;
      const low: Optimum =
        seenLow.get(cell) === 0
          ? { status: 'optimal', bound: 0, best: 0, solution: null }
          : optimise(component, problem, cell, 'minimize');
      witness(low.solution);
      if (low.status === 'infeasible' || up.status === 'infeasible') infeasible = true;
      const lower = low.status === 'optimal' ? Math.max(0, low.bound) : 0;
      const upper = up.status === 'optimal' ? up.bound : null;
      const exact = low.best === low.bound && (up.status === 'unbounded' || up.best === up.bound);
      // Two integer solutions with other values: not determined, whatever the exact bounds.
      const moves = (seenHigh.get(cell) ?? 0) > (seenLow.get(cell) ?? 0) || upper === null;
      bounds.set(cell, {
        lower,
        upper,
        exact,
        undecided:
          low.status === 'undecided' ||
          up.status === 'undecided' ||
          (!moves && !(upper !== null && upper <= lower)),
      });
    }
    if (small === undefined) continue;
    for (const cell of component.cells) {
      if (!small.cells.has(cell)) continue;
      const b = bounds.get(cell)!;
      // The bounds hold every integer solution: no whole number of 1..T-1 within them, and no
      // search is needed.
      const from = Math.max(1, b.lower);
      const to = Math.min(small.threshold - 1, b.upper ?? Infinity);
      b.small =
        to < from
          ? 0
          : smallValuesOf(
              component,
              cell,
              small.threshold,
              smallSeen.seen.get(cell) ?? new Set(),
              witness,
            );
    }
  }
  return { bounds, broken, infeasible };
}

/**
 * The hidden cells whose value is exactly determined by what is published, given their true
 * values (`truth`): a cell is safe as soon as one integer solution gives it another value. Every
 * solution found along the way is a witness for the other cells of its component, so most cells
 * need no problem of their own. Cells without such a witness count as determined (the safe
 * side). With `targets`, only those cells are checked. With `small`, a cell it names counts as
 * determined too when it can be exactly one value from 1 to T-1 (./feasibleIntervals' `small`).
 *
 * `stable`, when given, receives the cells found free that stay free however many more cells are
 * hidden (hiding more only adds solutions): two values, and two small values when `small` names
 * them. A watched count that can take no small value at all is free now but not stable: hiding
 * more can let exactly one small value in.
 */
export function determinedCells(
  relations: readonly LinearRelation[],
  values: readonly (number | null)[],
  truth: readonly number[],
  targets?: readonly number[],
  small?: SmallValues,
  stable?: Set<number>,
): number[] {
  const { components: parts } = components(relations, values);
  const wanted = targets === undefined ? null : new Set(targets);
  const determined: number[] = [];
  for (const component of parts) {
    const cells = wanted === null ? component.cells : component.cells.filter((c) => wanted.has(c));
    if (cells.length === 0) continue;
    const problem = reduce(component);
    const safe = new Set<number>();
    const smallSeen = smallWitness(small);
    const witness = (solution: Map<number, number> | null) => {
      if (solution === null) return;
      smallSeen.record(solution);
      for (const cell of cells) if (solution.get(cell) !== truth[cell]) safe.add(cell);
    };
    // The true counts are a solution too: a small true value is one small value already.
    smallSeen.record(new Map(component.cells.map((c) => [c, truth[c]!])));
    for (const cell of cells) {
      if (safe.has(cell)) continue;
      const high = optimise(component, problem, cell, 'maximize');
      witness(high.solution);
      if (high.status === 'unbounded' || safe.has(cell)) {
        safe.add(cell);
        continue;
      }
      const low = optimise(component, problem, cell, 'minimize');
      witness(low.solution);
      if (!safe.has(cell)) determined.push(cell);
    }
    for (const cell of cells) {
      if (!safe.has(cell)) continue;
      if (small === undefined || !small.cells.has(cell)) {
        stable?.add(cell);
        continue;
      }
      const seen = smallSeen.seen.get(cell) ?? new Set();
      const count = smallValuesOf(component, cell, small.threshold, seen, witness);
      if (count === 1) determined.push(cell);
      else if (count === 2) stable?.add(cell);
    }
  }
  return determined.sort((a, b) => a - b);
}
