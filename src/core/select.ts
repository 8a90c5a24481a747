// Node selection: which FRRConfigurations apply to a node, and for each one that does not, why not.
// Label selector semantics as Kubernetes defines them: matchLabels and matchExpressions are ANDed,
// an empty selector selects every node, NotIn and DoesNotExist match nodes without the label.
import { isDnsSubdomain } from './names.ts';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface NodeInfo {
  name: string;
  labels: Readonly<Record<string, string>>;
}

export interface SelectorError {
  /** Path relative to the selector, e.g. `matchExpressions[1].operator`. */
  path: string;
  message: string;
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why a label key is not one the API server accepts, or undefined when it is. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
  if (prefix !== undefined && !isDnsSubdomain(prefix)) {
    return `label key "${key}" has an invalid prefix (a DNS subdomain is expected)`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `label key "${key}" is invalid (1-63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`;
  }
  return undefined;
}

/** Why a label value is not one the API server accepts, or undefined when it is. */
export function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  return value.length <= 63 && NAME.test(value)
    ? undefined
    : `label value "${value}" is invalid (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`;
}

/** Syntax problems of a selector, as the API server's LabelSelectorAsSelector would find them. */
export function selectorErrors(selector: LabelSelector | undefined): SelectorError[] {
  const errors: SelectorError[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    const bad = labelKeyError(key) ?? labelValueError(value);
    if (bad) errors.push({ path: `matchLabels.${key}`, message: bad });
  }
  (selector?.matchExpressions ?? []).forEach((expr, i) => {
    const at = `matchExpressions[${i}]`;
    const keyError = labelKeyError(expr.key);
    if (keyError) errors.push({ path: `${at}.key`, message: keyError });
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          errors.push({ path: `${at}.values`, message: `${expr.operator} needs at least one value` });
        values.forEach((v, j) => {
          const bad = labelValueError(v);
          if (bad) errors.push({ path: `${at}.values[${j}]`, message: bad });
        });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errors.push({ path: `${at}.values`, message: `${expr.operator} takes no values` });
        break;
      default:
        errors.push({
          path: `${at}.operator`,
          message: `"${expr.operator}" is not an operator; use In, NotIn, Exists or DoesNotExist`,
        });
    }
  });
  return errors;
}

const show = (labels: Readonly<Record<string, string>>, key: string): string =>
  key in labels ? `is "${labels[key]}"` : 'is not set';

/** Undefined when the node matches, otherwise the first unmet requirement in words. */
export function mismatchReason(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): string | undefined {
  for (const [key, want] of Object.entries(selector?.matchLabels ?? {})) {
    if (labels[key] !== want) return `label ${key} ${show(labels, key)}, the selector wants "${want}"`;
  }
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const has = key in labels;
    const value = labels[key];
    switch (operator) {
      case 'In':
        if (!has || !values.includes(value!))
          return `label ${key} ${show(labels, key)}, the selector wants one of ${values.join(', ')}`;
        break;
      case 'NotIn':
        if (has && values.includes(value!)) return `label ${key} is "${value}", which the selector excludes`;
        break;
      case 'Exists':
        if (!has) return `label ${key} is not set, the selector requires it`;
        break;
      case 'DoesNotExist':
        if (has) return `label ${key} is set, the selector requires it to be absent`;
        break;
      default:
        return `operator "${operator}" is invalid`;
    }
  }
  return undefined;
}

export interface Selectable<T> {
  item: T;
  selector: LabelSelector | undefined;
  /**
   * The caller already knows whether the selector can be evaluated (the object cache keeps that per
   * object version): true skips the check, false makes the object invalid.
   */
  checked?: boolean;
}

export interface Selection<T> {
  selected: T[];
  excluded: { item: T; reason: string }[];
  /**
   * Objects whose selector cannot be evaluated. They are neither selected nor excluded: such an object
   * is invalid on every node (as upstream fails the node), so the caller must report its errors.
   */
  invalid: { item: T; errors: SelectorError[] }[];
}

/** Splits objects into those selecting `node`, those that do not (each with its reason), and invalid ones. */
export function selectForNode<T>(objects: readonly Selectable<T>[], node: NodeInfo): Selection<T> {
  const selection: Selection<T> = { selected: [], excluded: [], invalid: [] };
  for (const { item, selector, checked } of objects) {
    const errors = checked === true ? [] : selectorErrors(selector);
    // checked: false may be a selector of the wrong shape (no terms to blame): validation says what.
    if (errors.length > 0 || checked === false) {
      selection.invalid.push({ item, errors });
      continue;
    }
    const reason = mismatchReason(selector, node.labels);
    if (reason === undefined) selection.selected.push(item);
    else selection.excluded.push({ item, reason: `not selected for node ${node.name}: ${reason}` });
  }
  return selection;
}
