// For the type check only (tsconfig.checkjs.json; not shipped, never loaded
// at run time): what the repository's JavaScript uses that no installed
// package declares.

/**
 * react-dom (js/react.js): only its types are needed, and there is no
 * @types/react-dom among the installed packages. Only preload() is used, React
 * 19's (undefined on React 18).
 */
declare module 'react-dom' {
  export const preload:
    | ((href: string, options: { as: string; crossOrigin?: string; type?: string; fetchPriority?: "high" | "low" | "auto" }) => void)
    | undefined;
}

/**
 * An outcome of `window.settle(f)`: `ok`, f's value, or the fields of what it
 * threw (a ZaehlerfreundeAuthError's).
 */
interface Settled<T> {
  ok?: T;
  error?: string;
  error_description?: string;
  reason?: string;
  retryAfter?: number;
  name?: string;
  isError?: boolean;
}

/** A partner-API call as the tests' pages make it (tests/e2e/partner-harness.mjs). */
type PartnerCall =
  | { status: number; data: unknown; error: unknown; retryAfter: string | null }
  | { thrown: { name: string; error: unknown } };

/**
 * The globals the repository's test pages define, and the tests read in the
 * page (page.evaluate).
 */
interface Window {
  // www/harness.js (harness.html), the end-to-end tests' page.
  ZaehlerfreundeAuth: typeof import('../pkg/index.js').ZaehlerfreundeAuth;
  /** The size of the SDK's WebAssembly memory now, in bytes. */
  wasmMemoryBytes: () => number;
  /** The dev backend's config (/local-config.json). */
  localConfig: import('../pkg/index.js').ZaehlerfreundeAuthConfig;
  /** A client from the page's config and `overrides`. */
  makeAuth: (overrides?: Partial<import('../pkg/index.js').ZaehlerfreundeAuthConfig>) => import('../pkg/index.js').ZaehlerfreundeAuth;
  /** Runs a promise-returning function; resolves to its value or to the error's fields. */
  settle: <T>(f: () => T) => Promise<Settled<Awaited<T>>>;
  /** Starts `settle(f)` without waiting: its outcome lands in `__outcome`. */
  begin: (f: () => unknown) => void;
  __outcome: Settled<unknown> | undefined;
  /** The page's client. */
  auth: import('../pkg/index.js').ZaehlerfreundeAuth;

  // tests/e2e/partner-harness.mjs: the typed partner client in the harness page.
  api: ReturnType<typeof import('../pkg/partner.js').createPartnerClient>;
  call: (method: string, path: string, init?: object) => Promise<PartnerCall>;
  collect: (
    path: string,
    init?: object,
  ) => Promise<{ items: unknown[]; thrown?: { name: string; status?: number; error: unknown; message: string } }>;
  // Other end-to-end tests' page state.
  controller: AbortController;
  __events: string[];
  __tabMessages: { t: string; id: string; to?: string; rt: boolean }[];
  __tabObserver: BroadcastChannel;
  __tabTimeline: [string, number][];
  __markerChannel: BroadcastChannel | undefined;
  /** The CSP violation recorder (tests/e2e/harness.mjs, exposeBinding). */
  __reportCsp: (what: string) => void;
  // tests/engines/: the concurrent refresh, and the problems the probe records.
  __refresh: Promise<unknown>;
  __engineProblems: string[] | undefined;
  /** The DPoP step's mark of the page before its reload. */
  __old: boolean | undefined;

  // bench/apps/common.js and ours-sdk.js: the benchmark's page.
  constructedAt: number;
  bench: {
    login(): void;
    token(): Promise<unknown>;
    hot(ms: number): Promise<number>;
    refresh(): Promise<{ ms: number; token: unknown }>;
  };
  benchResult:
    | { callbackMs: number; networkMs: number; sdkMs: number; roundTripMs: number; token: unknown }
    | { error: string }
    | undefined;
  zfaInit: { start: number; end?: number };
}
