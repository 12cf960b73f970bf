import type { Config as SdkConfig } from '@bigcommerce/checkout-sdk';
import { aCheckout } from '../../../../test/support/checkout.fixtures';
import { toCheckoutSettingsResponse } from './checkout-settings.response';
import { formFields } from './form-fields';

describe('toCheckoutSettingsResponse', () => {
  it("answers the SDK's Config for the checkout, in the checkout's currency", () => {
    const checkout = aCheckout({ currency: 'EUR' });
    const config: SdkConfig = toCheckoutSettingsResponse(checkout.snapshot, formFields());

    expect(config.context).toEqual({
      checkoutId: checkout.id,
      geoCountryCode: '',
      flashMessages: [],
      payment: {},
    });
    expect(config.customization).toEqual({ languageData: [] });
    expect(config.storeConfig.currency).toEqual({
      code: 'EUR',
      decimalPlaces: '2',
      decimalSeparator: '.',
      isTransactional: true,
      symbolLocation: 'left',
      symbol: '€',
      thousandsSeparator: ',',
    });
    expect(config.storeConfig.shopperCurrency).toEqual({
      ...config.storeConfig.currency,
      exchangeRate: 1,
      isTransactional: true,
    });
    const { countries, ...sdkFormFields } = formFields();
    expect(countries.length).toBeGreaterThan(200);
    expect(config.storeConfig.formFields).toEqual(sdkFormFields);
    expect(config.storeConfig.formFields).not.toHaveProperty('countries');
    expect(config.storeConfig).toMatchObject({
      cdnPath: '',
      imageDirectory: '',
      inputDateFormat: 'dd/MM/yyyy',
      displayDateFormat: 'dd/MM/yyyy',
    });
  });

  it('takes decimal places and symbol from the currency, as a string', () => {
    const lineItems = [{ productId: 'sku-1', name: 'Espresso beans', quantity: 1, unitPrice: 5 }];
    const currencyOf = (code: string) =>
      toCheckoutSettingsResponse(aCheckout({ currency: code, lineItems }).snapshot, formFields())
        .storeConfig.currency;
    expect(currencyOf('JPY')).toMatchObject({ code: 'JPY', decimalPlaces: '0', symbol: '¥' });
    expect(currencyOf('KWD')).toMatchObject({ code: 'KWD', decimalPlaces: '3', symbol: 'KWD' });
    expect(currencyOf('USD')).toMatchObject({ code: 'USD', decimalPlaces: '2', symbol: '$' });
  });

  it('turns on only what the service does: guest checkout', () => {
    const { checkoutSettings } = toCheckoutSettingsResponse(
      aCheckout().snapshot,
      formFields(),
    ).storeConfig;
    const enabled = Object.entries(checkoutSettings)
      .filter(([, value]) => value === true)
      .map(([name]) => name);
    expect(enabled).toEqual(['guestCheckoutEnabled']);
    expect(checkoutSettings.features).toEqual({});
    expect(Object.values(checkoutSettings.checkoutUserExperienceSettings)).not.toContain(true);
  });

  it('claims nothing about the store it does not know', () => {
    const { storeConfig } = toCheckoutSettingsResponse(aCheckout().snapshot, formFields());
    const known = (value: unknown): boolean =>
      typeof value === 'object' && value !== null
        ? Object.values(value).some(known)
        : value !== '' && value !== false && value !== 0;
    for (const part of [
      storeConfig.storeProfile,
      storeConfig.links,
      storeConfig.displaySettings,
      storeConfig.paymentSettings,
      storeConfig.shopperConfig,
    ]) {
      expect(known(part)).toBe(false);
    }
  });
});
