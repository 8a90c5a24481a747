// Structural validation with ajv, from the same TypeBox schema the CRDs are generated from.
// Differences from the API server, on purpose:
//  - unknown fields are reported (as UNKNOWN_FIELD warnings) instead of being pruned silently;
//  - string formats are not checked here: the semantic checks parse every address, prefix and
//    duration and report a specific code, so one bad value gives one problem.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import { mapSchema } from '../../../api/schema-walk.ts';
import { problem, type Problem, type ProblemCode, type SourceRef } from '../problems.ts';

const KEYWORD_CODES: Record<string, ProblemCode> = {
  type: 'SCHEMA_TYPE',
  required: 'SCHEMA_REQUIRED',
  enum: 'SCHEMA_ENUM',
  minimum: 'SCHEMA_RANGE',
  maximum: 'SCHEMA_RANGE',
  exclusiveMinimum: 'SCHEMA_RANGE',
  exclusiveMaximum: 'SCHEMA_RANGE',
  minItems: 'SCHEMA_ITEMS',
  maxItems: 'SCHEMA_ITEMS',
  minLength: 'SCHEMA_LENGTH',
  maxLength: 'SCHEMA_LENGTH',
  additionalProperties: 'UNKNOWN_FIELD',
};

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, validateFormats: false });
  for (const keyword of [
    'x-kubernetes-map-type',
    'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-preserve-unknown-fields',
  ]) {
    ajv.addKeyword({ keyword, schemaType: ['string', 'array', 'boolean'] });
  }
  // CEL rules are the API server's; src/core checks the same things in code.
  ajv.addKeyword({ keyword: 'x-kubernetes-validations', schemaType: 'array' });
  return ajv;
}

/**
 * The validator's dialect of the API schema: every object that lists its properties is closed, so
 * unknown (misspelled) fields are reported; `format` is dropped where upstream put it on an array
 * (it never had an effect there, and ajv's strict mode rightly refuses it).
 */
const validatorDialect = (schema: TSchema) =>
  mapSchema(schema, (node) => {
    let out = node;
    if (out.type === 'array' && out.format !== undefined) {
      const { format: _ignored, ...rest } = out;
      out = rest;
    }
    if (out.properties && out.additionalProperties === undefined && out.patternProperties === undefined) {
      out = { ...out, additionalProperties: false };
    }
    return out;
  });

/** `/spec/bgp/routers/0/asn` → `spec.bgp.routers[0].asn` */
export function fieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

const joinPath = (base: string, field: string): string => (base ? `${base}.${field}` : field);

function toProblem(error: ErrorObject, at: Omit<SourceRef, 'path'>): Problem {
  const path = fieldPath(error.instancePath);
  const code = KEYWORD_CODES[error.keyword] ?? 'SCHEMA_INVALID';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      return problem(code, `${field} is required`, { ...at, path: joinPath(path, field) });
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      return problem(code, `unknown field "${field}"`, { ...at, path: joinPath(path, field) });
    }
    case 'enum':
      return problem(
        code,
        `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        { ...at, path },
      );
    default:
      return problem(code, error.message ?? `fails ${error.keyword}`, { ...at, path });
  }
}

export interface SchemaValidator {
  /** Validates (and fills defaults into) `data` in place. */
  (data: unknown, at: Omit<SourceRef, 'path'>): Problem[];
}

export function schemaValidator(schema: TSchema): SchemaValidator {
  let compiled: ValidateFunction | undefined;
  return (data, at) => {
    compiled ??= newAjv().compile(validatorDialect(schema));
    if (compiled(data)) return [];
    return (compiled.errors ?? []).map((e) => toProblem(e, at));
  };
}
