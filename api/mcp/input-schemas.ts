/**
 * A tool's input, as the API documents the operation it calls: the request body's schema, or its
 * query parameters as properties, from the OpenAPI document the routes' zod schemas generate. So
 * REST and MCP take the same fields with the same limits and descriptions, and cannot drift.
 */

export type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** The part of an OpenAPI 3.1 document this reads. */
export interface ApiDocument {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** The key names its project: a tool never asks for it. */
const IMPLIED = new Set(['project_id']);

function findOperation(doc: ApiDocument, operationId: string): Operation {
  for (const methods of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(methods)) if (op.operationId === operationId) return op;
  }
  throw new Error(`no operation ${operationId} in the API document`);
}

/** The schema with every `#/components/schemas/…` reference replaced by what it names. */
function inline(doc: ApiDocument, schema: unknown, depth = 0): unknown {
  if (depth > 20) throw new Error('schema references nest too deep');
  if (Array.isArray(schema)) return schema.map((s) => inline(doc, s, depth + 1));
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved reference ${ref}`);
    return inline(doc, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(doc, v, depth + 1)]));
}

/** A header an operation takes, as a tool's argument: `idempotency-key` → `idempotency_key`. */
const argumentName = (header: string) => header.toLowerCase().replace(/-/g, '_');

/**
 * The operation's input as one object schema, without the fields the key implies; the headers it
 * documents (its idempotency key) are optional arguments.
 */
export function operationInput(doc: ApiDocument, operationId: string): JsonSchema {
  const op = findOperation(doc, operationId);
  const body = op.requestBody?.content['application/json']?.schema;
  let properties: Record<string, JsonSchema>;
  let required: string[];
  if (body) {
    const schema = inline(doc, body) as { properties?: Record<string, JsonSchema>; required?: string[] };
    properties = { ...schema.properties };
    required = schema.required ?? [];
  } else {
    const query = (op.parameters ?? []).filter((p) => p.in === 'query');
    properties = Object.fromEntries(
      query.map((p) => [
        p.name,
        { ...(inline(doc, p.schema) as JsonSchema), ...(p.description && { description: p.description }) },
      ]),
    );
    required = query.filter((p) => p.required).map((p) => p.name);
  }
  for (const p of (op.parameters ?? []).filter((p) => p.in === 'header')) {
    properties[argumentName(p.name)] = { ...(inline(doc, p.schema) as JsonSchema), minLength: 1 };
  }
  for (const name of IMPLIED) delete properties[name];
  return { type: 'object', properties, required: required.filter((name) => !IMPLIED.has(name)) };
}
