/**
 * How deep JSON may nest in an event (Detail, or TestEventPattern's Event) on the local bus. AWS states no
 * depth limit; locally, JSON.stringify and the rule matcher recurse per level, and a few thousand levels
 * overflow the stack, so deeper entries are refused one by one instead of failing the whole call.
 */
export const MAX_EVENT_JSON_DEPTH = 256;

/**
 * The nesting depth of a JSON text (0 for a scalar), counted without parsing or recursion, so that measuring
 * a hostile text cannot itself overflow. Brackets inside strings do not count.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
