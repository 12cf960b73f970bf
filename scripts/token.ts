/**
 * Prints a signed bearer token for local use, with the key the service is configured with. The
 * defaults are those of the demo banner's tokens: guest `shopper-1`, merchant `store-backend` of
 * channel 1, valid 24 hours (`--ttl` in seconds).
 *   npm run -s token -- --role guest --sub shopper-1
 *   npm run -s token -- --role customer --sub shopper-2 --email ann@example.com
 *   npm run -s token -- --role merchant --channel 1
 */
import { parseArgs } from 'node:util';
import { AppConfig } from '../src/config/app-config';
import { validateEnvironment } from '../src/config/environment';
import { signToken } from '../src/shared/auth/token-signer';
import { Role } from '../src/shared/domain/viewer';
import { DEMO_TOKEN_TTL_SECONDS } from '../src/demo/demo-banner';
import { DEMO, DEMO_MERCHANT } from '../src/demo/demo-checkouts';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'guest' },
    sub: { type: 'string' },
    channel: { type: 'string' },
    email: { type: 'string' },
    ttl: { type: 'string', default: String(DEMO_TOKEN_TTL_SECONDS) },
  },
});

const role = values.role as Role;
if (!['guest', 'customer', 'merchant'].includes(role)) {
  console.error('--role must be guest, customer or merchant');
  process.exit(2);
}
const sub = values.sub ?? (role === 'merchant' ? DEMO_MERCHANT.subject : DEMO.shopperId);
const config = new AppConfig(validateEnvironment(process.env));
process.stdout.write(
  signToken(
    {
      role,
      sub,
      channelId: role === 'merchant' ? Number(values.channel ?? DEMO.channelId) : undefined,
      email: role === 'customer' ? (values.email ?? `${sub}@example.com`) : undefined,
      expiresInSeconds: Number(values.ttl),
    },
    config.jwt,
  ) + '\n',
);
