// CEL rules (`x-kubernetes-validations`) the CRD carries where upstream's does: on connectTime and on
// EVPN route distinguishers and route targets. API servers from 1.25 enforce them, older ones ignore
// them; our own validation (src/core) checks the same things either way, and api/v1beta1/cel-rules.test.ts
// runs these expressions against it so the two cannot drift. Only core CEL plus the Kubernetes
// strings library (split) is used.

export interface CelRule {
  rule: string;
  message: string;
}

export const CONNECT_TIME_RULES: readonly CelRule[] = [
  {
    rule: "duration(self) >= duration('1s') && duration(self) <= duration('65535s')",
    message: 'connectTime must be between 1s and 65535s',
  },
  {
    rule: "duration(self) == duration(string(duration(self).getSeconds()) + 's')",
    message: 'connectTime must be a whole number of seconds',
  },
];

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = `${OCTET}(\\\\.${OCTET}){3}`;
const DIGITS = '[0-9]+';
const ONE_COLON = "self.split(':').size() == 2";
const GLOBAL = "self.split(':')[0]";
const LOCAL = "self.split(':')[1]";
/** A decimal string within `max` (the size guard keeps int() from overflowing). */
const within = (part: string, max: number): string => `(${part}.size() <= 10 && int(${part}) <= ${max})`;
const isNumber = (part: string): string => `${part}.matches('^${DIGITS}$')`;
/** A number global administrator beyond two bytes (size first: int() only runs on short strings). */
const fourByte = `(${GLOBAL}.size() > 5 || int(${GLOBAL}) > 65535)`;

/**
 * The rules for an RD ("RD") or a route target ("RT"); `wildcard` allows `*` as the global
 * administrator (import route targets only). 6 rules, 7 with the wildcard.
 */
export function adminRules(what: 'RD' | 'RT', wildcard: boolean): CelRule[] {
  const guard = `!(${ONE_COLON}) || !${isNumber(LOCAL)}`;
  const rules: CelRule[] = [
    { rule: ONE_COLON, message: `${what} needs exactly one ':' between its global and local parts` },
    {
      rule: `!(${ONE_COLON}) || ${GLOBAL}.matches('^(${wildcard ? '\\\\*|' : ''}${DIGITS}|${IPV4})$')`,
      message: `${what} global part must be ${wildcard ? "'*', " : ''}an AS number or an IPv4 address`,
    },
    { rule: `!(${ONE_COLON}) || ${isNumber(LOCAL)}`, message: `${what} local part must be a number` },
    {
      rule: `${guard} || !${GLOBAL}.matches('^${IPV4}$') || ${within(LOCAL, 65535)}`,
      message: `${what} with an IPv4 global part takes a local part of at most 65535`,
    },
    {
      rule: `${guard} || !${isNumber(GLOBAL)} || !${fourByte} || (${within(GLOBAL, 4294967295)} && ${within(LOCAL, 65535)})`,
      message: `${what} with a 4-byte AS number (at most 4294967295) takes a local part of at most 65535`,
    },
    {
      rule: `${guard} || !${isNumber(GLOBAL)} || ${fourByte} || ${within(LOCAL, 4294967295)}`,
      message: `${what} with a 2-byte AS number takes a local part of at most 4294967295`,
    },
  ];
  if (wildcard)
    rules.push({
      rule: `${guard} || ${GLOBAL} != '*' || ${within(LOCAL, 4294967295)}`,
      message: `${what} with the '*' global part takes a local part of at most 4294967295`,
    });
  return rules;
}
