/**
 * An element built with `textContent` and attributes only, never `innerHTML`: what every page of
 * ours (the sidebar, the audit view) draws with.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { text?: string; className?: string; id?: string; attrs?: Record<string, string> } = {},
  ...children: Array<Node | undefined>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.text !== undefined) node.textContent = options.text;
  if (options.className !== undefined) node.className = options.className;
  if (options.id !== undefined) node.id = options.id;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}
