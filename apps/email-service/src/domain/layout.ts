import { html, type SafeHtml } from './html';
import { text } from './plain-text';

interface LayoutInput {
  readonly brandName: string;
  readonly title: string;
  readonly body: SafeHtml;
}

/**
 * The HTML document around every email: a single centred column with inline styles, because mail clients
 * ignore `<style>` blocks and external CSS.
 */
export function renderHtmlLayout({ brandName, title, body }: LayoutInput): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;color:#1f2933;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
<tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;padding:32px;">
<tr><td style="font-size:20px;font-weight:bold;padding-bottom:16px;">${brandName}</td></tr>
<tr><td style="font-size:16px;line-height:1.5;">
${body}
</td></tr>
<tr><td style="font-size:12px;color:#6b7280;padding-top:24px;">The ${brandName} team</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`.toString();
}

/** The plain-text part's frame: the body, then the sign-off. */
export function renderTextLayout(brandName: string, body: string): string {
  return `${body.trim()}\n\n${text`The ${brandName} team`}\n`;
}

/** A call-to-action button that still reads as a link in clients that drop styles. */
export function button(label: string, url: string): SafeHtml {
  assertWebUrl(url);
  return html`<p style="margin:24px 0;"><a href="${url}" style="background:#2563eb;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;">${label}</a></p>`;
}

/** Links in our emails are web links only: a `javascript:` or `data:` URL in an href would be a script. */
function assertWebUrl(url: string): void {
  const protocol = URL.canParse(url) ? new URL(url).protocol : undefined;
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new RangeError(`email links must be http(s) URLs, got "${url.slice(0, 80)}"`);
  }
}
