/** A name that would break HTML, quoting or headers if a template forgot to escape it. */
export const HOSTILE_NAME = `<script>alert("pwned")</script> O'Brien & Co`;
