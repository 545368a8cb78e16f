export { cacheKey, ResponseCache, type CacheKeyParts } from './responseCache';
