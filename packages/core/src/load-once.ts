/**
 * A module (or anything asynchronous) loaded on first use and shared by later callers; a failed load is tried again
 * next time. Mutua's packages load their heavy libraries this way (the proving system, the OpenID4VC stack, the
 * UnixFS importer) so that importing a package costs only what every importer uses.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
