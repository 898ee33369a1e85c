/** Cuts text to `max` characters (by code point, so no half emoji), marking the cut with an ellipsis. */
export function truncate(value: string, max: number): string {
  const characters = Array.from(value);
  return characters.length <= max ? value : `${characters.slice(0, max - 1).join('')}…`;
}
