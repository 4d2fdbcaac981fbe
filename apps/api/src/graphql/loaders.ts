import DataLoader from 'dataloader';

// Per-request DataLoaders, created lazily on first use and dropped with the request's context, so
// nested fields of a list cost one query per field, not one per row.
const loaders = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

export function loaderFor<V>(ctx: object, name: string, batch: (keys: readonly string[]) => Promise<Map<string, V>>, empty: V): DataLoader<string, V> {
  let mine = loaders.get(ctx);
  if (!mine) loaders.set(ctx, (mine = new Map()));
  let loader = mine.get(name) as DataLoader<string, V> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V>(async (keys) => {
      const found = await batch(keys);
      return keys.map((k) => found.get(k) ?? empty);
    });
    mine.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
