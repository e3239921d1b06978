'use client';
import { useEffect, useState } from 'react';
import { useAuth, usePartnerApi } from 'zaehlerfreunde-auth/react';
import type { components } from 'zaehlerfreunde-auth/partner';

type Space = components['schemas']['Space'];

/**
 * The first page of the user's spaces from the partner API once logged in
 * (and the number of parts of the access token: 3 for a JWT). Used by a
 * component that is mounted before the login state is known, so the request
 * goes out once, also under StrictMode's double mount in `next dev`.
 */
export function useSpaces() {
  const { status, getAccessToken } = useAuth();
  const api = usePartnerApi();
  const [spaces, setSpaces] = useState<Space[]>();
  const [tokenParts, setTokenParts] = useState(0);

  useEffect(() => {
    if (status !== 'in' || !api) return;
    getAccessToken().then((token) => setTokenParts(token.split('.').length));
    api.GET('/spaces', { params: { query: { page: 0, pageSize: 20 } } }).then(({ data }) => setSpaces(data?.spaces));
  }, [status, api, getAccessToken]);

  return { spaces, tokenParts };
}
