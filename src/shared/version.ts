import { version } from '../../package.json';

/** The product version, from `package.json` (esbuild inlines just this field). */
export const VERSION: string = version;
