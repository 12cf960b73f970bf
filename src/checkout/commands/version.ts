import { ValidationFailedException } from '../../shared/http/validation';

const ENTITY_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;

/**
 * The version a client expects, from the body's `version` and/or the `If-Match` header
 * (`"3"`, `3` or `W/"3"`; `*` means any). Both may be sent, but then they must agree.
 */
export function expectedVersion(
  bodyVersion: number | undefined,
  ifMatch: string | undefined,
): number | undefined {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined && ifMatch.trim() !== '*') {
    const match = ENTITY_TAG.exec(ifMatch.trim());
    if (!match) {
      throw new ValidationFailedException({
        'If-Match': ['If-Match must be a checkout version such as "3"'],
      });
    }
    headerVersion = Number(match[1]);
  }
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion) {
    throw new ValidationFailedException({
      version: ['version and If-Match name different versions'],
    });
  }
  return bodyVersion ?? headerVersion;
}

export const etag = (version: number): string => `"${version}"`;
