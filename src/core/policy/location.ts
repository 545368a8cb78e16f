/** Whether an organisation policy's location is a URL (`https://…`) rather than a file path. Alone in its module, with no imports, for `dist/cli.js`'s start. */
export function isUrlLocation(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}
