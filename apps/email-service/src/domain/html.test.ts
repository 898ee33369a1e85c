import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from './html';

describe('escapeHtml', () => {
  it('escapes the five characters that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('html', () => {
  it('escapes every interpolated string and number', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<p title="${name}">${name} ${42}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 42</p>',
    );
  });

  it('embeds SafeHtml made by the tag as is, and arrays of it joined', () => {
    const item = (label: string) => html`<li>${label}</li>`;
    const list = html`<ul>${[item('a&b'), item('<c>')]}</ul>`;
    expect(list).toBeInstanceOf(SafeHtml);
    expect(list.toString()).toBe('<ul><li>a&amp;b</li><li>&lt;c&gt;</li></ul>');
  });
});
