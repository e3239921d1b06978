// zaehlerfreunde-auth as pkg/ ships it: the .wasm a separate file, compiled
// while it streams in.
import { harness } from './common.js';
import { oursSdk } from './ours-sdk.js';

harness((cfg) => oursSdk(cfg, '/pkg/zaehlerfreunde_auth_bg.wasm'));
