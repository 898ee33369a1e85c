/**
 * The field paths the rules of a set look at, as a tree of key steps. Paths are split on `.` on both sides, so
 * the pattern key `"a.b"`, the nesting `{"a": {"b": ...}}` and the event key `"a.b"` all reach the same field,
 * which is how the engine's dot-joined field names behave. Walking an event along this tree is how we read only
 * the parts of an event that some rule needs.
 */
const encoder = new TextEncoder();

export class TrieNode {
  children: Map<string, TrieNode> | undefined = undefined;
  /** The children by UTF-8 key length, so a key can be found in JSON bytes without decoding it first. */
  private byLength: ({ readonly key: Uint8Array; readonly node: TrieNode }[] | undefined)[] = [];
  /** The field id when a rule names exactly this path, else -1. */
  field = -1;
  /** How many registered paths go through or end at this node. */
  uses = 0;
  /** The serial of the last object (in the JSON scanner) in which this key was read: finds repeated keys. */
  seenIn = 0;

  /** The node for an event key (which may itself contain dots), or undefined if no rule goes there. */
  child(key: string): TrieNode | undefined {
    const children = this.children;
    if (children === undefined) return undefined;
    const direct = children.get(key);
    if (direct !== undefined || key.indexOf('.') < 0) return direct;
    let node: TrieNode | undefined = this;
    for (const step of key.split('.')) {
      node = node.children?.get(step);
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** The child whose key is the UTF-8 `bytes[start, start + length)` (a key without dots or escapes). */
  childAt(bytes: Uint8Array, start: number, length: number): TrieNode | undefined {
    const bucket = this.byLength[length];
    if (bucket === undefined) return undefined;
    next: for (let k = 0; k < bucket.length; k++) {
      const entry = bucket[k] as { readonly key: Uint8Array; readonly node: TrieNode };
      const key = entry.key;
      for (let i = 0; i < length; i++) if (key[i] !== bytes[start + i]) continue next;
      return entry.node;
    }
    return undefined;
  }

  /** Rebuilds the by-length table after the children changed. */
  reindex(): void {
    this.byLength = [];
    for (const [name, node] of this.children ?? []) {
      const key = encoder.encode(name);
      const bucket = this.byLength[key.length] ?? [];
      bucket.push({ key, node });
      this.byLength[key.length] = bucket;
    }
  }
}

export class FieldTrie {
  readonly root = new TrieNode();
  private readonly byPath = new Map<string, TrieNode>();

  /** Registers a use of a path and returns its node; `field` is assigned by the caller on first use. */
  add(path: string): TrieNode {
    let node = this.root;
    node.uses++;
    for (const step of path.split('.')) {
      let next = node.children?.get(step);
      if (next === undefined) {
        next = new TrieNode();
        if (node.children === undefined) node.children = new Map();
        node.children.set(step, next);
        node.reindex();
      }
      next.uses++;
      node = next;
    }
    this.byPath.set(path, node);
    return node;
  }

  /** Drops one use of a path; prunes nodes nobody uses any more. */
  remove(path: string): void {
    const steps = path.split('.');
    const nodes: TrieNode[] = [this.root];
    for (const step of steps) {
      const next = nodes[nodes.length - 1]?.children?.get(step);
      if (next === undefined) return;
      nodes.push(next);
    }
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i] as TrieNode;
      node.uses--;
      if (i > 0 && node.uses === 0) {
        const parent = nodes[i - 1] as TrieNode;
        parent.children?.delete(steps[i - 1] as string);
        if (parent.children?.size === 0) parent.children = undefined;
        parent.reindex();
      }
    }
    const last = nodes[nodes.length - 1] as TrieNode;
    if (last.uses === 0) this.byPath.delete(path);
  }

  node(path: string): TrieNode | undefined {
    return this.byPath.get(path);
  }
}
