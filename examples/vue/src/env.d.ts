interface ImportMetaEnv {
  /** The dev backend's authorization server (default: zaehlerfreunde-dev-backend's). */
  readonly VITE_ZFA_ISSUER?: string;
  /** The dev backend's partner API. */
  readonly VITE_ZFA_API_BASE_URL?: string;
}
