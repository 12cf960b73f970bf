/**
 * Prints a signed bearer token for local use, with the key the service is configured with.
 *   npm run token -- --role guest --sub shopper-1
 *   npm run token -- --role customer --sub shopper-2 --email ann@example.com
 *   npm run token -- --role merchant --sub store-backend --channel 1
 */
import { parseArgs } from 'node:util';
import { AppConfig } from '../src/config/app-config';
import { validateEnvironment } from '../src/config/environment';
import { signToken } from '../src/shared/auth/token-signer';
import { Role } from '../src/checkout/domain/viewer';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'guest' },
    sub: { type: 'string', default: 'shopper-1' },
    channel: { type: 'string' },
    email: { type: 'string' },
    ttl: { type: 'string', default: '3600' },
  },
});

const role = values.role as Role;
if (!['guest', 'customer', 'merchant'].includes(role)) {
  console.error('--role must be guest, customer or merchant');
  process.exit(2);
}
const config = new AppConfig(validateEnvironment(process.env));
process.stdout.write(
  signToken(
    {
      role,
      sub: values.sub,
      channelId: role === 'merchant' ? Number(values.channel ?? 1) : undefined,
      email: role === 'customer' ? (values.email ?? `${values.sub}@example.com`) : undefined,
      expiresInSeconds: Number(values.ttl),
    },
    config.jwt,
  ) + '\n',
);
