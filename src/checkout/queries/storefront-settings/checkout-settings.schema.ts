import { getSchemaPath, SchemaObject } from '@nestjs/swagger';
import { SdkFormFieldsResponse } from './form-fields.response';

/**
 * The OpenAPI schema of the SDK's `Config`: its members in full where this service fills them in,
 * as objects where every value is empty or false (the SDK's types list them).
 */

const text = (example = '', description?: string): SchemaObject => ({
  type: 'string',
  example,
  ...(description === undefined ? {} : { description }),
});

const UNKNOWN_HERE = 'Not known to this service: every value empty or false.';

const currency: SchemaObject = {
  type: 'object',
  required: ['code', 'decimalPlaces', 'decimalSeparator', 'isTransactional', 'symbol'],
  properties: {
    code: text('USD', "The checkout's currency."),
    decimalPlaces: text('2', 'A string, as BigCommerce sends it.'),
    decimalSeparator: text('.'),
    isTransactional: { type: 'boolean', example: true },
    symbolLocation: text('left'),
    symbol: text('$'),
    thousandsSeparator: text(','),
  },
};

export const CHECKOUT_SETTINGS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['context', 'customization', 'storeConfig'],
  properties: {
    context: {
      type: 'object',
      required: ['checkoutId'],
      properties: {
        checkoutId: { type: 'string', format: 'uuid' },
        geoCountryCode: text(),
        flashMessages: { type: 'array', items: { type: 'object' }, example: [] },
        payment: { type: 'object', example: {} },
      },
    },
    customization: {
      type: 'object',
      properties: { languageData: { type: 'array', items: {}, example: [] } },
    },
    storeConfig: {
      type: 'object',
      required: ['checkoutSettings', 'currency', 'shopperCurrency', 'formFields'],
      properties: {
        checkoutSettings: {
          type: 'object',
          description:
            'True only where this service does the thing (`guestCheckoutEnabled`); every other setting false, empty or null.',
          properties: {
            guestCheckoutEnabled: { type: 'boolean', example: true },
            features: { type: 'object', additionalProperties: { type: 'boolean' }, example: {} },
          },
        },
        currency,
        shopperCurrency: {
          ...currency,
          required: [...(currency.required ?? []), 'exchangeRate'],
          properties: { ...currency.properties, exchangeRate: { type: 'number', example: 1 } },
        },
        formFields: { $ref: getSchemaPath(SdkFormFieldsResponse) },
        cdnPath: text(),
        imageDirectory: text(),
        inputDateFormat: text('dd/MM/yyyy'),
        displayDateFormat: text('dd/MM/yyyy'),
        isAngularDebuggingEnabled: { type: 'boolean', example: false },
        displaySettings: { type: 'object', description: UNKNOWN_HERE },
        links: { type: 'object', description: UNKNOWN_HERE },
        paymentSettings: { type: 'object', description: UNKNOWN_HERE },
        shopperConfig: { type: 'object', description: UNKNOWN_HERE },
        storeProfile: { type: 'object', description: UNKNOWN_HERE },
      },
    },
  },
};
