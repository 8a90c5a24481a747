// How manifests are read: as kubectl reads them (YAML 1.1 scalars, merge keys), aliases within a
// budget, and every unreadable input a coded InputError naming the file and line — never a crash.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, inputTooLarge, parseDocuments, readDocuments } from './read-documents.ts';

const noStdin = (): string => '';

/** The InputError a read throws (fails the test when the read succeeds or throws something else). */
function inputError(read: () => unknown): InputError {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

const valueOf = (text: string): unknown => parseDocuments(text, 'f.yaml')[0]?.value;

describe('YAML aliases', () => {
  it('reads an anchor reused 101 times (neighbors sharing toReceive)', () => {
    const neighbors = Array.from(
      { length: 101 },
      (_, i) => `      - {address: 192.0.2.${i + 1}, asn: 64500, toReceive: *recv}`,
    ).join('\n');
    const text = `spec:\n  recv: &recv {allowed: {mode: all}}\n  bgp:\n    neighbors:\n${neighbors}\n`;
    const value = valueOf(text) as { spec: { bgp: { neighbors: { toReceive: unknown }[] } } };
    expect(value.spec.bgp.neighbors).toHaveLength(101);
    expect(value.spec.bgp.neighbors[100]!.toReceive).toEqual({ allowed: { mode: 'all' } });
  });

  it('gives each alias its own copy, so defaulting one use cannot change another', () => {
    const value = valueOf('a: &x {k: 1}\nb: *x\n') as { a: object; b: object };
    expect(value.b).toEqual(value.a);
    expect(value.b).not.toBe(value.a);
  });

  it('refuses a billion-laughs file with the file and line', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const err = inputError(() => parseDocuments(levels.join('\n') + '\n', 'laughs.yaml'));
    expect(err.code).toBe('YAML_ALIAS_EXPANSION');
    expect(err.message).toMatch(/^laughs\.yaml:\d+:\d+: /);
  });

  it('refuses an alias used before its anchor', () => {
    const err = inputError(() => parseDocuments('a: *x\nb: &x 1\n', 'early.yaml'));
    expect(err.code).toBe('YAML_ALIAS_UNDEFINED');
    expect(err.message).toMatch(/^early\.yaml:1:4: /);
  });

  it('refuses an anchor that contains its own alias', () => {
    const err = inputError(() => parseDocuments('a: &x [1, *x]\n', 'cycle.yaml'));
    expect(err.code).toBe('YAML_ALIAS_CYCLE');
    expect(err.message).toMatch(/^cycle\.yaml:1:/);
  });
});

