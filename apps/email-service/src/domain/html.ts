/** HTML that is already safe to embed: only the `html` tag below produces it. */
export class SafeHtml {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  toString(): string {
    return this.#value;
  }
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

type Interpolation = SafeHtml | string | number | readonly SafeHtml[];

/**
 * A tagged template where every interpolated value is escaped unless it is `SafeHtml` made by this tag, so a
 * template cannot forget to escape a learner's name. Hand-written because the property we need is structural
 * (escaping by default, composition by type); escape libraries give the character mapping, not that.
 * @example html`<p>Hi ${name}</p>` // name "<script>" renders as "&lt;script&gt;"
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((part) => part.toString()).join('');
  return escapeHtml(String(value));
}
