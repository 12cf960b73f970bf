import { unreadableBody } from './body-encoding';

const withBody = { 'content-length': '12' };

describe('unreadableBody', () => {
  it('refuses a compressed body, and only one that is there', () => {
    for (const encoding of ['gzip', 'br', 'deflate', 'identity, gzip', 'x-custom']) {
      expect(unreadableBody({ ...withBody, 'content-encoding': encoding })).toMatch(
        /Content-Encoding/,
      );
    }
    expect(
      unreadableBody({ 'transfer-encoding': 'chunked', 'content-encoding': 'gzip' }),
    ).toBeDefined();
    expect(unreadableBody({ 'content-length': '0', 'content-encoding': 'gzip' })).toBeUndefined();
    expect(unreadableBody({ 'content-encoding': 'gzip' })).toBeUndefined();
  });

  it('accepts identity in any case', () => {
    for (const encoding of ['identity', 'IDENTITY', ' identity ', '']) {
      expect(unreadableBody({ ...withBody, 'content-encoding': encoding })).toBeUndefined();
    }
  });

  it('refuses JSON in a charset other than UTF-8', () => {
    for (const contentType of [
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'Application/JSON;charset="ISO-8859-1"',
      'application/json; charset=utf8',
      'application/json; charset=',
    ]) {
      expect(unreadableBody({ ...withBody, 'content-type': contentType })).toMatch(/UTF-8/);
    }
  });

  it('accepts UTF-8 spelled any way, no charset, and leaves other media types to the parser', () => {
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'application/json; charset="utf-8"',
      'application/json; foo=bar',
      'text/plain; charset=latin1',
      'application/problem+json; charset=latin1',
    ]) {
      expect(unreadableBody({ ...withBody, 'content-type': contentType })).toBeUndefined();
    }
    expect(unreadableBody({})).toBeUndefined();
  });
});
