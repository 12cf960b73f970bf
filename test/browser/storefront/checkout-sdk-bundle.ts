import { resolve } from 'node:path';
import { build } from 'esbuild';

/** The global the bundle assigns: `window.CheckoutSdk.createCheckoutService`. */
export const SDK_GLOBAL = 'CheckoutSdk';

/**
 * BigCommerce's checkout SDK as a storefront would ship it: the published package, untouched,
 * bundled for the browser into one script. The package publishes ES modules that import their
 * dependencies by bare name, so a browser can only load it through a bundler.
 */
export async function bundleCheckoutSdk(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "export { createCheckoutService } from '@bigcommerce/checkout-sdk';",
      // Resolves the package from this repository's node_modules, as the storefront's build would.
      resolveDir: resolve(__dirname, '../../..'),
      sourcefile: 'checkout-sdk-entry.js',
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    globalName: SDK_GLOBAL,
    platform: 'browser',
    target: 'es2020',
    // Some of the SDK's dependencies branch on NODE_ENV, which only a bundler can answer in a browser.
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  });
  return result.outputFiles[0]!.text;
}
