import { InvalidEventError, JsonSyntaxError } from './errors';
import { type EventValues, extendMembership } from './event-values';
import type { TrieNode } from './field-trie';
import { isJsonObject, JsonNumber, type JsonObject, parseJson } from './json';
import { FALSE, NULL, NUMBER, STRING, TRUE } from './matchers';
import { DUPLICATE_KEY, MALFORMED, NOT_AN_OBJECT, scanJson } from './scan-json';

/**
 * Reads the values some rule needs out of an event, into `out`. An event is JSON text (a string, or UTF-8 bytes)
 * or an already parsed value (plain objects, arrays, strings, numbers or {@link JsonNumber}s, booleans, null).
 *
 * For text we do not build the event: a scanner walks the JSON, descending only into keys on the rules' field
 * tree and skipping (while still validating) everything else. That is what makes matching fast; a bus has to
 * parse every event, and most of an event is usually irrelevant to the rules. A repeated key (the last one wins)
 * is rare, so then we fall back to a full parse.
 */
export function flattenEvent(event: unknown, root: TrieNode, out: EventValues): void {
  if (typeof event === 'string' || event instanceof Uint8Array) {
    flattenText(event, root, out);
    return;
  }
  if (!isJsonObject(event)) throw new InvalidEventError('Event must be a JSON object');
  walkObject(event, root, null, out);
}

// --- parsed values -----------------------------------------------------------------------------------------------

function walkObject(
  obj: JsonObject,
  node: TrieNode,
  membership: readonly number[] | null,
  out: EventValues,
): void {
  for (const key of Object.keys(obj)) {
    const child = node.child(key);
    if (child !== undefined) walkValue(obj[key], child, membership, out);
  }
}

function walkValue(
  value: unknown,
  node: TrieNode,
  membership: readonly number[] | null,
  out: EventValues,
): void {
  if (Array.isArray(value)) {
    const arrayId = out.nextArrayId++;
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (Array.isArray(element) || isJsonObject(element)) {
        walkValue(element, node, extendMembership(membership, arrayId, i), out);
      } else {
        walkValue(element, node, membership, out);
      }
    }
    return;
  }
  if (isJsonObject(value)) {
    if (node.children !== undefined) walkObject(value, node, membership, out);
    return;
  }
  const field = node.field;
  if (field < 0) return;
  switch (typeof value) {
    case 'string':
      out.add(field, STRING, value, membership);
      return;
    case 'number':
      out.add(field, NUMBER, String(value), membership);
      return;
    case 'bigint':
      out.add(field, NUMBER, value.toString(), membership);
      return;
    case 'boolean':
      out.add(field, value ? TRUE : FALSE, value ? 'true' : 'false', membership);
      return;
    default:
      if (value === null) out.add(field, NULL, 'null', membership);
      else if (value instanceof JsonNumber) out.add(field, NUMBER, value.text, membership);
    // undefined, functions and symbols are not JSON: ignored like JSON.stringify would.
  }
}

// --- JSON text ---------------------------------------------------------------------------------------------------

function flattenText(text: string | Uint8Array, root: TrieNode, out: EventValues): void {
  let signal: unknown;
  try {
    scanJson(text, root, out);
    return;
  } catch (error) {
    if (error !== MALFORMED && error !== DUPLICATE_KEY && error !== NOT_AN_OBJECT) throw error;
    signal = error;
  }
  if (signal === NOT_AN_OBJECT) throw new InvalidEventError('Event must be a JSON object');
  // Malformed (for the parser's message) or a repeated key (for last-wins semantics): parse it all.
  let parsed: unknown;
  try {
    parsed = parseJson(typeof text === 'string' ? text : new TextDecoder().decode(text));
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new InvalidEventError(`Event is not valid JSON: ${error.message}`);
    throw error;
  }
  if (signal === MALFORMED) throw new InvalidEventError('Event is not valid JSON');
  out.reset(0);
  flattenEvent(parsed, root, out);
}