describe('read as kubectl reads it', () => {
  it('honours merge keys; keys written beside << win, earlier maps in a list win', () => {
    const text = [
      'defaults: &d {holdTime: 90s, keepaliveTime: 30s, port: 179}',
      'other: &o {port: 1790, connectTime: 10s}',
      'one: {<<: *d, holdTime: 30s}',
      'two: {<<: [*d, *o]}',
    ].join('\n');
    const value = valueOf(text) as Record<string, unknown>;
    expect(value['one']).toEqual({ holdTime: '30s', keepaliveTime: '30s', port: 179 });
    expect(value['two']).toEqual({ holdTime: '90s', keepaliveTime: '30s', port: 179, connectTime: '10s' });
  });

  it('refuses a merge key given a scalar, and one that would override a key written before it', () => {
    expect(inputError(() => parseDocuments('a: {<<: 1}\n', 'm.yaml')).code).toBe('YAML_MERGE_INVALID');
    const err = inputError(() => parseDocuments('d: &d {k: 1}\na: {k: 2, <<: *d}\n', 'm.yaml'));
    expect(err.code).toBe('YAML_MERGE_INVALID');
    expect(err.message).toMatch(/^m\.yaml:2:/);
  });

  it.each([
    ['yes', true],
    ['Yes', true],
    ['on', true],
    ['ON', true],
    ['y', true],
    ['no', false],
    ['off', false],
    ['N', false],
    ['true', true],
    ['False', false],
    ['~', null],
    ['', null],
    ['0100', 64],
    ['-0100', -64],
    ['0x1F', 31],
    ['-0x10', -16],
    ['0o17', 15],
    ['0b101', 5],
    ['1_000', 1000],
    ['08', 8],
    ['1e3', 1000],
    ['.5', 0.5],
    ['64512', 64512],
    ['1e400', '1e400'],
    ['2001-12-14', '2001-12-14'],
    ['1:20', '1:20'],
    ['"yes"', 'yes'],
    ["'0100'", '0100'],
    ['!!str on', 'on'],
    ['yesterday', 'yesterday'],
  ])('plain scalar %s reads as %j (go-yaml v2, YAML 1.1)', (text, expected) => {
    expect((valueOf(`v: ${text}\n`) as { v: unknown }).v).toEqual(expected);
  });

  it('turns scalar keys into strings as kubectl does', () => {
    expect(valueOf('on: 1\n0100: 2\n')).toEqual({ true: 1, '64': 2 });
  });

  it('refuses a mapping used as a key, and .nan, with a code instead of a Node.js warning', () => {
    const err = inputError(() => parseDocuments('a:\n  ? {b: 1}\n  : c\n', 'k.yaml'));
    expect(err.code).toBe('YAML_NOT_JSON');
    expect(err.message).toMatch(/^k\.yaml:2:/);
    expect(inputError(() => parseDocuments('a: .nan\n', 'n.yaml')).code).toBe('YAML_NOT_JSON');
  });

  it('never lets a __proto__ key change an object prototype', () => {
    const value = valueOf('__proto__: {polluted: 1}\n') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('refuses nesting deeper than the limit as YAML_TOO_DEEP', () => {
    const deep = 'a: ' + '['.repeat(300) + ']'.repeat(300) + '\n';
    expect(inputError(() => parseDocuments(deep, 'deep.yaml')).code).toBe('YAML_TOO_DEEP');
  });

  it('a syntax error names the file, line and column', () => {
    const err = inputError(() => parseDocuments('a: [1,\nb: 2\n', 's.yaml'));
    expect(err.code).toBe('YAML_SYNTAX');
    expect(err.message).toMatch(/^s\.yaml:\d+:\d+: /);
  });
});

describe('reading files and directories', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'frrk8s-read-'));
  const OBJ = 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n';

  it('refuses a dangling symbolic link in a directory', () => {
    const d = dir();
    writeFileSync(join(d, 'a.yaml'), OBJ);
    symlinkSync(join(d, 'missing.yaml'), join(d, 'b.yaml'));
    const err = inputError(() => readDocuments([d], noStdin));
    expect(err.code).toBe('INPUT_BROKEN_LINK');
    expect(err.message).toContain(join(d, 'b.yaml'));
  });

  it('refuses a symbolic link loop', () => {
    const d = dir();
    symlinkSync(join(d, 'y.yaml'), join(d, 'x.yaml'));
    symlinkSync(join(d, 'x.yaml'), join(d, 'y.yaml'));
    expect(inputError(() => readDocuments([d], noStdin)).code).toBe('INPUT_BROKEN_LINK');
  });

  it('reads a directory once even when a link inside points back to it', () => {
    const d = dir();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'a.yaml'), OBJ);
    symlinkSync(d, join(d, 'sub', 'loop'));
    const docs = readDocuments([d], noStdin);
    expect(docs.map((x) => x.origin)).toEqual([`${join(d, 'sub', 'a.yaml')}:1`]);
  });

  it('reads a file reached through a link (as in a mounted ConfigMap) once', () => {
    const d = dir();
    mkdirSync(join(d, '..data'));
    writeFileSync(join(d, '..data', 'a.yaml'), OBJ);
    symlinkSync(join(d, '..data', 'a.yaml'), join(d, 'a.yaml'));
    expect(readDocuments([d], noStdin)).toHaveLength(1);
  });

  it('names a missing file with INPUT_NOT_FOUND', () => {
    const err = inputError(() => readDocuments(['/nonexistent/x.yaml'], noStdin));
    expect(err.code).toBe('INPUT_NOT_FOUND');
    expect(err.message).toContain('/nonexistent/x.yaml');
  });

  it('stops reading an endless input at the limit (/dev/zero)', () => {
    const err = inputError(() => readDocuments(['/dev/zero'], noStdin));
    expect(err.code).toBe('INPUT_TOO_LARGE');
    expect(err.message).toContain('/dev/zero');
  });

  it('caps stdin too, saying so as for a file and as the CLI says it of a stdin it stopped reading', () => {
    const huge = 'x'.repeat(33 * 1024 * 1024);
    const stdin = inputError(() => readDocuments(['-'], () => huge));
    expect(stdin.code).toBe('INPUT_TOO_LARGE');
    const file = inputError(() => readDocuments(['/dev/zero'], noStdin));
    expect(stdin.message.replace('<stdin>', '/dev/zero')).toBe(file.message);
    // src/cli/io.ts throws this when its bounded read of stdin stops at the limit.
    expect(inputTooLarge('<stdin>').message).toBe(stdin.message);
  });
});
