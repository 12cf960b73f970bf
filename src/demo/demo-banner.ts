import { AppConfig } from '../config/app-config';
import { signToken } from '../shared/auth/token-signer';
import { DEMO, DEMO_MERCHANT } from './demo-checkouts';

/** A working day of trying things out; `npm run token` signs for as long by default. */
export const DEMO_TOKEN_TTL_SECONDS = 24 * 3600;

/**
 * What a newcomer needs to try every call at once: where Swagger UI is, ready tokens and the demo
 * checkout. Plain text on stdout, not a log line, so the tokens can be copied as they are.
 */
export function demoBanner(
  config: AppConfig,
  baseUrl: string,
  demoCheckoutVersion: number | undefined,
): string {
  const guest = signToken(
    { role: 'guest', sub: DEMO.shopperId, expiresInSeconds: DEMO_TOKEN_TTL_SECONDS },
    config.jwt,
  );
  const merchant = signToken(
    {
      role: 'merchant',
      sub: DEMO_MERCHANT.subject,
      channelId: DEMO.channelId,
      expiresInSeconds: DEMO_TOKEN_TTL_SECONDS,
    },
    config.jwt,
  );
  const hours = DEMO_TOKEN_TTL_SECONDS / 3600;
  const startOver =
    config.database.kind === 'embedded'
      ? `stop the service, delete ${config.database.dataDir} and start again`
      : 'delete the demo checkouts from the database';
  const lines = [
    '',
    `Demo mode (DEMO_SEED=false turns it off): checkouts of shopper "${DEMO.shopperId}" in channel ${DEMO.channelId}.`,
    `  Swagger UI     ${baseUrl}/docs  (Authorize with the guest token, Execute top to bottom;`,
    `                 the last operation, Create, needs the merchant token: Authorize, Logout, paste it)`,
    `  Checkout id    ${DEMO.checkoutId}`,
    `  Guest token    (sub ${DEMO.shopperId}, valid ${hours} h; may edit the demo checkouts)`,
    `    ${guest}`,
    `  Merchant token (sub ${DEMO_MERCHANT.subject}, channel ${DEMO.channelId}, valid ${hours} h; may also create checkouts)`,
    `    ${merchant}`,
  ];
  if (demoCheckoutVersion !== undefined && demoCheckoutVersion > 1) {
    lines.push(
      `  The demo checkout is at version ${demoCheckoutVersion} after earlier tries, so examples that`,
      `  send "version" now answer 409. To start over, ${startOver}.`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}
